#pragma once
// The holidays opsdesk goes by, 1955-2099: the law's rules, except for the years an override
// file lists, which it replaces whole (the Cabinet Office file lists every holiday of each year
// it covers, so a year is either all rules or all file, never a mix). Built once at start.

#include <chrono>
#include <set>
#include <span>
#include <vector>

#include "libs/calendar/holiday.hpp"

namespace opsdesk::calendar {

class HolidayTable {
 public:
  // The rules alone.
  HolidayTable();
  // The rules, with each year that has an entry in `overrides` taken from `overrides` instead.
  // Entries must lie within 1955-2099 and name each date once (parse_holiday_file ensures it).
  explicit HolidayTable(std::vector<Holiday> overrides);

  // Sorted by date; empty outside 1955-2099.
  std::span<const Holiday> in_year(std::chrono::year y) const;
  // nullptr when `date` is not a holiday.
  const Holiday* find(std::chrono::year_month_day date) const;
  bool is_overridden(std::chrono::year y) const { return overridden_years_.contains(y); }

 private:
  std::vector<Holiday> holidays_;           // every year, sorted by date
  std::vector<std::size_t> first_of_year_;  // index into holidays_ per year, plus one past the end
  std::set<std::chrono::year> overridden_years_;
};

}  // namespace opsdesk::calendar
