#pragma once
// A public holiday as opsdesk names it, and the span of years the calendar knows. Plain data:
// where holidays come from is holiday_rules.hpp (the law) and holiday_file.hpp (the override).

#include <chrono>
#include <string>

namespace opsdesk::calendar {

// The rules are written out for these years; outside them the calendar refuses to answer
// rather than guess (the equinox formula's constants change after 2099).
inline constexpr std::chrono::year kFirstYear{1955};
inline constexpr std::chrono::year kLastYear{2099};

struct Holiday {
  std::chrono::year_month_day date;
  std::string name;  // Japanese, e.g. "元日", "振替休日"

  friend bool operator==(const Holiday&, const Holiday&) = default;
};

inline bool within_calendar_years(std::chrono::year y) { return y >= kFirstYear && y <= kLastYear; }

}  // namespace opsdesk::calendar
