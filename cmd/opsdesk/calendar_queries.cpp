#include "cmd/opsdesk/calendar_queries.hpp"

#include <charconv>
#include <cstdio>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::cli {

namespace {

using namespace std::chrono;
using calendar::BusinessCalendar;

constexpr std::int64_t kMaxBusinessMinutes = 1'000'000'000;
const std::string kOutsideCalendar(calendar::describe(calendar::errc::out_of_range));

// Collects the problems of one question; each reader returns nullopt after recording one.
class Reader {
 public:
  explicit Reader(const CalendarInputs& inputs) : inputs_(inputs) {}

  std::optional<std::string> text(const std::string& name, const std::string& what) {
    const auto found = inputs_.find(name);
    if (found == inputs_.end()) {
      problem(name, "required: " + what);
      return std::nullopt;
    }
    return found->second;
  }

  std::optional<year> calendar_year(const std::string& name) {
    const auto value = text(name, "a year from 1955 to 2099");
    if (!value) return std::nullopt;
    int number = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (ec != std::errc{} || end != value->data() + value->size() || value->front() == '-' ||
        !calendar::within_calendar_years(year{number})) {
      problem(name, "'" + *value + "' is not a year from 1955 to 2099");
      return std::nullopt;
    }
    return year{number};
  }

  std::optional<core::Instant> instant(const std::string& name) {
    const auto value = text(name, "an RFC 3339 date-time such as 2026-11-22T10:30:00+09:00");
    if (!value) return std::nullopt;
    auto parsed = core::parse_rfc3339(*value);
    if (!parsed) {
      problem(name, "'" + *value + "': " + parsed.error());
      return std::nullopt;
    }
    if (!BusinessCalendar::covers(*parsed)) {
      problem(name, "'" + *value + "' " + kOutsideCalendar);
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<year_month_day> date(const std::string& name) {
    const auto value = text(name, "a date YYYY-MM-DD");
    if (!value) return std::nullopt;
    auto parsed = calendar::parse_iso_date(*value);
    if (!parsed) {
      problem(name, parsed.error());
      return std::nullopt;
    }
    if (!BusinessCalendar::covers(*parsed)) {
      problem(name, "'" + *value + "' " + kOutsideCalendar);
      return std::nullopt;
    }
    return *parsed;
  }

  // Absent means the business schedule, the default of every SLA clock.
  const calendar::Schedule* schedule(const BusinessCalendar& calendar, const std::string& name) {
    const auto found = inputs_.find(name);
    const std::string wanted =
        found == inputs_.end() ? std::string(calendar::kBusinessSchedule) : found->second;
    const auto* schedule = calendar.find_schedule(wanted);
    if (schedule == nullptr)
      problem(name, "unknown schedule '" + wanted + "'; allowed: " + calendar.schedule_names());
    return schedule;
  }

  std::optional<std::int64_t> minutes(const std::string& name) {
    const auto value = text(name, "a whole number of minutes");
    if (!value) return std::nullopt;
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (ec != std::errc{} || end != value->data() + value->size() || number < 0 ||
        number > kMaxBusinessMinutes) {
      problem(name, "'" + *value + "' is not a whole number of minutes from 0 to " +
                        std::to_string(kMaxBusinessMinutes));
      return std::nullopt;
    }
    return number;
  }

  void problem(const std::string& name, std::string message) {
    problems_.push_back({name, std::move(message)});
  }
  bool ok() const { return problems_.empty(); }
  std::unexpected<InputProblems> refusal() { return std::unexpected(std::move(problems_)); }

 private:
  const CalendarInputs& inputs_;
  InputProblems problems_;
};

}  // namespace

std::expected<HolidaysAnswer, InputProblems> ask_holidays(const BusinessCalendar& calendar,
                                                          const CalendarInputs& inputs) {
  Reader read(inputs);
  const auto y = read.calendar_year("year");
  if (!read.ok()) return read.refusal();
  return HolidaysAnswer{*y, calendar.holidays().in_year(*y)};
}

std::expected<BusinessDurationAnswer, InputProblems> ask_business_duration(
    const BusinessCalendar& calendar, const CalendarInputs& inputs) {
  Reader read(inputs);
  const auto from = read.instant("from");
  const auto to = read.instant("to");
  if (from && to && *to < *from) read.problem("from", "must not be after to");
  const auto* schedule = read.schedule(calendar, "schedule");
  if (!read.ok()) return read.refusal();
  // Both instants are inside the calendar and in order: nothing is left to go wrong.
  const auto duration = calendar.business_duration(*from, *to, *schedule).value();
  return BusinessDurationAnswer{*from, *to, schedule, duration};
}

std::expected<AddAnswer, InputProblems> ask_add(const BusinessCalendar& calendar,
                                                const CalendarInputs& inputs) {
  Reader read(inputs);
  const auto from = read.instant("from");
  const auto business_minutes = read.minutes("business_minutes");
  const auto* schedule = read.schedule(calendar, "schedule");
  if (!read.ok()) return read.refusal();
  const auto result =
      calendar.add_business_time(*from, std::chrono::minutes{*business_minutes}, *schedule);
  if (!result) {
    read.problem("business_minutes",
                 "the result would fall after 2099-12-31, the end of the calendar");
    return read.refusal();
  }
  return AddAnswer{*from, *business_minutes, schedule, *result};
}

std::expected<BusinessDaysAnswer, InputProblems> ask_business_days(const BusinessCalendar& calendar,
                                                                   const CalendarInputs& inputs) {
  Reader read(inputs);
  const auto from = read.date("from");
  const auto to = read.date("to");
  if (from && to && sys_days{*to} < sys_days{*from}) read.problem("from", "must not be after to");
  if (!read.ok()) return read.refusal();
  return BusinessDaysAnswer{*from, *to, calendar.business_days(*from, *to).value()};
}

nlohmann::json holiday_list_json(std::span<const calendar::Holiday> holidays) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& holiday : holidays)
    list.push_back({{"date", calendar::format_iso_date(holiday.date)}, {"name", holiday.name}});
  return list;
}

std::string hours_minutes(microseconds duration) {
  const auto total = floor<std::chrono::minutes>(duration).count();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(total / 60),
                static_cast<long long>(total % 60));
  return buf;
}

std::string format_tokyo(core::Instant at) { return core::format_tokyo_rfc3339(at); }

}  // namespace opsdesk::cli
