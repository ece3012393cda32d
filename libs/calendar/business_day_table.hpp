#pragma once
// Which Tokyo dates of 1955-2099 are business days, precomputed once with a running count, so
// that "how many business days before this one" and "which is the k-th" cost one array access
// and one binary search: the hot path of every SLA clock never walks day by day, never
// allocates. Business days follow 行政機関の休日に関する法律: not Saturday or Sunday, not a
// holiday, not Dec 29 - Jan 3; then configured extra closures and extra working days.

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "libs/calendar/holiday_table.hpp"

namespace opsdesk::calendar {

// Days since 1955-01-01, the first day of the table.
using DayIndex = std::int32_t;

class BusinessDayTable {
 public:
  static constexpr std::chrono::sys_days kFirstDay{kFirstYear / std::chrono::January / 1};
  static constexpr std::chrono::sys_days kEndDay{(kLastYear + std::chrono::years{1}) /
                                                 std::chrono::January / 1};
  static constexpr DayIndex kDayCount = static_cast<DayIndex>((kEndDay - kFirstDay).count());

  // Refuses dates outside 1955-2099 and a date that is both an extra closure and an extra
  // working day.
  static std::expected<BusinessDayTable, std::string> create(
      const HolidayTable& holidays, const std::vector<std::chrono::year_month_day>& extra_closures,
      const std::vector<std::chrono::year_month_day>& extra_working_days);

  // -1 outside the table.
  static DayIndex index_of(std::chrono::sys_days date) {
    const auto offset = (date - kFirstDay).count();
    return offset >= 0 && offset < kDayCount ? static_cast<DayIndex>(offset) : -1;
  }
  static std::chrono::sys_days date_of(DayIndex index) {
    return kFirstDay + std::chrono::days{index};
  }

  // index in [0, kDayCount).
  bool is_business_day(DayIndex index) const { return before_[index + 1] != before_[index]; }
  // Business days in [0, index); index in [0, kDayCount].
  std::int32_t business_days_before(DayIndex index) const { return before_[index]; }
  // The index of the business day that has `count` business days before it (count >= 0), or
  // kDayCount when the table ends first. Searches from `from_index` on: callers pass a day they
  // know is not later, which keeps the search short for short spans.
  DayIndex business_day_with_count(std::int32_t count, DayIndex from_index = 0) const;
  std::int32_t total_business_days() const { return before_.back(); }

 private:
  explicit BusinessDayTable(std::vector<std::int32_t> before) : before_(std::move(before)) {}

  // before_[i] = business days among the first i days; kDayCount + 1 entries.
  std::vector<std::int32_t> before_;
};

}  // namespace opsdesk::calendar
