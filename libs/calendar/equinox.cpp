#include "libs/calendar/equinox.hpp"

#include <cstdint>

namespace opsdesk::calendar {

namespace {

// day = floor(base + 0.242194 * (Y - 1980) - floor((Y - leap_anchor) / 4)), in millionths so that
// the arithmetic is exact: a floating-point 20.999999 must never become the 20th.
// The inner quotient truncates toward zero, as the published formula (and C++ division) does;
// for 1900-1979 that is what makes e.g. 1960's vernal equinox the 20th.
constexpr std::int64_t kScale = 1'000'000;
constexpr std::int64_t kTropicalYearDrift = 242'194;  // 0.242194 days per year

struct Constants {
  std::int64_t base;  // millionths of a day
  int leap_anchor;
};

std::chrono::day equinox(std::chrono::year year, Constants before_1980, Constants from_1980) {
  const int y = static_cast<int>(year);
  const Constants c = y < 1980 ? before_1980 : from_1980;
  const std::int64_t leap_days = (y - c.leap_anchor) / 4;
  const std::int64_t micro_days = c.base + kTropicalYearDrift * (y - 1980) - leap_days * kScale;
  return std::chrono::day{static_cast<unsigned>(micro_days / kScale)};
}

}  // namespace

std::chrono::day vernal_equinox_day(std::chrono::year year) {
  return equinox(year, {20'835'700, 1983}, {20'843'100, 1980});
}

std::chrono::day autumnal_equinox_day(std::chrono::year year) {
  return equinox(year, {23'258'800, 1983}, {23'248'800, 1980});
}

}  // namespace opsdesk::calendar
