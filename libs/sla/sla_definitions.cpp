#include "libs/sla/sla_definitions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "libs/core/quoted.hpp"

namespace opsdesk::sla {

namespace {

constexpr std::array<std::pair<TargetKind, std::string_view>, 6> kKindNames{{
    {TargetKind::first_notice, "first_notice"},
    {TargetKind::progress_cadence, "progress_cadence"},
    {TargetKind::response_hours, "response_hours"},
    {TargetKind::operating_hours, "operating_hours"},
    {TargetKind::ops_report_cadence, "ops_report_cadence"},
    {TargetKind::reception_hours, "reception_hours"},
}};

}  // namespace

std::string_view to_string(TargetKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "unknown";
}

std::optional<TargetKind> target_kind_from(std::string_view text) {
  for (const auto& [kind, name] : kKindNames)
    if (name == text) return kind;
  return std::nullopt;
}

std::string target_kind_names() {
  std::string out;
  for (const auto& [kind, name] : kKindNames) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

const SlaDefinition* SlaDefinitions::find(TargetKind kind) const {
  for (const auto& row : rows)
    if (row.kind == kind) return &row;
  return nullptr;
}

std::expected<std::chrono::microseconds, std::string> parse_goal_duration(std::string_view text) {
  const auto problem = [&] {
    return std::unexpected(core::quoted(text) +
                           " is not a duration; write hours, minutes and seconds such as 1h30m, "
                           "45m or 2h (more than zero, at most 9999h)");
  };
  std::chrono::microseconds total{0};
  std::size_t i = 0;
  std::string units_seen;
  while (i < text.size()) {
    std::size_t digits = 0;
    long long value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 7) {
      value = value * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || i >= text.size()) return problem();
    const char unit = text[i++];
    const std::string order = "hms";
    const auto rank = order.find(unit);
    if (rank == std::string::npos) return problem();
    if (!units_seen.empty() && order.find(units_seen.back()) >= rank) return problem();
    units_seen += unit;
    const long long seconds = unit == 'h' ? value * 3600 : unit == 'm' ? value * 60 : value;
    total += std::chrono::seconds(seconds);
  }
  if (total <= std::chrono::microseconds{0} || total > std::chrono::hours(9999)) return problem();
  return total;
}

}  // namespace opsdesk::sla
