#include "libs/sla/settings_version.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

#include "libs/calendar/date_text.hpp"

namespace opsdesk::sla {

namespace {

using std::chrono::year_month_day;

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2040;
constexpr std::size_t kMaxCalendarLines = 20;

// FNV-1a, 64 bits: stable across builds and machines (std::hash is not).
std::string fingerprint(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::string thresholds_text(const std::vector<int>& thresholds) {
  std::string text;
  for (int t : thresholds) {
    // Appended: GCC 12 warns falsely (-Wrestrict) on "/" + std::to_string(t) at -O2.
    if (!text.empty()) text += '/';
    text += std::to_string(t);
  }
  return text;
}

// The fields of a row that change figures or reports, by name.
std::map<std::string, std::string> fields_of(const SlaDefinition& d) {
  return {{"kind", std::string(to_string(d.kind))},
          {"goal", d.goal_text},
          {"schedule", d.schedule},
          {"thresholds", thresholds_text(d.thresholds)},
          {"label_ja", d.label_ja},
          {"label_en", d.label_en},
          {"content_ja", d.content_ja},
          {"measurement_ja", d.measurement_ja},
          {"target_ja", d.target_ja}};
}

std::string canonical_definitions(const SlaDefinitions& definitions) {
  std::string text;
  for (const auto& row : definitions.rows) {
    text += row.id + "\n";
    for (const auto& [name, value] : fields_of(row)) text += " " + name + "=" + value + "\n";
  }
  return text;
}

void describe_definitions(const SlaDefinitions& before, const SlaDefinitions& after,
                          std::vector<std::string>& out) {
  std::map<std::string, const SlaDefinition*> old_rows, new_rows;
  for (const auto& row : before.rows) old_rows[row.id] = &row;
  for (const auto& row : after.rows) new_rows[row.id] = &row;
  for (const auto& [id, row] : old_rows)
    if (!new_rows.contains(id)) out.push_back("definition " + id + " removed");
  for (const auto& [id, row] : new_rows) {
    auto old = old_rows.find(id);
    if (old == old_rows.end()) {
      out.push_back("definition " + id + " added (" + std::string(to_string(row->kind)) +
                    ", goal " + row->goal_text + ")");
      continue;
    }
    const auto was = fields_of(*old->second);
    for (const auto& [name, value] : fields_of(*row))
      if (was.at(name) != value)
        out.push_back(id + " " + name + ": " + was.at(name) + " -> " + value);
  }
}

// "2026-11-23 closed" -> date text and status.
std::pair<std::string, std::string> split_exception(const std::string& entry) {
  const auto space = entry.find(' ');
  return {entry.substr(0, space), space == std::string::npos ? "" : entry.substr(space + 1)};
}

void describe_calendar(const SettingsSnapshot& before, const SettingsSnapshot& after,
                       std::vector<std::string>& out) {
  std::map<std::string, std::string> was, now;
  for (const auto& e : before.calendar_exceptions) was.insert(split_exception(e));
  for (const auto& e : after.calendar_exceptions) now.insert(split_exception(e));
  std::set<std::string> dates;
  for (const auto& [date, status] : was) dates.insert(date);
  for (const auto& [date, status] : now) dates.insert(date);
  std::vector<std::string> lines;
  for (const auto& date : dates) {
    // A date missing from a list has its ordinary status (weekdays work, weekends do not).
    auto status_in = [&](const std::map<std::string, std::string>& list) -> std::string {
      auto found = list.find(date);
      return found == list.end() ? "ordinary" : found->second;
    };
    const auto before_status = status_in(was);
    const auto after_status = status_in(now);
    if (before_status != after_status)
      lines.push_back("calendar " + date + ": " + before_status + " -> " + after_status);
  }
  for (std::size_t i = 0; i < std::min(lines.size(), kMaxCalendarLines); ++i)
    out.push_back(lines[i]);
  if (lines.size() > kMaxCalendarLines)
    out.push_back("calendar: and " + std::to_string(lines.size() - kMaxCalendarLines) +
                  " more dates");

  std::set<std::string> old_schedules(before.schedules.begin(), before.schedules.end());
  std::set<std::string> new_schedules(after.schedules.begin(), after.schedules.end());
  for (const auto& s : old_schedules)
    if (!new_schedules.contains(s)) out.push_back("schedule removed or changed: " + s);
  for (const auto& s : new_schedules)
    if (!old_schedules.contains(s)) out.push_back("schedule added or changed: " + s);
}

}  // namespace

std::string SettingsSnapshot::definitions_fingerprint() const {
  return fingerprint(canonical_definitions(definitions));
}

std::string SettingsSnapshot::calendar_fingerprint() const {
  std::string text;
  for (const auto& e : calendar_exceptions) text += e + "\n";
  for (const auto& s : schedules) text += s + "\n";
  return fingerprint(text);
}

SettingsSnapshot snapshot_settings(std::string definitions_yaml, SlaDefinitions definitions,
                                   const calendar::BusinessCalendar& calendar) {
  SettingsSnapshot snapshot{std::move(definitions_yaml), std::move(definitions), {}, {}};
  const std::chrono::sys_days first{std::chrono::year{kFirstYear} / 1 / 1};
  const std::chrono::sys_days last{std::chrono::year{kLastYear} / 12 / 31};
  for (auto day = first; day <= last; day += std::chrono::days{1}) {
    const year_month_day date{day};
    const std::chrono::weekday weekday{day};
    const bool weekend = weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
    const bool works = calendar.is_business_day(date).value_or(!weekend);
    if (works == !weekend) continue;
    snapshot.calendar_exceptions.push_back(calendar::format_iso_date(date) +
                                           (works ? " working" : " closed"));
  }
  for (const auto& schedule : calendar.schedules())
    snapshot.schedules.push_back(schedule.name + " " + calendar::describe_hours(schedule));
  std::sort(snapshot.schedules.begin(), snapshot.schedules.end());
  return snapshot;
}

std::vector<std::string> describe_changes(const SettingsSnapshot& before,
                                          const SettingsSnapshot& after) {
  std::vector<std::string> out;
  describe_definitions(before.definitions, after.definitions, out);
  describe_calendar(before, after, out);
  return out;
}

}  // namespace opsdesk::sla
