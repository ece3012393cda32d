#include "libs/core/tokyo_time.hpp"

namespace opsdesk::core {

using namespace std::chrono;

TokyoCivilTime to_tokyo(Instant at) {
  const auto local = at + kTokyoUtcOffset;
  const auto day = floor<days>(local);
  return TokyoCivilTime{year_month_day{day}, weekday{day}, local - day};
}

std::string format_tokyo_rfc3339(Instant at) {
  // The UTC text of the wall clock's reading, with the offset for its "Z".
  std::string text = format_rfc3339(at + kTokyoUtcOffset);
  text.pop_back();
  return text + "+09:00";
}

std::string format_tokyo_minute(Instant at) {
  // "YYYY-MM-DDTHH:MM" of the wall clock's reading, with a space for the "T".
  std::string text = format_rfc3339(floor<minutes>(at) + kTokyoUtcOffset).substr(0, 16);
  text[10] = ' ';
  return text;
}

Instant from_tokyo(year_month_day date, microseconds time_of_day) {
  return Instant{sys_days{date} + time_of_day - kTokyoUtcOffset};
}

}  // namespace opsdesk::core
