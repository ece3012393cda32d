// RRULEs as libical reads and expands them: the dates a task recurs on, and the 422 words for a
// rule that is not one a task can have.

#include "services/scheduling/domain/recurrence.hpp"

#include "services/scheduling/tests/test_support.hpp"

namespace opsdesk::scheduling {
namespace {

using testing::date;

std::vector<std::string> dates(const std::string& rrule, const char* dtstart, const char* first,
                               const char* last) {
  auto found = recurrence_dates(rrule, date(dtstart), date(first), date(last));
  EXPECT_TRUE(found.has_value()) << (found ? "" : found.error());
  std::vector<std::string> text;
  for (auto d : found.value_or(std::vector<Date>{})) text.push_back(calendar::format_iso_date(d));
  return text;
}

TEST(Recurrence, MonthlyOnADayOfTheMonth) {
  EXPECT_EQ(dates("FREQ=MONTHLY;BYMONTHDAY=23", "2026-04-01", "2026-10-01", "2027-01-31"),
            (std::vector<std::string>{"2026-10-23", "2026-11-23", "2026-12-23", "2027-01-23"}));
}

TEST(Recurrence, LastFridayOfTheMonth) {
  EXPECT_EQ(dates("FREQ=MONTHLY;BYDAY=-1FR", "2026-04-01", "2026-11-01", "2027-01-31"),
            (std::vector<std::string>{"2026-11-27", "2026-12-25", "2027-01-29"}));
}

TEST(Recurrence, WeeklyFromAWindowLongAfterTheStart) {
  EXPECT_EQ(dates("FREQ=WEEKLY;BYDAY=MO", "2020-01-06", "2026-12-01", "2026-12-20"),
            (std::vector<std::string>{"2026-12-07", "2026-12-14"}));
}

TEST(Recurrence, CountIsCountedFromTheStartNotTheWindow) {
  EXPECT_EQ(dates("FREQ=DAILY;COUNT=5", "2026-12-01", "2026-12-04", "2026-12-31"),
            (std::vector<std::string>{"2026-12-04", "2026-12-05"}));
}

TEST(Recurrence, HalfYearlyAndYearly) {
  EXPECT_EQ(
      dates("FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=15", "2026-04-15", "2026-04-01", "2027-12-31"),
      (std::vector<std::string>{"2026-04-15", "2026-10-15", "2027-04-15", "2027-10-15"}));
  EXPECT_EQ(dates("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=10", "2026-04-10", "2026-01-01", "2028-12-31"),
            (std::vector<std::string>{"2026-04-10", "2027-04-10", "2028-04-10"}));
}

TEST(Recurrence, NothingBeforeTheStart) {
  EXPECT_TRUE(dates("FREQ=DAILY", "2027-01-01", "2026-12-01", "2026-12-31").empty());
}

TEST(Recurrence, RulesATaskCannotHaveAreNamed) {
  EXPECT_FALSE(rrule_problem("FREQ=DAILY").has_value());
  EXPECT_NE(rrule_problem("").value().find("required"), std::string::npos);
  EXPECT_NE(rrule_problem("garbage").value().find("RFC 5545"), std::string::npos);
  EXPECT_NE(rrule_problem("FREQ=WEEKLY;BYDAY=XX").value().find("RFC 5545"), std::string::npos);
  EXPECT_NE(rrule_problem("FREQ=HOURLY").value().find("DAILY, WEEKLY, MONTHLY or YEARLY"),
            std::string::npos);
  EXPECT_NE(rrule_problem("FREQ=DAILY;BYHOUR=9").value().find("time_of_day"), std::string::npos);
  EXPECT_NE(rrule_problem("RRULE:FREQ=DAILY").value().find("prefix"), std::string::npos);
}

}  // namespace
}  // namespace opsdesk::scheduling
