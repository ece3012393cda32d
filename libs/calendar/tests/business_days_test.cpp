// Business days: weekdays that are not holidays and not in the year-end closure (Dec 29 - Jan 3),
// adjusted by configured closures and working days.

#include <gtest/gtest.h>

#include "libs/calendar/business_calendar.hpp"

namespace opsdesk::calendar {
namespace {

using namespace std::chrono;

const BusinessCalendar& standard() {
  static const BusinessCalendar calendar = BusinessCalendar::standard();
  return calendar;
}

bool business(year_month_day date) { return standard().is_business_day(date).value(); }

TEST(CalendarBusinessDays, WeekendsHolidaysAndTheYearEndClosureAreClosed) {
  EXPECT_TRUE(business(2026y / 11 / 20));   // Friday
  EXPECT_FALSE(business(2026y / 11 / 21));  // Saturday
  EXPECT_FALSE(business(2026y / 11 / 22));  // Sunday
  EXPECT_FALSE(business(2026y / 11 / 23));  // 勤労感謝の日, a Monday
  EXPECT_TRUE(business(2026y / 12 / 28));   // Monday, the last business day of 2026
  for (auto d : {2026y / 12 / 29, 2026y / 12 / 30, 2026y / 12 / 31, 2027y / 1 / 1, 2027y / 1 / 2,
                 2027y / 1 / 3}) {
    EXPECT_FALSE(business(d)) << static_cast<unsigned>(d.day());
  }
  EXPECT_TRUE(business(2027y / 1 / 4));
  EXPECT_FALSE(business(2024y / 1 / 3));  // a Wednesday, still closed
}

TEST(CalendarBusinessDays, GoldenWeek2019WasTenDaysClosed) {
  EXPECT_TRUE(business(2019y / 4 / 26));
  for (sys_days d = sys_days{2019y / 4 / 27}; d <= sys_days{2019y / 5 / 6}; d += days{1}) {
    EXPECT_FALSE(business(year_month_day{d}));
  }
  EXPECT_TRUE(business(2019y / 5 / 7));
  EXPECT_EQ(standard().count_business_days(2019y / 4 / 26, 2019y / 5 / 7).value(), 2);
}

TEST(CalendarBusinessDays, NextAndPreviousSkipClosedDays) {
  EXPECT_EQ(standard().next_business_day(2026y / 12 / 28).value(), 2027y / 1 / 4);
  EXPECT_EQ(standard().previous_business_day(2027y / 1 / 4).value(), 2026y / 12 / 28);
  EXPECT_EQ(standard().next_business_day(2026y / 9 / 18).value(), 2026y / 9 / 24);  // Silver Week
  EXPECT_EQ(standard().next_business_day(2026y / 9 / 19).value(),
            2026y / 9 / 24);  // from a closed day too
  EXPECT_EQ(standard().previous_business_day(2026y / 9 / 24).value(), 2026y / 9 / 18);
  EXPECT_EQ(standard().next_business_day(2026y / 11 / 16).value(), 2026y / 11 / 17);
}

TEST(CalendarBusinessDays, TheNthBusinessDayOfAMonthCountsFromEitherEnd) {
  EXPECT_EQ(standard().nth_business_day(2027y / January, 1).value(), 2027y / 1 / 4);
  EXPECT_EQ(standard().nth_business_day(2026y / May, 1).value(), 2026y / 5 / 1);
  EXPECT_EQ(standard().nth_business_day(2026y / May, 2).value(),
            2026y / 5 / 7);  // after Golden Week
  EXPECT_EQ(standard().nth_business_day(2026y / December, -1).value(), 2026y / 12 / 28);
  EXPECT_EQ(standard().nth_business_day(2026y / September, 19).value(), 2026y / 9 / 30);
  EXPECT_EQ(standard().nth_business_day(2026y / September, -19).value(), 2026y / 9 / 1);
  EXPECT_EQ(standard().nth_business_day(2026y / September, 20).error(), errc::no_such_business_day);
  EXPECT_EQ(standard().nth_business_day(2026y / September, 0).error(), errc::no_such_business_day);
  EXPECT_EQ(standard().nth_business_day(2100y / January, 1).error(), errc::out_of_range);
}

TEST(CalendarBusinessDays, CountsAndListsARangeWithBothEndsIncluded) {
  // September 2026: 22 weekdays, three of them Silver Week holidays.
  EXPECT_EQ(standard().count_business_days(2026y / 9 / 1, 2026y / 9 / 30).value(), 19);
  EXPECT_EQ(standard().count_business_days(2026y / 9 / 18, 2026y / 9 / 18).value(), 1);
  EXPECT_EQ(standard().count_business_days(2026y / 9 / 19, 2026y / 9 / 23).value(), 0);
  EXPECT_EQ(standard().business_days(2026y / 9 / 18, 2026y / 9 / 25).value(),
            (std::vector<year_month_day>{2026y / 9 / 18, 2026y / 9 / 24, 2026y / 9 / 25}));
  EXPECT_EQ(standard().count_business_days(2026y / 9 / 2, 2026y / 9 / 1).error(),
            errc::from_after_to);
}

TEST(CalendarBusinessDays, DatesOutside1955To2099AreRefused) {
  EXPECT_EQ(standard().is_business_day(1954y / 12 / 31).error(), errc::out_of_range);
  EXPECT_EQ(standard().is_business_day(2100y / 1 / 1).error(), errc::out_of_range);
  EXPECT_TRUE(standard().is_business_day(1955y / 1 / 4).has_value());
  EXPECT_TRUE(standard().is_business_day(2099y / 12 / 31).has_value());
  EXPECT_EQ(standard().next_business_day(2099y / 12 / 28).error(), errc::out_of_range);
  EXPECT_EQ(standard().previous_business_day(1955y / 1 / 4).error(), errc::out_of_range);
  EXPECT_EQ(standard().count_business_days(2099y / 1 / 1, 2100y / 1 / 1).error(),
            errc::out_of_range);
  EXPECT_FALSE(BusinessCalendar::covers(1954y / 12 / 31));
  EXPECT_TRUE(BusinessCalendar::covers(1955y / 1 / 1));
  EXPECT_TRUE(BusinessCalendar::covers(2099y / 12 / 31));
  EXPECT_FALSE(BusinessCalendar::covers(2099y / 2 / 29));  // no such day
  // Instants are placed by their Tokyo date: 2099-12-31T15:00Z is already 2100 in Tokyo.
  EXPECT_TRUE(BusinessCalendar::covers(core::parse_rfc3339("2099-12-31T14:59:59Z").value()));
  EXPECT_FALSE(BusinessCalendar::covers(core::parse_rfc3339("2099-12-31T15:00:00Z").value()));
  EXPECT_TRUE(BusinessCalendar::covers(core::parse_rfc3339("1954-12-31T15:00:00Z").value()));
}

TEST(CalendarBusinessDays, ExtraClosuresAndWorkingDaysOverrideTheRules) {
  BusinessCalendar::Options options;
  options.extra_closures = {2026y / 11 / 24};      // e.g. the centre's planned power outage
  options.extra_working_days = {2026y / 12 / 29};  // e.g. a year-end migration
  const auto calendar = BusinessCalendar::create(options).value();
  EXPECT_FALSE(calendar.is_business_day(2026y / 11 / 24).value());
  EXPECT_TRUE(calendar.is_business_day(2026y / 12 / 29).value());
  EXPECT_EQ(calendar.next_business_day(2026y / 12 / 28).value(), 2026y / 12 / 29);
  EXPECT_EQ(calendar.next_business_day(2026y / 11 / 20).value(), 2026y / 11 / 25);
}

TEST(CalendarBusinessDays, ContradictoryOrOutOfRangeExtrasAreRefusedAtCreation) {
  BusinessCalendar::Options both;
  both.extra_closures = {2026y / 11 / 24};
  both.extra_working_days = {2026y / 11 / 24};
  const auto contradictory = BusinessCalendar::create(both);
  ASSERT_FALSE(contradictory);
  EXPECT_EQ(contradictory.error(), "2026-11-24 is both an extra closure and an extra working day");

  BusinessCalendar::Options outside;
  outside.extra_working_days = {2100y / 1 / 4};
  const auto out_of_range = BusinessCalendar::create(outside);
  ASSERT_FALSE(out_of_range);
  EXPECT_NE(out_of_range.error().find("2100-01-04 is outside the calendar"), std::string::npos);
}

TEST(CalendarBusinessDays, HolidayOverridesChangeWhichDaysAreOpen) {
  BusinessCalendar::Options options;
  options.holiday_overrides = {{2027y / 1 / 1, "元日"}, {2027y / 3 / 22, "春分の日"}};
  const auto calendar = BusinessCalendar::create(options).value();
  EXPECT_FALSE(calendar.is_business_day(2027y / 3 / 22).value());
  EXPECT_TRUE(calendar.is_business_day(2027y / 5 / 3).value());   // 2027 is the file's, whole
  EXPECT_FALSE(calendar.is_business_day(2026y / 5 / 4).value());  // 2026 still the rules'
}

}  // namespace
}  // namespace opsdesk::calendar
