#pragma once
// The four calendar questions opsdesk answers for people, asked in text (CLI flags, HTTP query
// parameters) and answered with values, or with every bad input named. The one place that
// decides what is accepted and the words of each refusal, so that `opsdesk calendar` and
// /v1/calendar agree; each surface only lays the answer out.

#include <chrono>
#include <cstdint>
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"

namespace opsdesk::cli {

// Input name -> text as given. Names are the HTTP query parameters: year, from, to, schedule,
// business_minutes (the CLI's flags are the same with '-' for '_').
using CalendarInputs = std::map<std::string, std::string>;

struct InputProblem {
  std::string input;    // the name, as above
  std::string message;  // what is wrong and what is allowed
};
using InputProblems = std::vector<InputProblem>;

struct HolidaysAnswer {
  std::chrono::year year;
  std::span<const calendar::Holiday> holidays;
};

struct BusinessDurationAnswer {
  core::Instant from;
  core::Instant to;
  const calendar::Schedule* schedule;
  std::chrono::microseconds duration;
};

struct AddAnswer {
  core::Instant from;
  std::int64_t business_minutes;
  const calendar::Schedule* schedule;
  core::Instant result;
};

struct BusinessDaysAnswer {
  std::chrono::year_month_day from;
  std::chrono::year_month_day to;
  std::vector<std::chrono::year_month_day> days;
};

// year (1955-2099).
std::expected<HolidaysAnswer, InputProblems> ask_holidays(
    const calendar::BusinessCalendar& calendar, const CalendarInputs& inputs);
// from, to (RFC 3339, from <= to), schedule (default business).
std::expected<BusinessDurationAnswer, InputProblems> ask_business_duration(
    const calendar::BusinessCalendar& calendar, const CalendarInputs& inputs);
// from (RFC 3339), business_minutes (0 to 1,000,000,000), schedule (default business).
std::expected<AddAnswer, InputProblems> ask_add(const calendar::BusinessCalendar& calendar,
                                                const CalendarInputs& inputs);
// from, to (YYYY-MM-DD, from <= to), both included.
std::expected<BusinessDaysAnswer, InputProblems> ask_business_days(
    const calendar::BusinessCalendar& calendar, const CalendarInputs& inputs);

// [{"date":"2026-01-01","name":"元日"},…]
nlohmann::json holiday_list_json(std::span<const calendar::Holiday> holidays);
// Whole hours and minutes, rounded down: "2:00", "162:30", "0:00".
std::string hours_minutes(std::chrono::microseconds duration);
// RFC 3339 in Tokyo time, for people: "2027-01-04T10:00:00+09:00".
std::string format_tokyo(core::Instant at);

}  // namespace opsdesk::cli
