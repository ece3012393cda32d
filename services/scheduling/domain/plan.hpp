#pragma once
// A task's occurrences on the business calendar: its recurrence dates (recurrence.hpp) under the
// version that governs each, shifted off closed days by the calendar rule (skip, the previous or
// the next business day), merged when shifts put several on one day, with their planned start,
// end and due time (business time after the start, on the `business` schedule). Pure: the
// calendar is given.

#include <chrono>
#include <expected>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/instant.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling {

struct PlannedOccurrence {
  std::string id;  // "<task id>-<YYYYMMDD>" of the first recurrence date it covers
  std::string task_id;
  Date recurrence_date{};    // unshifted: names the occurrence
  std::vector<Date> covers;  // the recurrence dates merged into it, itself first
  Date day{};                // the business day it is planned on
  std::string kind;
  std::string title;
  std::vector<std::string> tenants;  // association codes
  std::string owner;
  core::Instant planned_start{};
  core::Instant planned_end{};
  core::Instant due_at{};
  // Due before the task was defined in opsdesk: nobody could have recorded it, so it is not
  // overdue (status not_recorded) and the overdue watch leaves it alone.
  bool due_before_definition = false;
  bool operator==(const PlannedOccurrence&) const = default;
};

// The task's occurrences planned on days in [first, last], by planned start. Fails only for a
// rule libical cannot expand (never one the decider accepted) or a calendar without the
// `business` schedule.
std::expected<std::vector<PlannedOccurrence>, std::string> plan_occurrences(
    const TaskState& task, const calendar::BusinessCalendar& calendar, Date first, Date last);

// One occurrence of the task by its unshifted recurrence date, as planned now; nullopt when the
// task does not recur on that date, or that recurrence is skipped or merged into another.
std::optional<PlannedOccurrence> planned_occurrence(const TaskState& task,
                                                    const calendar::BusinessCalendar& calendar,
                                                    Date recurrence_date);

// The due time of work starting at `start`: `due_within` of business time later.
std::expected<core::Instant, std::string> due_time(const calendar::BusinessCalendar& calendar,
                                                   core::Instant start,
                                                   std::chrono::minutes due_within);

}  // namespace opsdesk::scheduling
