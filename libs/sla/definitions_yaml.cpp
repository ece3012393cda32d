#include "libs/sla/definitions_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>
#include <utility>

#include "libs/core/duration_text.hpp"

namespace opsdesk::sla {

namespace {

constexpr std::string_view kWithinSchedule = "within schedule";
constexpr std::string_view kPerBusinessDay = " per business day";

bool is_cadence(TargetKind kind) {
  return kind == TargetKind::progress_cadence || kind == TargetKind::ops_report_cadence;
}
bool is_hours(TargetKind kind) {
  return kind == TargetKind::response_hours || kind == TargetKind::operating_hours ||
         kind == TargetKind::reception_hours;
}

bool is_identifier(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// One row's fields, with the row named in every message.
class RowReader {
 public:
  RowReader(const YAML::Node& node, std::size_t index) : node_(node), index_(index) {}

  std::string where(std::string_view field) const {
    return "sla definitions: row " + std::to_string(index_ + 1) +
           (id_.empty() ? "" : " (" + id_ + ")") + ", field '" + std::string(field) + "'";
  }
  void set_id(std::string id) { id_ = std::move(id); }

  std::expected<std::string, std::string> text(std::string_view field, bool required = true) const {
    const auto value = node_[std::string(field)];
    if (!value) {
      if (!required) return std::string{};
      return std::unexpected(where(field) + " is missing");
    }
    if (!value.IsScalar()) return std::unexpected(where(field) + " must be text");
    return value.as<std::string>();
  }

  std::expected<std::vector<int>, std::string> thresholds() const {
    const auto value = node_["thresholds"];
    if (!value) return std::vector<int>{50, 75, 100};
    const auto problem = where("thresholds") +
                         " must be a list of ascending whole percentages between 1 and 1000, "
                         "e.g. [50, 75, 100]";
    if (!value.IsSequence() || value.size() == 0) return std::unexpected(problem);
    std::vector<int> out;
    for (const auto& item : value) {
      int percent = 0;
      try {
        percent = item.as<int>();
      } catch (const YAML::Exception&) {
        return std::unexpected(problem);
      }
      if (percent < 1 || percent > 1000 || (!out.empty() && percent <= out.back()))
        return std::unexpected(problem);
      out.push_back(percent);
    }
    return out;
  }

 private:
  const YAML::Node& node_;
  std::size_t index_;
  std::string id_;
};

std::expected<SlaDefinition, std::string> parse_row(const YAML::Node& node, std::size_t index,
                                                    const calendar::BusinessCalendar& calendar) {
  RowReader row(node, index);
  if (!node.IsMap()) return std::unexpected(row.where("") + ": a row must be a mapping");
  SlaDefinition d;
  auto id = row.text("id");
  if (!id) return std::unexpected(id.error());
  if (!is_identifier(*id))
    return std::unexpected(
        row.where("id") + " must be lower-case letters, digits and underscores, got '" + *id + "'");
  d.id = *id;
  row.set_id(d.id);

  for (auto [field, target] : {std::pair{"label_ja", &d.label_ja}, {"label_en", &d.label_en}}) {
    auto value = row.text(field);
    if (!value) return std::unexpected(value.error());
    *target = *value;
  }
  for (auto [field, target] : {std::pair{"content_ja", &d.content_ja},
                               {"measurement_ja", &d.measurement_ja},
                               {"target_ja", &d.target_ja}}) {
    auto value = row.text(field, false);
    if (!value) return std::unexpected(value.error());
    *target = *value;
  }

  auto kind_text = row.text("kind");
  if (!kind_text) return std::unexpected(kind_text.error());
  auto kind = target_kind_from(*kind_text);
  if (!kind)
    return std::unexpected(row.where("kind") + " is '" + *kind_text +
                           "'; allowed: " + target_kind_names());
  d.kind = *kind;

  auto goal = row.text("goal");
  if (!goal) return std::unexpected(goal.error());
  d.goal_text = *goal;
  if (d.kind == TargetKind::first_notice) {
    auto duration = core::parse_duration_text(*goal);
    if (!duration) return std::unexpected(row.where("goal") + ": " + duration.error());
    d.goal_duration = *duration;
  } else if (is_cadence(d.kind)) {
    const std::string_view text = *goal;
    int count = 0;
    const bool shaped = text.ends_with(kPerBusinessDay) && text.size() > kPerBusinessDay.size() &&
                        std::all_of(text.begin(), text.end() - kPerBusinessDay.size(), [](char c) {
                          return std::isdigit(static_cast<unsigned char>(c));
                        });
    if (shaped)
      count = std::stoi(std::string(text.substr(0, text.size() - kPerBusinessDay.size())));
    if (!shaped || count < 1 || count > 24)
      return std::unexpected(row.where("goal") + " is '" + *goal + "'; a " +
                             std::string(to_string(d.kind)) +
                             " goal is 'N per business day' with N from 1 to 24");
    d.reports_per_business_day = count;
  } else if (is_hours(d.kind) && *goal != kWithinSchedule) {
    return std::unexpected(row.where("goal") + " is '" + *goal + "'; a " +
                           std::string(to_string(d.kind)) + " goal is 'within schedule'");
  }

  auto schedule = row.text("schedule", false);
  if (!schedule) return std::unexpected(schedule.error());
  if (!schedule->empty()) d.schedule = *schedule;
  if (calendar.find_schedule(d.schedule) == nullptr)
    return std::unexpected(row.where("schedule") + " is '" + d.schedule +
                           "'; the calendar has: " + calendar.schedule_names());

  auto thresholds = row.thresholds();
  if (!thresholds) return std::unexpected(thresholds.error());
  d.thresholds = *thresholds;
  return d;
}

}  // namespace

std::expected<SlaDefinitions, std::string> parse_sla_definitions(
    std::string_view yaml_text, const calendar::BusinessCalendar& calendar) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return std::unexpected("sla definitions: not valid YAML: " + std::string(e.what()));
  }
  if (!root.IsMap())
    return std::unexpected(
        "sla definitions: the document must be a mapping with a list 'definitions'");
  const auto list = root["definitions"];
  if (!list || !list.IsSequence() || list.size() == 0)
    return std::unexpected("sla definitions: the document needs a non-empty list 'definitions'");
  SlaDefinitions out;
  std::set<std::string> ids;
  std::set<TargetKind> kinds;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto row = parse_row(list[i], i, calendar);
    if (!row) return std::unexpected(row.error());
    if (!ids.insert(row->id).second)
      return std::unexpected("sla definitions: id '" + row->id + "' appears twice");
    if (!kinds.insert(row->kind).second)
      return std::unexpected("sla definitions: kind '" + std::string(to_string(row->kind)) +
                             "' appears twice (row " + row->id + "); each kind is one row");
    out.rows.push_back(std::move(*row));
  }
  return out;
}

SlaDefinitions default_sla_definitions() {
  static const SlaDefinitions defaults = [] {
    auto parsed = parse_sla_definitions(default_sla_definitions_yaml(),
                                        calendar::BusinessCalendar::standard());
    // The built-in file is tested; failing here means the build embedded a broken file.
    if (!parsed) throw std::logic_error("built-in " + parsed.error());
    return std::move(*parsed);
  }();
  return defaults;
}

}  // namespace opsdesk::sla
