#pragma once
// Named schedules: which hours of which days count as working time, Asia/Tokyo wall clock.
// One window per day; a schedule either follows the business days (business, centre_room) or
// runs every calendar day (24x7). Values only: the arithmetic is BusinessCalendar's.

#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::calendar {

struct Schedule {
  std::string name;
  std::chrono::minutes opens;   // since Tokyo midnight
  std::chrono::minutes closes;  // after opens; at most 24:00
  bool every_day = false;       // true: every calendar day counts; false: business days only

  std::chrono::minutes daily_length() const { return closes - opens; }
  friend bool operator==(const Schedule&, const Schedule&) = default;
};

// SLA clocks and reception hours (別表1: weekdays 9:00-18:00); the default everywhere.
inline constexpr std::string_view kBusinessSchedule = "business";
// When the centre's machine room may be entered.
inline constexpr std::string_view kCentreRoomSchedule = "centre_room";
// Wall-clock time, for rules that do not pause outside business hours. Not configurable.
inline constexpr std::string_view kRoundTheClockSchedule = "24x7";

// business 09:00-18:00, centre_room 09:00-17:45, 24x7.
std::vector<Schedule> default_schedules();

// "name=HH:MM-HH:MM", a schedule on business days; the name is lower-case letters, digits and
// underscores. The error says what is wrong and what is allowed.
std::expected<Schedule, std::string> parse_schedule(std::string_view spec);
// Comma-separated schedules, e.g. "business=08:30-17:30,night_desk=18:00-22:00"; empty is none.
std::expected<std::vector<Schedule>, std::string> parse_schedule_list(std::string_view specs);

// The defaults with each of `configured` replacing the default of its name or added to them.
// Refuses a redefined 24x7 and a name configured twice.
std::expected<std::vector<Schedule>, std::string> merge_schedules(
    const std::vector<Schedule>& configured);

// "09:00-18:00", or "24x7" for a schedule that runs every day around the clock.
std::string describe_hours(const Schedule& schedule);

}  // namespace opsdesk::calendar
