#include "services/scheduling/domain/recurrence.hpp"

#include <libical/ical.h>

#include <memory>

namespace opsdesk::scheduling {

namespace {

using std::chrono::year_month_day;

// libical aborts on its own errors unless told otherwise; once, before the first rule is read.
struct LibicalSetup {
  LibicalSetup() { icalerror_set_errors_are_fatal(0); }
};

void ensure_setup() { static const LibicalSetup setup; }

std::optional<icalrecurrencetype> read_rule(std::string_view rrule) {
  ensure_setup();
  const std::string text(rrule);
  const auto rule = icalrecurrencetype_from_string(text.c_str());
  // The result says whether it parsed; icalerrno is libical's global and not ours to trust.
  if (rule.freq == ICAL_NO_RECURRENCE) return std::nullopt;
  return rule;
}

icaltimetype ical_date(year_month_day date) {
  // icaltime_null_date() leaves the time fields at -1, which makes libical repeat the first
  // date of a rule with COUNT; a null time marked as a date does not.
  icaltimetype t = icaltime_null_time();
  t.year = static_cast<int>(date.year());
  t.month = static_cast<int>(static_cast<unsigned>(date.month()));
  t.day = static_cast<int>(static_cast<unsigned>(date.day()));
  t.is_date = 1;
  return t;
}

year_month_day date_of(const icaltimetype& t) {
  return year_month_day{std::chrono::year{t.year},
                        std::chrono::month{static_cast<unsigned>(t.month)},
                        std::chrono::day{static_cast<unsigned>(t.day)}};
}

bool has_any(const short* values) { return values[0] != ICAL_RECURRENCE_ARRAY_MAX; }

}  // namespace

std::optional<std::string> rrule_problem(std::string_view rrule) {
  if (rrule.empty()) return "is required: an iCalendar RRULE such as FREQ=MONTHLY;BYMONTHDAY=23";
  if (rrule.starts_with("RRULE:"))
    return "is the rule's value without the \"RRULE:\" prefix, e.g. FREQ=WEEKLY;BYDAY=MO";
  const auto rule = read_rule(rrule);
  if (!rule)
    return "is not an iCalendar RRULE (RFC 5545) that can be read, e.g. FREQ=MONTHLY;BYMONTHDAY=23 "
           "or FREQ=MONTHLY;BYDAY=-1FR";
  switch (rule->freq) {
    case ICAL_DAILY_RECURRENCE:
    case ICAL_WEEKLY_RECURRENCE:
    case ICAL_MONTHLY_RECURRENCE:
    case ICAL_YEARLY_RECURRENCE:
      break;
    default:
      return "must recur by days: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY";
  }
  if (has_any(rule->by_hour) || has_any(rule->by_minute) || has_any(rule->by_second))
    return "must not name hours, minutes or seconds (BYHOUR, BYMINUTE, BYSECOND): the time of day "
           "is the task's time_of_day";
  return std::nullopt;
}

std::expected<std::vector<year_month_day>, std::string> recurrence_dates(std::string_view rrule,
                                                                         year_month_day dtstart,
                                                                         year_month_day first,
                                                                         year_month_day last) {
  if (auto problem = rrule_problem(rrule)) return std::unexpected("rrule " + *problem);
  const auto rule = *read_rule(rrule);
  std::vector<year_month_day> dates;
  if (std::chrono::sys_days{last} < std::chrono::sys_days{dtstart}) return dates;
  std::unique_ptr<icalrecur_iterator, decltype(&icalrecur_iterator_free)> it(
      icalrecur_iterator_new(rule, ical_date(dtstart)), &icalrecur_iterator_free);
  if (!it) return std::unexpected(std::string("rrule cannot be expanded by libical"));
  // From dtstart, always: INTERVAL and COUNT count from there (libical 3.0's
  // icalrecur_iterator_set_start, which would skip ahead, repeats dates and can loop forever).
  for (;;) {
    const auto next = icalrecur_iterator_next(it.get());
    if (icaltime_is_null_time(next)) break;
    const auto date = date_of(next);
    if (std::chrono::sys_days{date} > std::chrono::sys_days{last}) break;
    if (std::chrono::sys_days{date} >= std::chrono::sys_days{first}) dates.push_back(date);
  }
  return dates;
}

}  // namespace opsdesk::scheduling
