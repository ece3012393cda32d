// Business time on a schedule: what an SLA clock counts between two instants, and when an
// amount of it runs out. Times are written in Tokyo time (+09:00), as the contract states them.

#include <gtest/gtest.h>

#include "libs/calendar/business_calendar.hpp"

namespace opsdesk::calendar {
namespace {

using namespace std::chrono;

const BusinessCalendar& standard() {
  static const BusinessCalendar calendar = BusinessCalendar::standard();
  return calendar;
}

const Schedule& schedule(std::string_view name) { return *standard().find_schedule(name); }

core::Instant at(const std::string& rfc3339) { return core::parse_rfc3339(rfc3339).value(); }

microseconds between(const std::string& from, const std::string& to,
                     std::string_view on = kBusinessSchedule) {
  return standard().business_duration(at(from), at(to), schedule(on)).value();
}

core::Instant plus(const std::string& from, microseconds amount,
                   std::string_view on = kBusinessSchedule) {
  return standard().add_business_time(at(from), amount, schedule(on)).value();
}

TEST(CalendarBusinessTime, WithinOneDayItIsWallClockTime) {
  EXPECT_EQ(between("2026-11-16T10:00:00+09:00", "2026-11-16T12:30:00+09:00"), 2h + 30min);
  EXPECT_EQ(between("2026-11-16T10:00:00+09:00", "2026-11-16T10:00:00+09:00"), 0h);
  EXPECT_EQ(between("2026-11-16T09:00:00.5+09:00", "2026-11-16T09:00:01+09:00"),
            500ms);  // exact below a second
}

TEST(CalendarBusinessTime, OnlyOpeningHoursCount) {
  EXPECT_EQ(between("2026-11-16T07:00:00+09:00", "2026-11-16T10:00:00+09:00"),
            1h);  // before opening
  EXPECT_EQ(between("2026-11-16T17:00:00+09:00", "2026-11-16T23:00:00+09:00"),
            1h);  // after closing
  EXPECT_EQ(between("2026-11-16T19:00:00+09:00", "2026-11-17T09:30:00+09:00"), 30min);
  EXPECT_EQ(between("2026-11-16T00:00:00+09:00", "2026-11-17T00:00:00+09:00"),
            9h);  // one whole day
}

TEST(CalendarBusinessTime, WeekendsAndHolidaysDoNotCount) {
  // Friday 17:00 to Monday 10:00.
  EXPECT_EQ(between("2026-11-13T17:00:00+09:00", "2026-11-16T10:00:00+09:00"), 2h);
  // A three-day weekend: Monday 2026-11-23 is 勤労感謝の日.
  EXPECT_EQ(between("2026-11-20T17:00:00+09:00", "2026-11-24T10:00:00+09:00"), 2h);
  // Golden Week 2026: Friday 5/1 is a business day; 5/2-5/6 are not.
  EXPECT_EQ(between("2026-04-30T17:00:00+09:00", "2026-05-07T10:00:00+09:00"), 1h + 9h + 1h);
  // Golden Week 2019: ten days closed.
  EXPECT_EQ(between("2019-04-26T17:00:00+09:00", "2019-05-07T10:00:00+09:00"), 2h);
  // Silver Week 2026: 9/19-9/23.
  EXPECT_EQ(between("2026-09-18T17:00:00+09:00", "2026-09-24T10:00:00+09:00"), 2h);
  // The year-end closure.
  EXPECT_EQ(between("2026-12-28T17:00:00+09:00", "2027-01-04T10:00:00+09:00"), 2h);
}

TEST(CalendarBusinessTime, InstantsInAnyOffsetMeanTheSameMoment) {
  EXPECT_EQ(between("2026-12-28T08:00:00Z", "2027-01-04T01:00:00Z"), 2h);
}

TEST(CalendarBusinessTime, AClockStartedOutsideHoursStartsAtTheNextOpening) {
  // A fault detected Saturday 23:00 starts counting Monday 09:00.
  const auto saturday_night = at("2026-11-14T23:00:00+09:00");
  EXPECT_EQ(standard().clock_start(saturday_night, schedule(kBusinessSchedule)).value(),
            at("2026-11-16T09:00:00+09:00"));
  EXPECT_EQ(plus("2026-11-14T23:00:00+09:00", 90min), at("2026-11-16T10:30:00+09:00"));
  EXPECT_EQ(between("2026-11-14T23:00:00+09:00", "2026-11-16T10:30:00+09:00"), 90min);
  // Early on a business day it waits for 09:00 that day; after 18:00, for the next business day.
  EXPECT_EQ(
      standard().clock_start(at("2026-11-16T06:00:00+09:00"), schedule(kBusinessSchedule)).value(),
      at("2026-11-16T09:00:00+09:00"));
  EXPECT_EQ(
      standard().clock_start(at("2026-11-20T18:00:00+09:00"), schedule(kBusinessSchedule)).value(),
      at("2026-11-24T09:00:00+09:00"));
  const auto inside = at("2026-11-16T11:11:11+09:00");
  EXPECT_EQ(standard().clock_start(inside, schedule(kBusinessSchedule)).value(), inside);
}

TEST(CalendarBusinessTime, AddingEndsAtTheEarliestInstantThatCompletesTheAmount) {
  EXPECT_EQ(plus("2026-11-16T10:00:00+09:00", 90min), at("2026-11-16T11:30:00+09:00"));
  EXPECT_EQ(plus("2026-11-16T17:00:00+09:00", 90min), at("2026-11-17T09:30:00+09:00"));
  // A whole day's worth ends at the close, not at the next opening.
  EXPECT_EQ(plus("2026-11-16T09:00:00+09:00", 9h), at("2026-11-16T18:00:00+09:00"));
  EXPECT_EQ(plus("2026-11-16T17:00:00+09:00", 1h), at("2026-11-16T18:00:00+09:00"));
  EXPECT_EQ(plus("2026-11-16T18:00:00+09:00", 1min), at("2026-11-17T09:01:00+09:00"));
  EXPECT_EQ(plus("2026-12-28T17:00:00+09:00", 2h), at("2027-01-04T10:00:00+09:00"));
  EXPECT_EQ(plus("2026-09-18T17:30:00+09:00", 1h), at("2026-09-24T09:30:00+09:00"));
  // Nothing to add: the instant itself, even outside hours.
  EXPECT_EQ(plus("2026-11-14T23:00:00+09:00", 0min), at("2026-11-14T23:00:00+09:00"));
  EXPECT_EQ(plus("2026-11-16T10:00:00+09:00", 1s), at("2026-11-16T10:00:01+09:00"));
}

TEST(CalendarBusinessTime, EachScheduleCountsItsOwnHours) {
  // The machine room closes at 17:45.
  EXPECT_EQ(between("2026-11-16T17:00:00+09:00", "2026-11-17T10:00:00+09:00", kCentreRoomSchedule),
            45min + 1h);
  EXPECT_EQ(plus("2026-11-16T17:00:00+09:00", 1h, kCentreRoomSchedule),
            at("2026-11-17T09:15:00+09:00"));
  // 24x7 is wall-clock time: weekends, holidays and the year end count.
  EXPECT_EQ(
      between("2026-11-14T23:00:00+09:00", "2026-11-16T10:30:00+09:00", kRoundTheClockSchedule),
      35h + 30min);
  EXPECT_EQ(
      between("2026-12-28T17:00:00+09:00", "2027-01-04T10:00:00+09:00", kRoundTheClockSchedule),
      days{6} + 17h);
  EXPECT_EQ(plus("2026-12-31T23:30:00+09:00", 1h, kRoundTheClockSchedule),
            at("2027-01-01T00:30:00+09:00"));
}

TEST(CalendarBusinessTime, ConfiguredSchedulesAreUsedByName) {
  BusinessCalendar::Options options;
  options.schedules = parse_schedule_list("business=08:30-17:30,night_desk=18:00-22:00").value();
  const auto calendar = BusinessCalendar::create(options).value();
  EXPECT_EQ(calendar.schedule_names(), "business, centre_room, 24x7, night_desk");
  EXPECT_EQ(calendar
                .business_duration(at("2026-11-16T08:00:00+09:00"), at("2026-11-16T09:00:00+09:00"),
                                   *calendar.find_schedule("business"))
                .value(),
            30min);
  EXPECT_EQ(calendar
                .add_business_time(at("2026-11-20T21:00:00+09:00"), 2h,
                                   *calendar.find_schedule("night_desk"))
                .value(),
            at("2026-11-24T19:00:00+09:00"));
  EXPECT_EQ(calendar.find_schedule("day_shift"), nullptr);
}

TEST(CalendarBusinessTime, WithinBusinessHoursIncludesTheOpeningAndExcludesTheClose) {
  const auto within = [](const std::string& t, std::string_view on = kBusinessSchedule) {
    return standard().is_within_business_hours(at(t), schedule(on)).value();
  };
  EXPECT_TRUE(within("2026-11-16T09:00:00+09:00"));
  EXPECT_TRUE(within("2026-11-16T17:59:59.999999+09:00"));
  EXPECT_FALSE(within("2026-11-16T18:00:00+09:00"));
  EXPECT_FALSE(within("2026-11-16T08:59:59+09:00"));
  EXPECT_FALSE(within("2026-11-23T10:00:00+09:00"));  // 勤労感謝の日
  EXPECT_FALSE(within("2026-11-16T17:50:00+09:00", kCentreRoomSchedule));
  EXPECT_TRUE(within("2026-11-23T03:00:00+09:00", kRoundTheClockSchedule));
}

TEST(CalendarBusinessTime, TheEndOfABusinessDayIsItsClosingTime) {
  EXPECT_EQ(standard().end_of_business_day(2026y / 12 / 28, schedule(kBusinessSchedule)).value(),
            at("2026-12-28T18:00:00+09:00"));
  EXPECT_EQ(standard().end_of_business_day(2026y / 12 / 28, schedule(kCentreRoomSchedule)).value(),
            at("2026-12-28T17:45:00+09:00"));
  EXPECT_EQ(standard().end_of_business_day(2026y / 12 / 29, schedule(kBusinessSchedule)).error(),
            errc::not_a_business_day);
  EXPECT_EQ(
      standard().end_of_business_day(2026y / 12 / 29, schedule(kRoundTheClockSchedule)).value(),
      at("2026-12-30T00:00:00+09:00"));
}

TEST(CalendarBusinessTime, ImpossibleQuestionsAreErrorsNotAnswers) {
  const auto& business = schedule(kBusinessSchedule);
  EXPECT_EQ(standard()
                .business_duration(at("2026-11-17T10:00:00+09:00"), at("2026-11-16T10:00:00+09:00"),
                                   business)
                .error(),
            errc::from_after_to);
  EXPECT_EQ(standard().add_business_time(at("2026-11-16T10:00:00+09:00"), -1min, business).error(),
            errc::negative_duration);
  EXPECT_EQ(standard()
                .business_duration(at("1954-12-31T23:00:00+09:00"), at("2026-11-16T10:00:00+09:00"),
                                   business)
                .error(),
            errc::out_of_range);
  EXPECT_EQ(standard()
                .business_duration(at("2026-11-16T10:00:00+09:00"), at("2100-01-01T00:00:00+09:00"),
                                   business)
                .error(),
            errc::out_of_range);
  // The first instant of 1955 in Tokyo is inside; the last of 2099 too.
  EXPECT_TRUE(standard().business_duration(at("1955-01-01T00:00:00+09:00"),
                                           at("2099-12-31T23:59:59+09:00"), business));
  EXPECT_EQ(standard().add_business_time(at("2099-12-28T17:00:00+09:00"), 2h, business).error(),
            errc::out_of_range);
  EXPECT_EQ(standard()
                .add_business_time(at("2026-11-16T10:00:00+09:00"), hours{24 * 365 * 200}, business)
                .error(),
            errc::out_of_range);
}

}  // namespace
}  // namespace opsdesk::calendar
