#include "libs/calendar/business_calendar.hpp"

#include <algorithm>

#include "libs/core/tokyo_time.hpp"

namespace opsdesk::calendar {

namespace {

using namespace std::chrono;

// More working time than the whole table holds: anything beyond it lands after 2099.
constexpr microseconds kMaxWorkingTime = days{BusinessDayTable::kDayCount};

core::Instant tokyo_instant(DayIndex day, microseconds time_of_day) {
  return core::Instant{BusinessDayTable::date_of(day) + time_of_day - core::kTokyoUtcOffset};
}

}  // namespace

std::expected<BusinessCalendar, std::string> BusinessCalendar::create(Options options) {
  auto schedules = merge_schedules(options.schedules);
  if (!schedules) return std::unexpected(schedules.error());
  HolidayTable holidays(std::move(options.holiday_overrides));
  auto days =
      BusinessDayTable::create(holidays, options.extra_closures, options.extra_working_days);
  if (!days) return std::unexpected(days.error());
  return BusinessCalendar(std::move(holidays), std::move(*days), std::move(*schedules));
}

BusinessCalendar BusinessCalendar::standard() {
  auto calendar = create({});
  // Nothing in an empty Options can be wrong.
  return std::move(*calendar);
}

bool BusinessCalendar::covers(year_month_day date) {
  return date.ok() && BusinessDayTable::index_of(sys_days{date}) >= 0;
}

bool BusinessCalendar::covers(core::Instant at) { return locate(at).has_value(); }

const Schedule* BusinessCalendar::find_schedule(std::string_view name) const {
  const auto found = std::find_if(schedules_.begin(), schedules_.end(),
                                  [&](const Schedule& s) { return s.name == name; });
  return found == schedules_.end() ? nullptr : &*found;
}

std::string BusinessCalendar::schedule_names() const {
  std::string names;
  for (const auto& schedule : schedules_) names += (names.empty() ? "" : ", ") + schedule.name;
  return names;
}

// ---- business days ----

std::expected<bool, errc> BusinessCalendar::is_business_day(year_month_day date) const {
  const DayIndex day = BusinessDayTable::index_of(sys_days{date});
  if (day < 0) return std::unexpected(errc::out_of_range);
  return days_.is_business_day(day);
}

std::expected<year_month_day, errc> BusinessCalendar::next_business_day(year_month_day date) const {
  const DayIndex day = BusinessDayTable::index_of(sys_days{date});
  if (day < 0) return std::unexpected(errc::out_of_range);
  const DayIndex next = days_.business_day_with_count(days_.business_days_before(day + 1), day + 1);
  if (next == BusinessDayTable::kDayCount) return std::unexpected(errc::out_of_range);
  return year_month_day{BusinessDayTable::date_of(next)};
}

std::expected<year_month_day, errc> BusinessCalendar::previous_business_day(
    year_month_day date) const {
  const DayIndex day = BusinessDayTable::index_of(sys_days{date});
  if (day < 0) return std::unexpected(errc::out_of_range);
  const std::int32_t before = days_.business_days_before(day);
  if (before == 0) return std::unexpected(errc::out_of_range);
  return year_month_day{BusinessDayTable::date_of(days_.business_day_with_count(before - 1))};
}

std::expected<year_month_day, errc> BusinessCalendar::nth_business_day(year_month month,
                                                                       int n) const {
  if (!month.ok()) return std::unexpected(errc::out_of_range);
  const DayIndex first_day = BusinessDayTable::index_of(sys_days{month / 1});
  const DayIndex last_day = BusinessDayTable::index_of(sys_days{month / std::chrono::last});
  if (first_day < 0 || last_day < 0) return std::unexpected(errc::out_of_range);
  const std::int32_t before_month = days_.business_days_before(first_day);
  const std::int32_t in_month = days_.business_days_before(last_day + 1) - before_month;
  if (n == 0 || n > in_month || -n > in_month) return std::unexpected(errc::no_such_business_day);
  const std::int32_t count = before_month + (n > 0 ? n - 1 : in_month + n);
  return year_month_day{BusinessDayTable::date_of(days_.business_day_with_count(count, first_day))};
}

std::expected<int, errc> BusinessCalendar::count_business_days(year_month_day first,
                                                               year_month_day last) const {
  const DayIndex from = BusinessDayTable::index_of(sys_days{first});
  const DayIndex to = BusinessDayTable::index_of(sys_days{last});
  if (from < 0 || to < 0) return std::unexpected(errc::out_of_range);
  if (to < from) return std::unexpected(errc::from_after_to);
  return days_.business_days_before(to + 1) - days_.business_days_before(from);
}

std::expected<std::vector<year_month_day>, errc> BusinessCalendar::business_days(
    year_month_day first, year_month_day last) const {
  auto count = count_business_days(first, last);
  if (!count) return std::unexpected(count.error());
  std::vector<year_month_day> out;
  out.reserve(static_cast<std::size_t>(*count));
  for (DayIndex day = BusinessDayTable::index_of(sys_days{first});
       day <= BusinessDayTable::index_of(sys_days{last}); ++day) {
    if (days_.is_business_day(day)) out.emplace_back(BusinessDayTable::date_of(day));
  }
  return out;
}

// ---- business time ----

std::expected<BusinessCalendar::Position, errc> BusinessCalendar::locate(core::Instant at) {
  const auto local = at + core::kTokyoUtcOffset;
  const auto local_day = floor<days>(local);
  const DayIndex day = BusinessDayTable::index_of(local_day);
  if (day < 0) return std::unexpected(errc::out_of_range);
  return Position{day, local - local_day};
}

bool BusinessCalendar::works_on(DayIndex day, const Schedule& schedule) const {
  return schedule.every_day || days_.is_business_day(day);
}

std::int32_t BusinessCalendar::working_days_before(DayIndex day, const Schedule& schedule) const {
  return schedule.every_day ? day : days_.business_days_before(day);
}

DayIndex BusinessCalendar::working_day_with_count(std::int32_t count, DayIndex from_day,
                                                  const Schedule& schedule) const {
  if (schedule.every_day) return std::min(count, BusinessDayTable::kDayCount);
  return days_.business_day_with_count(count, from_day);
}

microseconds BusinessCalendar::working_time_before(Position at, const Schedule& schedule) const {
  const microseconds daily = schedule.daily_length();
  microseconds today{0};
  if (works_on(at.day, schedule))
    today = std::clamp<microseconds>(at.time_of_day - schedule.opens, microseconds{0}, daily);
  return working_days_before(at.day, schedule) * daily + today;
}

std::expected<core::Instant, errc> BusinessCalendar::instant_at(microseconds elapsed,
                                                                DayIndex from_day,
                                                                const Schedule& schedule) const {
  // The (q+1)-th working day holds the end of `elapsed`, `into_day` after its opening; writing it
  // with elapsed - 1 makes an amount that fills whole days end at a closing time (18:00), not
  // at the next opening.
  const microseconds daily = schedule.daily_length();
  const auto q = static_cast<std::int32_t>((elapsed - microseconds{1}) / daily);
  const microseconds into_day = elapsed - q * daily;
  const DayIndex day = working_day_with_count(q, from_day, schedule);
  if (day == BusinessDayTable::kDayCount) return std::unexpected(errc::out_of_range);
  return tokyo_instant(day, schedule.opens + into_day);
}

std::expected<microseconds, errc> BusinessCalendar::business_duration(
    core::Instant from, core::Instant to, const Schedule& schedule) const {
  const auto start = locate(from);
  const auto end = locate(to);
  if (!start || !end) return std::unexpected(errc::out_of_range);
  if (to < from) return std::unexpected(errc::from_after_to);
  return working_time_before(*end, schedule) - working_time_before(*start, schedule);
}

std::expected<core::Instant, errc> BusinessCalendar::add_business_time(
    core::Instant from, microseconds amount, const Schedule& schedule) const {
  const auto start = locate(from);
  if (!start) return std::unexpected(errc::out_of_range);
  if (amount < microseconds{0}) return std::unexpected(errc::negative_duration);
  if (amount == microseconds{0}) return from;
  if (amount > kMaxWorkingTime) return std::unexpected(errc::out_of_range);
  return instant_at(working_time_before(*start, schedule) + amount, start->day, schedule);
}

std::expected<bool, errc> BusinessCalendar::is_within_business_hours(
    core::Instant at, const Schedule& schedule) const {
  const auto position = locate(at);
  if (!position) return std::unexpected(position.error());
  return works_on(position->day, schedule) && position->time_of_day >= schedule.opens &&
         position->time_of_day < schedule.closes;
}

std::expected<core::Instant, errc> BusinessCalendar::clock_start(core::Instant at,
                                                                 const Schedule& schedule) const {
  auto within = is_within_business_hours(at, schedule);
  if (!within) return std::unexpected(within.error());
  if (*within) return at;
  // Outside working hours the coordinate sits on a whole number of working days, q: counting
  // starts at the opening of the working day that has q before it.
  const auto position = locate(at);
  const auto q =
      static_cast<std::int32_t>(working_time_before(*position, schedule) / schedule.daily_length());
  const DayIndex day = working_day_with_count(q, position->day, schedule);
  if (day == BusinessDayTable::kDayCount) return std::unexpected(errc::out_of_range);
  return tokyo_instant(day, schedule.opens);
}

std::expected<core::Instant, errc> BusinessCalendar::end_of_business_day(
    year_month_day date, const Schedule& schedule) const {
  const DayIndex day = BusinessDayTable::index_of(sys_days{date});
  if (day < 0) return std::unexpected(errc::out_of_range);
  if (!works_on(day, schedule)) return std::unexpected(errc::not_a_business_day);
  return tokyo_instant(day, schedule.closes);
}

}  // namespace opsdesk::calendar
