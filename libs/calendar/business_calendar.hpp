#pragma once
// The one answer to every "business time" question in opsdesk: business days, named schedules
// and the arithmetic on them, exact to the microsecond. Pure and immutable once built: no
// clock, no I/O, thread-safe to share. Time arithmetic never allocates (the SLA read models
// call it per event); day listings and construction may.
//
// Clamping, the way an SLA clock counts: business time between two instants is the working time
// of the schedule that lies between them, so an instant outside working hours counts as the
// next opening (a fault detected Saturday 23:00 starts counting Monday 09:00).

#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "libs/calendar/business_day_table.hpp"
#include "libs/calendar/errc.hpp"
#include "libs/calendar/holiday_table.hpp"
#include "libs/calendar/schedule.hpp"
#include "libs/core/instant.hpp"

namespace opsdesk::calendar {

class BusinessCalendar {
 public:
  struct Options {
    std::vector<Holiday> holiday_overrides;  // years listed here replace the rules' (HolidayTable)
    std::vector<std::chrono::year_month_day> extra_closures;      // otherwise business days
    std::vector<std::chrono::year_month_day> extra_working_days;  // otherwise closed
    std::vector<Schedule> schedules;  // replace or add to default_schedules()
  };

  // The error says which option is wrong and why, for a one-line start-up message.
  static std::expected<BusinessCalendar, std::string> create(Options options);
  // The law's holidays, no extras, the default schedules.
  static BusinessCalendar standard();

  // Whether a date or instant lies in 1955-01-01 .. 2099-12-31, Tokyo time: every question
  // about one outside answers out_of_range.
  static bool covers(std::chrono::year_month_day date);
  static bool covers(core::Instant at);

  const HolidayTable& holidays() const { return holidays_; }
  const std::vector<Schedule>& schedules() const { return schedules_; }
  // nullptr for a name no schedule has.
  const Schedule* find_schedule(std::string_view name) const;
  // "business, centre_room, 24x7": for messages naming what is allowed.
  std::string schedule_names() const;

  // ---- business days (Tokyo dates) ----
  std::expected<bool, errc> is_business_day(std::chrono::year_month_day date) const;
  // The first business day after `date` / the last one before it.
  std::expected<std::chrono::year_month_day, errc> next_business_day(
      std::chrono::year_month_day date) const;
  std::expected<std::chrono::year_month_day, errc> previous_business_day(
      std::chrono::year_month_day date) const;
  // n = 1 is the first business day of the month, n = -1 the last; no_such_business_day when
  // the month has fewer than |n| (or n is 0).
  std::expected<std::chrono::year_month_day, errc> nth_business_day(std::chrono::year_month month,
                                                                    int n) const;
  // Business days from `first` to `last`, both included.
  std::expected<int, errc> count_business_days(std::chrono::year_month_day first,
                                               std::chrono::year_month_day last) const;
  std::expected<std::vector<std::chrono::year_month_day>, errc> business_days(
      std::chrono::year_month_day first, std::chrono::year_month_day last) const;

  // ---- business time on a schedule (instants) ----
  // The schedule's working time in [from, to). from_after_to when to < from.
  std::expected<std::chrono::microseconds, errc> business_duration(core::Instant from,
                                                                   core::Instant to,
                                                                   const Schedule& schedule) const;
  // The earliest instant by which `amount` of working time has passed since `from`. Zero gives
  // `from` itself; an amount that ends exactly at a closing time gives the closing time (18:00),
  // not the next opening: business_duration(from, result) == amount always.
  std::expected<core::Instant, errc> add_business_time(core::Instant from,
                                                       std::chrono::microseconds amount,
                                                       const Schedule& schedule) const;
  // Opening time included, closing time excluded.
  std::expected<bool, errc> is_within_business_hours(core::Instant at,
                                                     const Schedule& schedule) const;
  // Where a clock started at `at` begins counting: `at` itself within working hours, else the
  // next opening.
  std::expected<core::Instant, errc> clock_start(core::Instant at, const Schedule& schedule) const;
  // The closing instant of a working day of the schedule; not_a_business_day for other days.
  std::expected<core::Instant, errc> end_of_business_day(std::chrono::year_month_day date,
                                                         const Schedule& schedule) const;

 private:
  BusinessCalendar(HolidayTable holidays, BusinessDayTable days, std::vector<Schedule> schedules)
      : holidays_(std::move(holidays)), days_(std::move(days)), schedules_(std::move(schedules)) {}

  // An instant as a day of the table and Tokyo wall-clock time on it.
  struct Position {
    DayIndex day;
    std::chrono::microseconds time_of_day;
  };
  static std::expected<Position, errc> locate(core::Instant at);
  bool works_on(DayIndex day, const Schedule& schedule) const;
  std::int32_t working_days_before(DayIndex day, const Schedule& schedule) const;
  // The day with `count` working days of the schedule before it (kDayCount if none); not
  // earlier than `from_day`.
  DayIndex working_day_with_count(std::int32_t count, DayIndex from_day,
                                  const Schedule& schedule) const;
  // The schedule's working time from the start of the table to `at`: a monotone coordinate in
  // which business durations are differences and additions are sums.
  std::chrono::microseconds working_time_before(Position at, const Schedule& schedule) const;
  // The first instant at which `elapsed` (> 0) of working time has passed since the table began.
  std::expected<core::Instant, errc> instant_at(std::chrono::microseconds elapsed,
                                                DayIndex from_day, const Schedule& schedule) const;

  HolidayTable holidays_;
  BusinessDayTable days_;
  std::vector<Schedule> schedules_;
};

}  // namespace opsdesk::calendar
