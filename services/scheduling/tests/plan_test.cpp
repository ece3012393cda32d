// Occurrences on the business calendar: recurrences shifted off closed days by the task's
// calendar rule, merged when shifts land several on one day, named by their unshifted date, with
// planned start and due time in business time.

#include "services/scheduling/domain/plan.hpp"

#include "services/scheduling/tests/test_support.hpp"

namespace opsdesk::scheduling {
namespace {

using namespace testing;

const auto kCalendar = calendar::BusinessCalendar::standard();

std::vector<PlannedOccurrence> plan(const TaskState& task, const char* first, const char* last,
                                    const calendar::BusinessCalendar& cal = kCalendar) {
  auto planned = plan_occurrences(task, cal, date(first), date(last));
  EXPECT_TRUE(planned.has_value()) << (planned ? "" : planned.error());
  return planned.value_or(std::vector<PlannedOccurrence>{});
}

std::string text(Date d) { return calendar::format_iso_date(d); }

TEST(Plan, AMonthlyTaskOnTheHolidayMovesToTheBusinessDayBefore) {
  // 2026-11-23 is 勤労感謝の日 (a Monday): previous_business_day gives Friday 11-20.
  auto task =
      given_task({define("FREQ=MONTHLY;BYMONTHDAY=23", "previous_business_day", "2026-04-23")});
  auto november = plan(task, "2026-11-01", "2026-11-30");
  ASSERT_EQ(november.size(), 1u);
  EXPECT_EQ(text(november[0].day), "2026-11-20");
  EXPECT_EQ(november[0].id, kTaskId + "-20261123");  // named by the unshifted date
  EXPECT_EQ(november[0].planned_start, at("2026-11-20T10:00:00+09:00"));
  EXPECT_EQ(november[0].planned_end, at("2026-11-20T10:30:00+09:00"));
  EXPECT_EQ(november[0].due_at, at("2026-11-20T12:00:00+09:00"));
  EXPECT_EQ(november[0].tenants.size(), 18u);  // all_centre: every association but bouei
}

TEST(Plan, NextBusinessDayAndSkip) {
  auto next = given_task({define("FREQ=MONTHLY;BYMONTHDAY=23", "next_business_day", "2026-04-23")});
  EXPECT_EQ(text(plan(next, "2026-11-01", "2026-11-30").at(0).day), "2026-11-24");
  auto skip = given_task({define("FREQ=MONTHLY;BYMONTHDAY=23", "skip", "2026-04-23")});
  EXPECT_TRUE(plan(skip, "2026-11-01", "2026-11-30").empty());
  EXPECT_EQ(plan(skip, "2026-12-01", "2026-12-31").size(), 1u);
}

TEST(Plan, LastFridayOfTheMonth) {
  auto task =
      given_task({define("FREQ=MONTHLY;BYDAY=-1FR", "previous_business_day", "2026-04-01")});
  auto planned = plan(task, "2026-11-01", "2027-01-31");
  ASSERT_EQ(planned.size(), 3u);
  EXPECT_EQ(text(planned[0].day), "2026-11-27");
  EXPECT_EQ(text(planned[1].day), "2026-12-25");
  EXPECT_EQ(text(planned[2].day), "2027-01-29");
}

TEST(Plan, ADailyTaskAcrossTheYearEndClosureIsMergedIntoItsFirstDate) {
  // 12/29–1/3 is closed and 1/4 (Monday) opens: with next_business_day the closed days' checks
  // land on 1/4 with its own, as one occurrence named by 12/29 that covers the seven dates.
  auto task = given_task({define("FREQ=DAILY", "next_business_day", "2026-04-01")});
  auto planned = plan(task, "2026-12-28", "2027-01-05");
  ASSERT_EQ(planned.size(), 3u);
  EXPECT_EQ(text(planned[0].day), "2026-12-28");
  EXPECT_EQ(text(planned[1].day), "2027-01-04");
  EXPECT_EQ(planned[1].id, kTaskId + "-20261229");
  EXPECT_EQ(planned[1].covers.size(), 7u);
  EXPECT_EQ(text(planned[1].covers.back()), "2027-01-04");
  EXPECT_EQ(text(planned[2].day), "2027-01-05");
}

TEST(Plan, AWeekendShiftedIntoTheWindowIsFoundFromOutsideIt) {
  // Saturday 11-28 and Sunday 11-29 land on Monday 11-30: asking for 11-30 alone finds them.
  auto task = given_task({define("FREQ=DAILY", "next_business_day", "2026-04-01")});
  auto planned = plan(task, "2026-11-30", "2026-11-30");
  ASSERT_EQ(planned.size(), 1u);
  EXPECT_EQ(planned[0].id, kTaskId + "-20261128");
  EXPECT_EQ(planned[0].covers.size(), 3u);
}

TEST(Plan, ADueTimePastTheClosingRunsOnInBusinessTime) {
  auto c = define("FREQ=WEEKLY;BYDAY=FR", "previous_business_day", "2026-04-03");
  c.time_of_day = 17h;
  auto task = given_task({c});
  // Friday 12-04 17:00 + 2h of business time: 1h on Friday, 1h on Monday from 09:00.
  EXPECT_EQ(plan(task, "2026-12-04", "2026-12-04").at(0).due_at, at("2026-12-07T10:00:00+09:00"));
}

TEST(Plan, AnotherHolidayFileMovesTheDayButKeepsTheName) {
  auto task = given_task({define("FREQ=MONTHLY;BYMONTHDAY=10", "next_business_day", "2026-04-10")});
  calendar::BusinessCalendar::Options options;
  options.extra_closures = {date("2026-12-10")};
  auto closed = calendar::BusinessCalendar::create(options);
  ASSERT_TRUE(closed.has_value());
  auto usual = plan(task, "2026-12-01", "2026-12-31");
  auto moved = plan(task, "2026-12-01", "2026-12-31", *closed);
  ASSERT_EQ(usual.size(), 1u);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(text(usual[0].day), "2026-12-10");
  EXPECT_EQ(text(moved[0].day), "2026-12-11");
  EXPECT_EQ(usual[0].id, moved[0].id);
}

TEST(Plan, ARevisionGovernsFromItsDateAndPausesAndRetirementLeaveDatesOut) {
  ReviseTask revise;
  revise.effective_from = date("2026-12-01");
  revise.time_of_day = 14h;
  revise.reason = "午後に変更";
  revise.by = "ops-lead";
  revise.at = kNow;
  SuspendTask suspend{date("2027-02-01"), "機器更改", "ops-lead", kNow};
  ResumeTask resume{date("2027-03-01"), "更改完了", "ops-lead", kNow};
  RetireTask retire{date("2027-05-01"), "契約終了", "ops-lead", kNow};
  auto task = given_task({define("FREQ=MONTHLY;BYMONTHDAY=10", "next_business_day", "2026-04-10"),
                          revise, suspend, resume, retire});
  auto planned = plan(task, "2026-11-01", "2027-06-30");
  std::vector<std::string> days;
  for (const auto& o : planned) days.push_back(text(o.day));
  EXPECT_EQ(days, (std::vector<std::string>{"2026-11-10", "2026-12-10", "2027-01-12", "2027-03-10",
                                            "2027-04-12"}));
  EXPECT_EQ(planned[0].planned_start, at("2026-11-10T10:00:00+09:00"));
  EXPECT_EQ(planned[1].planned_start, at("2026-12-10T14:00:00+09:00"));
}

TEST(Plan, OneOccurrenceByItsRecurrenceDate) {
  auto task = given_task({define("FREQ=DAILY", "next_business_day", "2026-04-01")});
  auto merged = planned_occurrence(task, kCalendar, date("2026-11-28"));
  ASSERT_TRUE(merged.has_value());
  EXPECT_EQ(text(merged->day), "2026-11-30");
  // Sunday's recurrence is merged into Saturday's: it names no occurrence of its own.
  EXPECT_FALSE(planned_occurrence(task, kCalendar, date("2026-11-29")).has_value());
  EXPECT_FALSE(planned_occurrence(task, kCalendar, date("2026-03-31")).has_value());
}

}  // namespace
}  // namespace opsdesk::scheduling
