#pragma once
// Asia/Tokyo civil time: the time zone of every business rule (UTC+9, no daylight saving time,
// none since 1951). Pure arithmetic; the calendar of business days is libs/calendar's job.

#include <chrono>
#include <string>

#include "libs/core/instant.hpp"

namespace opsdesk::core {

inline constexpr std::chrono::hours kTokyoUtcOffset{9};

struct TokyoCivilTime {
  std::chrono::year_month_day date;
  std::chrono::weekday weekday;
  std::chrono::microseconds time_of_day;  // since local midnight
};

TokyoCivilTime to_tokyo(Instant at);

// The instant as RFC 3339 text in Tokyo's offset: "2026-12-03T22:38:00+09:00" (a fraction
// when there is one). The form every answer of the API writes instants in: the same instant as
// the UTC text, readable by the desk as it stands.
std::string format_tokyo_rfc3339(Instant at);

// "2026-12-10 09:05": Tokyo's wall clock to the minute (seconds dropped), as people in the
// centre read a time on a report or a terminal.
std::string format_tokyo_minute(Instant at);

// The instant at which Tokyo's wall clock shows `time_of_day` on `date`.
Instant from_tokyo(std::chrono::year_month_day date, std::chrono::microseconds time_of_day);

}  // namespace opsdesk::core
