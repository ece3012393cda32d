#pragma once
// Asia/Tokyo civil time: the time zone of every business rule (UTC+9, no daylight saving time,
// none since 1951). Pure arithmetic; the calendar of business days is libs/calendar's job.

#include <chrono>

#include "libs/core/instant.hpp"

namespace opsdesk::core {

inline constexpr std::chrono::hours kTokyoUtcOffset{9};

struct TokyoCivilTime {
  std::chrono::year_month_day date;
  std::chrono::weekday weekday;
  std::chrono::microseconds time_of_day;  // since local midnight
};

TokyoCivilTime to_tokyo(Instant at);

// The instant at which Tokyo's wall clock shows `time_of_day` on `date`.
Instant from_tokyo(std::chrono::year_month_day date, std::chrono::microseconds time_of_day);

}  // namespace opsdesk::core
