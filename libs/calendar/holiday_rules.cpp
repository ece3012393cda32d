#include "libs/calendar/holiday_rules.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "libs/calendar/equinox.hpp"

namespace opsdesk::calendar {

namespace {

using namespace std::chrono;

enum class DayKind { fixed, nth_monday, vernal_equinox, autumnal_equinox };

struct DayRule {
  DayKind kind;
  unsigned month = 0;
  unsigned day_or_n = 0;  // day of the month (fixed) or which Monday (nth_monday)
};

constexpr DayRule fixed(unsigned m, unsigned d) { return {DayKind::fixed, m, d}; }
constexpr DayRule nth_monday(unsigned m, unsigned n) { return {DayKind::nth_monday, m, n}; }
constexpr DayRule kVernalEquinox{DayKind::vernal_equinox};
constexpr DayRule kAutumnalEquinox{DayKind::autumnal_equinox};

// A holiday's day as one law fixed it for a span of years (both ends included). A holiday whose
// rule changed has one row per rule; the 2020 and 2021 Olympic moves are rows of one year.
struct NamedHolidayRule {
  std::string_view name;
  int first_year;
  int last_year;
  DayRule day;
};

// 1948: the law itself; kInForce: the rule still holds.
constexpr int kInForce = 2099;

constexpr std::array kNamedHolidays{
    NamedHolidayRule{"元日", 1948, kInForce, fixed(1, 1)},
    NamedHolidayRule{"成人の日", 1948, 1999, fixed(1, 15)},
    NamedHolidayRule{"成人の日", 2000, kInForce, nth_monday(1, 2)},  // Happy Monday (2000)
    NamedHolidayRule{"建国記念の日", 1967, kInForce, fixed(2, 11)},
    NamedHolidayRule{"天皇誕生日", 1948, 1988, fixed(4, 29)},      // Shōwa
    NamedHolidayRule{"天皇誕生日", 1989, 2018, fixed(12, 23)},     // Heisei; none in 2019
    NamedHolidayRule{"天皇誕生日", 2020, kInForce, fixed(2, 23)},  // Reiwa
    NamedHolidayRule{"春分の日", 1948, kInForce, kVernalEquinox},
    NamedHolidayRule{"みどりの日", 1989, 2006, fixed(4, 29)},
    NamedHolidayRule{"昭和の日", 2007, kInForce, fixed(4, 29)},
    NamedHolidayRule{"憲法記念日", 1948, kInForce, fixed(5, 3)},
    NamedHolidayRule{"みどりの日", 2007, kInForce, fixed(5, 4)},
    NamedHolidayRule{"こどもの日", 1948, kInForce, fixed(5, 5)},
    NamedHolidayRule{"海の日", 1996, 2002, fixed(7, 20)},
    NamedHolidayRule{"海の日", 2003, 2019, nth_monday(7, 3)},  // Happy Monday (2003)
    NamedHolidayRule{"海の日", 2020, 2020, fixed(7, 23)},      // Olympics
    NamedHolidayRule{"海の日", 2021, 2021, fixed(7, 22)},      // Olympics, postponed
    NamedHolidayRule{"海の日", 2022, kInForce, nth_monday(7, 3)},
    NamedHolidayRule{"山の日", 2016, 2019, fixed(8, 11)},
    NamedHolidayRule{"山の日", 2020, 2020, fixed(8, 10)},
    NamedHolidayRule{"山の日", 2021, 2021, fixed(8, 8)},
    NamedHolidayRule{"山の日", 2022, kInForce, fixed(8, 11)},
    NamedHolidayRule{"敬老の日", 1966, 2002, fixed(9, 15)},
    NamedHolidayRule{"敬老の日", 2003, kInForce, nth_monday(9, 3)},  // Happy Monday (2003)
    NamedHolidayRule{"秋分の日", 1948, kInForce, kAutumnalEquinox},
    NamedHolidayRule{"体育の日", 1966, 1999, fixed(10, 10)},
    NamedHolidayRule{"体育の日", 2000, 2019, nth_monday(10, 2)},  // Happy Monday (2000)
    NamedHolidayRule{"スポーツの日", 2020, 2020, fixed(7, 24)},   // renamed 2020; Olympics
    NamedHolidayRule{"スポーツの日", 2021, 2021, fixed(7, 23)},
    NamedHolidayRule{"スポーツの日", 2022, kInForce, nth_monday(10, 2)},
    NamedHolidayRule{"文化の日", 1948, kInForce, fixed(11, 3)},
    NamedHolidayRule{"勤労感謝の日", 1948, kInForce, fixed(11, 23)},
};

// Days made holidays by a law of their own. They count as holidays for the citizens'-holiday
// rule: that is how 2019-04-30 and 2019-05-02 became holidays around 2019-05-01.
struct OneOffHoliday {
  year_month_day date;
  std::string_view name;
};

const std::array kOneOffHolidays{
    OneOffHoliday{1959y / 4 / 10, "皇太子明仁親王の結婚の儀"},
    OneOffHoliday{1989y / 2 / 24, "昭和天皇の大喪の礼"},
    OneOffHoliday{1990y / 11 / 12, "即位礼正殿の儀"},
    OneOffHoliday{1993y / 6 / 9, "皇太子徳仁親王の結婚の儀"},
    OneOffHoliday{2019y / 5 / 1, "天皇の即位の日"},
    OneOffHoliday{2019y / 10 / 22, "即位礼正殿の儀の行われる日"},
};

constexpr std::string_view kSubstituteHoliday = "振替休日";
constexpr std::string_view kCitizensHoliday = "国民の休日";

// Substitute holidays exist for holidays falling on a Sunday from 1973-04-12; until 2006 the
// substitute is the Monday, from 2007 the first following day that is not itself a holiday.
constexpr sys_days kSubstitutesFrom{1973y / 4 / 12};
constexpr sys_days kSubstituteSkipsHolidaysFrom{2007y / 1 / 1};
// A day between two holidays is a holiday from 1985-12-27; until 2006 not when it is a Sunday
// or a substitute holiday.
constexpr sys_days kCitizensHolidayFrom{1985y / 12 / 27};
constexpr sys_days kCitizensHolidayOnAnyDayFrom{2007y / 1 / 1};

year_month_day day_of(const DayRule& rule, year y) {
  switch (rule.kind) {
    case DayKind::fixed:
      return y / month{rule.month} / day{rule.day_or_n};
    case DayKind::nth_monday:
      return year_month_day{sys_days{y / month{rule.month} / Monday[rule.day_or_n]}};
    case DayKind::vernal_equinox:
      return y / March / vernal_equinox_day(y);
    case DayKind::autumnal_equinox:
      return y / September / autumnal_equinox_day(y);
  }
  return {};
}

bool contains(const std::vector<Holiday>& holidays, sys_days d) {
  return std::any_of(holidays.begin(), holidays.end(),
                     [&](const Holiday& h) { return sys_days{h.date} == d; });
}

// The holidays the law names (祝日), one-off days included: the days the two derived rules
// (substitute and citizens' holidays) are computed from.
std::vector<Holiday> named_holidays(year y) {
  std::vector<Holiday> out;
  const int year_number = static_cast<int>(y);
  for (const auto& rule : kNamedHolidays) {
    if (year_number >= rule.first_year && year_number <= rule.last_year) {
      out.push_back({day_of(rule.day, y), std::string(rule.name)});
    }
  }
  for (const auto& one_off : kOneOffHolidays) {
    if (one_off.date.year() == y) out.push_back({one_off.date, std::string(one_off.name)});
  }
  return out;
}

std::vector<Holiday> substitute_holidays(const std::vector<Holiday>& named) {
  std::vector<Holiday> out;
  for (const auto& holiday : named) {
    const sys_days date{holiday.date};
    if (date < kSubstitutesFrom || weekday{date} != Sunday) continue;
    sys_days substitute = date + days{1};
    if (date >= kSubstituteSkipsHolidaysFrom) {
      while (contains(named, substitute)) substitute += days{1};
    } else if (contains(named, substitute)) {
      continue;  // the Monday is a holiday anyway; the old rule gave no other day
    }
    out.push_back({year_month_day{substitute}, std::string(kSubstituteHoliday)});
  }
  return out;
}

std::vector<Holiday> citizens_holidays(const std::vector<Holiday>& named,
                                       const std::vector<Holiday>& substitutes) {
  std::vector<Holiday> out;
  for (const auto& holiday : named) {
    const sys_days between = sys_days{holiday.date} + days{1};
    if (between < kCitizensHolidayFrom) continue;
    if (!contains(named, between + days{1}) || contains(named, between) ||
        contains(substitutes, between))
      continue;
    if (between < kCitizensHolidayOnAnyDayFrom && weekday{between} == Sunday) continue;
    out.push_back({year_month_day{between}, std::string(kCitizensHoliday)});
  }
  return out;
}

}  // namespace

std::vector<Holiday> statutory_holidays(year y) {
  std::vector<Holiday> holidays = named_holidays(y);
  const auto substitutes = substitute_holidays(holidays);
  const auto citizens = citizens_holidays(holidays, substitutes);
  holidays.insert(holidays.end(), substitutes.begin(), substitutes.end());
  holidays.insert(holidays.end(), citizens.begin(), citizens.end());
  std::sort(holidays.begin(), holidays.end(),
            [](const Holiday& a, const Holiday& b) { return sys_days{a.date} < sys_days{b.date}; });
  return holidays;
}

}  // namespace opsdesk::calendar
