#pragma once
// Recurrence rules (RFC 5545 RRULE) read and expanded by libical: which dates a task recurs on.
// Only dates: the time of day, the business calendar's shift and the due time are the plan's
// (plan.hpp). Pure: no I/O, no clock; safe to call from any thread.

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::scheduling {

// What is wrong with an RRULE for a task, in words for a 422; nullopt when libical reads it and
// it recurs by days (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY; no BYHOUR, BYMINUTE or BYSECOND:
// a task's time of day is its own field).
std::optional<std::string> rrule_problem(std::string_view rrule);

// The dates the rule recurs on from `dtstart`, those in [first, last] (both included), in order.
// Fails, with libical's reason, for a rule rrule_problem() refuses.
std::expected<std::vector<std::chrono::year_month_day>, std::string> recurrence_dates(
    std::string_view rrule, std::chrono::year_month_day dtstart, std::chrono::year_month_day first,
    std::chrono::year_month_day last);

}  // namespace opsdesk::scheduling
