#include "libs/calendar/holiday_table.hpp"

#include <algorithm>

#include "libs/calendar/holiday_rules.hpp"

namespace opsdesk::calendar {

namespace {

using namespace std::chrono;

std::size_t year_slot(year y) {
  return static_cast<std::size_t>(static_cast<int>(y) - static_cast<int>(kFirstYear));
}

bool earlier(const Holiday& a, const Holiday& b) { return sys_days{a.date} < sys_days{b.date}; }

}  // namespace

HolidayTable::HolidayTable() : HolidayTable(std::vector<Holiday>{}) {}

HolidayTable::HolidayTable(std::vector<Holiday> overrides) {
  std::sort(overrides.begin(), overrides.end(), earlier);
  for (const auto& holiday : overrides) overridden_years_.insert(holiday.date.year());

  for (year y = kFirstYear; y <= kLastYear; ++y) {
    first_of_year_.push_back(holidays_.size());
    if (is_overridden(y)) {
      for (const auto& holiday : overrides) {
        if (holiday.date.year() == y) holidays_.push_back(holiday);
      }
    } else {
      auto from_rules = statutory_holidays(y);
      holidays_.insert(holidays_.end(), std::make_move_iterator(from_rules.begin()),
                       std::make_move_iterator(from_rules.end()));
    }
  }
  first_of_year_.push_back(holidays_.size());
}

std::span<const Holiday> HolidayTable::in_year(year y) const {
  if (!within_calendar_years(y)) return {};
  const auto slot = year_slot(y);
  return std::span<const Holiday>(holidays_).subspan(
      first_of_year_[slot], first_of_year_[slot + 1] - first_of_year_[slot]);
}

const Holiday* HolidayTable::find(year_month_day date) const {
  const auto year_holidays = in_year(date.year());
  const auto found =
      std::lower_bound(year_holidays.begin(), year_holidays.end(), Holiday{date, {}}, earlier);
  return found != year_holidays.end() && found->date == date ? &*found : nullptr;
}

}  // namespace opsdesk::calendar
