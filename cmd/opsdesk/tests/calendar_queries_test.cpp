// The calendar questions as both surfaces ask them: text in, an answer or every bad input out.

#include "cmd/opsdesk/calendar_queries.hpp"

#include <gtest/gtest.h>

#include "cmd/opsdesk/calendar_setup.hpp"

namespace opsdesk::cli {
namespace {

using namespace std::chrono;

const calendar::BusinessCalendar& standard() {
  static const calendar::BusinessCalendar calendar = calendar::BusinessCalendar::standard();
  return calendar;
}

// "input: message" for each problem, in order.
std::vector<std::string> problems_of(const InputProblems& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.input + ": " + p.message);
  return out;
}

template <typename Answer>
std::vector<std::string> refusal(const std::expected<Answer, InputProblems>& answer) {
  EXPECT_FALSE(answer.has_value());
  return answer ? std::vector<std::string>{} : problems_of(answer.error());
}

TEST(CalendarQueries, HolidaysOfAYear) {
  const auto answer = ask_holidays(standard(), {{"year", "2026"}});
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->holidays.size(), 18u);
  EXPECT_EQ(holiday_list_json(answer->holidays)[0].dump(),
            R"({"date":"2026-01-01","name":"元日"})");
}

TEST(CalendarQueries, AYearMustBeAWholeNumberFrom1955To2099) {
  for (const char* bad : {"1954", "2100", "20x6", "", "-2026", "+2026"}) {
    EXPECT_EQ(refusal(ask_holidays(standard(), {{"year", bad}})),
              std::vector<std::string>{"year: '" + std::string(bad) +
                                       "' is not a year from 1955 to 2099"});
  }
  EXPECT_EQ(refusal(ask_holidays(standard(), {})),
            std::vector<std::string>{"year: required: a year from 1955 to 2099"});
}

TEST(CalendarQueries, BusinessDurationAcrossTheYearEnd) {
  const auto answer = ask_business_duration(
      standard(), {{"from", "2026-12-28T17:00:00+09:00"}, {"to", "2027-01-04T10:00:00+09:00"}});
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->duration, 2h);
  EXPECT_EQ(answer->schedule->name, "business");
  EXPECT_EQ(hours_minutes(answer->duration), "2:00");
}

TEST(CalendarQueries, EveryBadInputIsNamedAtOnce) {
  EXPECT_EQ(refusal(ask_business_duration(
                standard(), {{"from", "2026-02-30T10:00:00+09:00"}, {"schedule", "weekend"}})),
            (std::vector<std::string>{
                "from: '2026-02-30T10:00:00+09:00': no such calendar date; expected an RFC 3339 "
                "date-time such as "
                "2026-11-22T10:30:00+09:00",
                "to: required: an RFC 3339 date-time such as 2026-11-22T10:30:00+09:00",
                "schedule: unknown schedule 'weekend'; allowed: business, centre_room, 24x7"}));
  EXPECT_EQ(refusal(ask_business_duration(
                standard(), {{"from", "2026-12-29T00:00:00Z"}, {"to", "2026-12-28T00:00:00Z"}})),
            std::vector<std::string>{"from: must not be after to"});
  EXPECT_EQ(refusal(ask_business_duration(standard(), {{"from", "1954-12-31T10:00:00+09:00"},
                                                       {"to", "2026-12-28T00:00:00Z"}})),
            std::vector<std::string>{"from: '1954-12-31T10:00:00+09:00' is outside the calendar "
                                     "(1955-01-01 to 2099-12-31, Tokyo time)"});
}

TEST(CalendarQueries, AddGivesTheDeadlineOfAClockStartedOutsideHours) {
  const auto answer =
      ask_add(standard(), {{"from", "2026-11-14T23:00:00+09:00"}, {"business_minutes", "90"}});
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(format_tokyo(answer->result), "2026-11-16T10:30:00+09:00");
  EXPECT_EQ(core::format_rfc3339(answer->result), "2026-11-16T01:30:00Z");
  const auto centre = ask_add(standard(), {{"from", "2026-11-16T17:00:00+09:00"},
                                           {"business_minutes", "60"},
                                           {"schedule", "centre_room"}});
  ASSERT_TRUE(centre.has_value());
  EXPECT_EQ(format_tokyo(centre->result), "2026-11-17T09:15:00+09:00");
}

TEST(CalendarQueries, AddRefusesBadMinutesAndResultsBeyondTheCalendar) {
  for (const char* bad : {"-5", "1.5", "ninety", "1000000001"}) {
    EXPECT_EQ(refusal(ask_add(standard(),
                              {{"from", "2026-11-16T10:00:00+09:00"}, {"business_minutes", bad}})),
              std::vector<std::string>{"business_minutes: '" + std::string(bad) +
                                       "' is not a whole number of minutes from 0 to 1000000000"});
  }
  EXPECT_EQ(
      refusal(ask_add(standard(),
                      {{"from", "2099-12-28T10:00:00+09:00"}, {"business_minutes", "100000"}})),
      std::vector<std::string>{
          "business_minutes: the result would fall after 2099-12-31, the end of the calendar"});
}

TEST(CalendarQueries, BusinessDaysOfSilverWeek) {
  const auto answer = ask_business_days(standard(), {{"from", "2026-09-18"}, {"to", "2026-09-25"}});
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->days,
            (std::vector<year_month_day>{2026y / 9 / 18, 2026y / 9 / 24, 2026y / 9 / 25}));
  EXPECT_EQ(refusal(ask_business_days(standard(), {{"from", "2026-09-25"}, {"to", "2026-09-18"}})),
            std::vector<std::string>{"from: must not be after to"});
  EXPECT_EQ(
      refusal(ask_business_days(standard(), {{"from", "2026-9-18"}, {"to", "2100-01-01"}})),
      (std::vector<std::string>{
          "from: '2026-9-18' is not a date of the form YYYY-MM-DD",
          "to: '2100-01-01' is outside the calendar (1955-01-01 to 2099-12-31, Tokyo time)"}));
}

TEST(CalendarQueries, HoursAndMinutesRoundDown) {
  EXPECT_EQ(hours_minutes(0us), "0:00");
  EXPECT_EQ(hours_minutes(59s), "0:00");
  EXPECT_EQ(hours_minutes(162h + 30min + 59s), "162:30");
}

}  // namespace
}  // namespace opsdesk::cli
