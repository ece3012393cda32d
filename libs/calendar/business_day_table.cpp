#include "libs/calendar/business_day_table.hpp"

#include <algorithm>

#include "libs/calendar/date_text.hpp"

namespace opsdesk::calendar {

namespace {

using namespace std::chrono;

// The year-end and new-year closure of government offices (行政機関の休日に関する法律 第1条).
bool in_year_end_closure(year_month_day date) {
  return (date.month() == December && date.day() >= day{29}) ||
         (date.month() == January && date.day() <= day{3});
}

bool in(const std::vector<year_month_day>& dates, year_month_day date) {
  return std::find(dates.begin(), dates.end(), date) != dates.end();
}

}  // namespace

std::expected<BusinessDayTable, std::string> BusinessDayTable::create(
    const HolidayTable& holidays, const std::vector<year_month_day>& extra_closures,
    const std::vector<year_month_day>& extra_working_days) {
  for (const auto* dates : {&extra_closures, &extra_working_days}) {
    for (const auto& date : *dates) {
      if (index_of(sys_days{date}) < 0) {
        return std::unexpected(format_iso_date(date) +
                               " is outside the calendar (1955-01-01 to 2099-12-31)");
      }
    }
  }
  for (const auto& date : extra_closures) {
    if (in(extra_working_days, date)) {
      return std::unexpected(format_iso_date(date) +
                             " is both an extra closure and an extra working day");
    }
  }

  std::vector<std::int32_t> before(static_cast<std::size_t>(kDayCount) + 1, 0);
  for (DayIndex i = 0; i < kDayCount; ++i) {
    const sys_days day_point = date_of(i);
    const year_month_day date{day_point};
    const weekday wd{day_point};
    bool business = wd != Saturday && wd != Sunday && holidays.find(date) == nullptr &&
                    !in_year_end_closure(date);
    if (in(extra_closures, date)) business = false;
    if (in(extra_working_days, date)) business = true;
    before[static_cast<std::size_t>(i) + 1] =
        before[static_cast<std::size_t>(i)] + (business ? 1 : 0);
  }
  return BusinessDayTable(std::move(before));
}

DayIndex BusinessDayTable::business_day_with_count(std::int32_t count, DayIndex from_index) const {
  // The wanted day d is the first with before_[d + 1] == count + 1 (counts only grow).
  const auto first = before_.begin() + from_index + 1;
  const auto found = std::lower_bound(first, before_.end(), count + 1);
  if (found == before_.end()) return kDayCount;
  return static_cast<DayIndex>(found - before_.begin()) - 1;
}

}  // namespace opsdesk::calendar
