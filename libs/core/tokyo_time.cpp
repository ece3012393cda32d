#include "libs/core/tokyo_time.hpp"

namespace opsdesk::core {

using namespace std::chrono;

TokyoCivilTime to_tokyo(Instant at) {
  const auto local = at + kTokyoUtcOffset;
  const auto day = floor<days>(local);
  return TokyoCivilTime{year_month_day{day}, weekday{day}, local - day};
}

Instant from_tokyo(year_month_day date, microseconds time_of_day) {
  return Instant{sys_days{date} + time_of_day - kTokyoUtcOffset};
}

}  // namespace opsdesk::core
