#include "services/scheduling/domain/plan.hpp"

#include <algorithm>

#include "libs/core/tokyo_time.hpp"
#include "services/scheduling/domain/recurrence.hpp"
#include "services/scheduling/domain/vocabulary.hpp"

namespace opsdesk::scheduling {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

// The furthest a shift moves a recurrence: the year-end closure (12/29–1/3) with the weekends
// around it and a holiday after it is under ten days; recurrences this far outside the window
// are expanded too, so one shifted into it (or merged with one in it) is found.
constexpr days kShiftMargin{21};

// Where a recurrence lands: its own date on a business day, else as the calendar rule says;
// nullopt for a skipped one or a date outside the calendar.
std::optional<Date> shifted(const calendar::BusinessCalendar& calendar, Date date,
                            const std::string& rule) {
  auto open = calendar.is_business_day(date);
  if (!open) return std::nullopt;
  if (*open) return date;
  if (rule == kPreviousBusinessDay) {
    auto day = calendar.previous_business_day(date);
    return day ? std::optional<Date>(*day) : std::nullopt;
  }
  if (rule == kNextBusinessDay) {
    auto day = calendar.next_business_day(date);
    return day ? std::optional<Date>(*day) : std::nullopt;
  }
  return std::nullopt;  // skip
}

struct Recurrence {
  Date date;
  Date day;
  const TaskVersion* version;
  const std::vector<std::string>* tenants;  // the version's association codes
};

// Every planned recurrence in [from, to] (unshifted dates) with the day it lands on.
std::expected<std::vector<Recurrence>, std::string> recurrences(
    const TaskState& task, const calendar::BusinessCalendar& calendar, Date from, Date to,
    const std::vector<std::vector<std::string>>& codes) {
  std::vector<Recurrence> found;
  for (std::size_t i = 0; i < task.versions.size(); ++i) {
    const auto& version = task.versions[i];
    // This version governs [its effective date, the next one's).
    Date first = std::max(sys_days{from}, sys_days{version.rule.effective_from});
    Date last = to;
    if (i + 1 < task.versions.size())
      last = std::min(sys_days{to}, sys_days{task.versions[i + 1].rule.effective_from} - days{1});
    if (sys_days{last} < sys_days{first}) continue;
    auto dates = recurrence_dates(version.rule.rrule, version.rule.dtstart, first, last);
    if (!dates) return std::unexpected(dates.error());
    for (const auto date : *dates) {
      if (!task.plans_on(date)) continue;
      if (auto day = shifted(calendar, date, version.rule.calendar_rule))
        found.push_back({date, *day, &version, &codes[i]});
    }
  }
  return found;
}

std::expected<PlannedOccurrence, std::string> planned(const TaskState& task,
                                                      const calendar::BusinessCalendar& calendar,
                                                      const Recurrence& r) {
  const auto& v = *r.version;
  PlannedOccurrence o;
  o.id = occurrence_id_of(task.id, r.date);
  o.task_id = task.id;
  o.recurrence_date = r.date;
  o.covers = {r.date};
  o.day = r.day;
  o.kind = v.kind;
  o.title = v.title;
  o.tenants = *r.tenants;
  o.owner = v.owner;
  o.planned_start = core::from_tokyo(r.day, v.rule.time_of_day);
  o.planned_end = o.planned_start + v.rule.duration;
  auto due = due_time(calendar, o.planned_start, v.rule.due_within);
  if (!due) return std::unexpected(due.error());
  o.due_at = *due;
  o.due_before_definition = o.due_at < task.defined_at;
  return o;
}

// Recurrences by day, each day's first naming the occurrence and the rest merged into it.
std::expected<std::vector<PlannedOccurrence>, std::string> merged(
    const TaskState& task, const calendar::BusinessCalendar& calendar,
    std::vector<Recurrence> found) {
  std::ranges::stable_sort(found, {}, [](const Recurrence& r) { return sys_days{r.day}; });
  std::vector<PlannedOccurrence> occurrences;
  for (const auto& r : found) {
    if (!occurrences.empty() && occurrences.back().day == r.day) {
      occurrences.back().covers.push_back(r.date);
      continue;
    }
    auto o = planned(task, calendar, r);
    if (!o) return std::unexpected(o.error());
    occurrences.push_back(std::move(*o));
  }
  return occurrences;
}

}  // namespace

std::expected<core::Instant, std::string> due_time(const calendar::BusinessCalendar& calendar,
                                                   core::Instant start,
                                                   std::chrono::minutes due_within) {
  const auto* business = calendar.find_schedule("business");
  if (business == nullptr)
    return std::unexpected(std::string("the calendar has no `business` schedule"));
  auto due = calendar.add_business_time(start, due_within, *business);
  if (!due) return std::unexpected(std::string("the due time lies outside the business calendar"));
  return *due;
}

std::expected<std::vector<PlannedOccurrence>, std::string> plan_occurrences(
    const TaskState& task, const calendar::BusinessCalendar& calendar, Date first, Date last) {
  if (!task.exists() || task.versions.empty()) return std::vector<PlannedOccurrence>{};
  // all_centre spelled out once per version, not once per occurrence.
  std::vector<std::vector<std::string>> codes;
  for (const auto& version : task.versions) codes.push_back(concerned_codes(version.tenants));
  auto found = recurrences(task, calendar, sys_days{first} - kShiftMargin,
                           sys_days{last} + kShiftMargin, codes);
  if (!found) return std::unexpected(found.error());
  auto all = merged(task, calendar, std::move(*found));
  if (!all) return all;
  std::erase_if(*all, [&](const PlannedOccurrence& o) {
    return sys_days{o.day} < sys_days{first} || sys_days{o.day} > sys_days{last};
  });
  return all;
}

std::optional<PlannedOccurrence> planned_occurrence(const TaskState& task,
                                                    const calendar::BusinessCalendar& calendar,
                                                    Date recurrence_date) {
  const auto* version = task.version_on(recurrence_date);
  if (version == nullptr || !task.plans_on(recurrence_date)) return std::nullopt;
  const auto day = shifted(calendar, recurrence_date, version->rule.calendar_rule);
  if (!day) return std::nullopt;
  auto around = plan_occurrences(task, calendar, *day, *day);
  if (!around) return std::nullopt;
  for (auto& o : *around) {
    if (o.recurrence_date == recurrence_date) return std::move(o);
  }
  return std::nullopt;
}

}  // namespace opsdesk::scheduling
