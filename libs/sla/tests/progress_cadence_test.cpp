// The progress cadence (経過報告間隔, 1回/日): reports are owed "障害復旧が完了するまで", until the
// service is restored. A business day after the day of the association's first report is owed
// when the service was not yet restored at its opening (09:00); any report to the association
// that day meets it, one after the closing (18:00) too (listed as out of hours). Closed days owe
// nothing. Each owed day is a cycle; a day that ends without a report is a missed cycle.

#include <gtest/gtest.h>

#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla {
namespace {

using namespace std::chrono_literals;
using testing::cadence_of;
using testing::IncidentHistory;
using testing::tokyo;

std::chrono::year_month_day date(int y, unsigned m, unsigned d) {
  return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

std::vector<std::chrono::year_month_day> days_of(const ProgressCadence& cadence) {
  std::vector<std::chrono::year_month_day> days;
  for (const auto& cycle : cadence.completed_cycles) days.push_back(cycle.day);
  return days;
}

TEST(ProgressCadence, HasNoCyclesBeforeTheFirstReport) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"});
  const auto cadence = cadence_of(incident.clocks("2026-12-09T12:00"), "soumu");
  EXPECT_FALSE(cadence.started);
  EXPECT_TRUE(cadence.completed_cycles.empty());
  EXPECT_FALSE(cadence.ongoing_cycle.has_value());
}

TEST(ProgressCadence, SilverWeek2026OwesNothingAndTheFollowingDaysDoUntilTheRestoration) {
  // Given a fault noticed Fri 2026-09-18; 09-19 (Sat) to 09-23 (秋分の日) are five closed days,
  IncidentHistory incident("i1");
  incident.detect("2026-09-18T10:00", {"soumu"})
      .first_notice("soumu", "2026-09-18T10:30")
      .progress_report("soumu", "2026-09-24T10:00")
      // nothing on Friday 09-25
      .restore("2026-09-28T10:30")
      .recovery_report("soumu", "2026-09-28T11:00");
  // when the service is restored during Mon 09-28,
  const auto cadence = cadence_of(incident.clocks("2026-10-01T00:00"), "soumu");
  // then 09-24, 09-25 and 09-28 were owed: restored after 09-28's opening, that day still was.
  EXPECT_EQ(days_of(cadence),
            (std::vector{date(2026, 9, 24), date(2026, 9, 25), date(2026, 9, 28)}));
  EXPECT_EQ(cadence.completed_cycles[0].state, CycleState::met);
  EXPECT_EQ(cadence.completed_cycles[0].rule, rule::kReportOnDay);
  EXPECT_EQ(cadence.completed_cycles[0].elapsed, 1h);
  EXPECT_EQ(cadence.completed_cycles[1].state, CycleState::missed);
  EXPECT_EQ(cadence.completed_cycles[1].rule, rule::kNoReportOnDay);
  EXPECT_EQ(cadence.completed_cycles[1].stop, tokyo("2026-09-26T00:00"));
  EXPECT_EQ(cadence.completed_cycles[2].state, CycleState::met);  // the recovery report
  EXPECT_FALSE(cadence.ongoing_cycle.has_value());
  ASSERT_EQ(cadence.periods.size(), 1u);
  EXPECT_EQ(cadence.periods[0].until, tokyo("2026-09-28T10:30"));
  EXPECT_EQ(cadence.periods[0].until_rule, rule::kRestoredBeforeOpening);

  // Gaps up to the restoration: 09-18 10:30 -> 09-24 10:00 is 7h30m + 1h; 09-24 10:00 -> 09-28
  // 10:30 is 8h + 9h + 1h30m.
  ASSERT_EQ(cadence.gaps.size(), 2u);
  EXPECT_EQ(cadence.gaps[0].business, 8h + 30min);
  EXPECT_EQ(cadence.longest_gap()->business, 18h + 30min);
}

TEST(ProgressCadence, ARestorationBeforeTheOpeningEndsTheObligationEvenWithoutARecoveryReport) {
  // Given a fault noticed Mon 12-07, restored Wed 12-09 at 08:30 (before the opening),
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .progress_report("soumu", "2026-12-08T15:00")
      .restore("2026-12-09T08:30");
  // when the recovery report is never sent,
  const auto cadence = cadence_of(incident.clocks("2026-12-20T00:00"), "soumu");
  // then only Tue 12-08 was owed (met); 12-09 on owe nothing.
  EXPECT_EQ(days_of(cadence), (std::vector{date(2026, 12, 8)}));
  EXPECT_EQ(cadence.completed_cycles[0].state, CycleState::met);
  EXPECT_FALSE(cadence.ongoing_cycle.has_value());
}

TEST(ProgressCadence, ARestorationDuringTheDayStillOwesThatDay) {
  // Given a fault noticed Mon 12-07 and restored Tue 12-08 at 11:00,
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .restore("2026-12-08T11:00");
  // when nothing is reported on 12-08 (the recovery report only comes on 12-09),
  incident.recovery_report("soumu", "2026-12-09T10:00");
  const auto cadence = cadence_of(incident.clocks("2026-12-20T00:00"), "soumu");
  // then 12-08 is missed: the service was down at its opening.
  EXPECT_EQ(days_of(cadence), (std::vector{date(2026, 12, 8)}));
  EXPECT_EQ(cadence.completed_cycles[0].state, CycleState::missed);
}

TEST(ProgressCadence, TodaysCycleRunsUntilTheDayEndsAndAReportAfterTheClosingStillMeetsIt) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:30");

  const auto late_morning = cadence_of(incident.clocks("2026-12-08T11:00"), "soumu");
  EXPECT_TRUE(late_morning.completed_cycles.empty());
  ASSERT_TRUE(late_morning.ongoing_cycle.has_value());
  EXPECT_EQ(late_morning.ongoing_cycle->start, tokyo("2026-12-08T09:00"));
  EXPECT_EQ(late_morning.ongoing_cycle->breach_time, tokyo("2026-12-08T18:00"));
  EXPECT_EQ(late_morning.ongoing_cycle->elapsed, 2h);
  EXPECT_EQ(late_morning.ongoing_cycle->remaining, 7h);
  EXPECT_FALSE(late_morning.ongoing_cycle->paused);

  // After 18:00 the day is not over: still ongoing, paused.
  const auto evening = cadence_of(incident.clocks("2026-12-08T19:00"), "soumu");
  ASSERT_TRUE(evening.ongoing_cycle.has_value());
  EXPECT_TRUE(evening.ongoing_cycle->paused);
  EXPECT_TRUE(evening.completed_cycles.empty());

  // At midnight without a report it is missed; the next day's cycle waits for its opening.
  const auto next_dawn = cadence_of(incident.clocks("2026-12-09T07:00"), "soumu");
  ASSERT_EQ(next_dawn.completed_cycles.size(), 1u);
  EXPECT_EQ(next_dawn.completed_cycles[0].state, CycleState::missed);
  ASSERT_TRUE(next_dawn.ongoing_cycle.has_value());
  EXPECT_TRUE(next_dawn.ongoing_cycle->paused);
  EXPECT_EQ(next_dawn.ongoing_cycle->elapsed, 0s);
  EXPECT_EQ(next_dawn.ongoing_cycle->remaining, 9h);
}

TEST(ProgressCadence, AReportAfterTheClosingMeetsTheDayAndIsListedOutOfHours) {
  // Given a report to soumu on Tue 12-08 at 21:30 (JST; 12:30Z),
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .progress_report("soumu", "2026-12-08T12:30:00Z");
  const auto cadence = cadence_of(incident.clocks("2026-12-09T00:00"), "soumu");
  // then the day is met, out of hours, by that report.
  ASSERT_EQ(cadence.completed_cycles.size(), 1u);
  const auto& day = cadence.completed_cycles[0];
  EXPECT_EQ(day.state, CycleState::met);
  EXPECT_FALSE(day.missed());
  EXPECT_TRUE(day.out_of_hours);
  EXPECT_EQ(day.rule, rule::kReportOutOfHours);
  EXPECT_EQ(day.stop, tokyo("2026-12-08T21:30"));
  EXPECT_EQ(day.report_event_id, "i1-e3");
}

TEST(ProgressCadence, AReportOnAClosedDayMeetsNoBusinessDay) {
  // Given a fault noticed Fri 12-04 and a report on Sat 12-05 only,
  IncidentHistory incident("i1");
  incident.detect("2026-12-04T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-04T10:30")
      .progress_report("soumu", "2026-12-05T11:00");
  const auto cadence = cadence_of(incident.clocks("2026-12-08T00:00"), "soumu");
  // then Saturday and Sunday owe nothing, and Monday 12-07 is missed.
  EXPECT_EQ(days_of(cadence), (std::vector{date(2026, 12, 7)}));
  EXPECT_EQ(cadence.completed_cycles[0].state, CycleState::missed);
}

TEST(ProgressCadence, EachTenantIsOwedItsOwnReports) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu", "houmu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .first_notice("houmu", "2026-12-07T10:40")
      .progress_report("soumu", "2026-12-08T12:00");
  const auto clocks = incident.clocks("2026-12-09T00:00");
  EXPECT_EQ(cadence_of(clocks, "soumu").completed_cycles.at(0).state, CycleState::met);
  EXPECT_EQ(cadence_of(clocks, "houmu").completed_cycles.at(0).state, CycleState::missed);
}

TEST(ProgressCadence, AReopeningStartsANewObligationFromItsOwnFirstReport) {
  // Given a fault restored and closed on Mon 12-07, reopened Wed 12-09 10:00,
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .restore("2026-12-07T12:00")
      .recovery_report("soumu", "2026-12-07T13:00")
      .close("2026-12-07T14:00")
      .reopen("2026-12-09T10:00")
      // the recurrence's first report (the incidents service records it as a progress report)
      .progress_report("soumu", "2026-12-09T10:30")
      // nothing on Thursday 12-10
      .progress_report("soumu", "2026-12-11T10:00")
      .restore("2026-12-11T12:00")
      .recovery_report("soumu", "2026-12-14T09:30");
  const auto cadence = cadence_of(incident.clocks("2026-12-20T00:00"), "soumu");
  // then the first occurrence owed nothing (restored the day it was noticed); the recurrence
  // owed 12-10 (missed) and 12-11 (met); 12-14 was not owed: restored before its opening.
  ASSERT_EQ(cadence.periods.size(), 2u);
  EXPECT_EQ(cadence.periods[0].until, tokyo("2026-12-07T12:00"));
  EXPECT_EQ(cadence.periods[1].recurrence, 1);
  EXPECT_EQ(cadence.periods[1].from, tokyo("2026-12-09T10:30"));
  EXPECT_EQ(cadence.periods[1].until, tokyo("2026-12-11T12:00"));
  EXPECT_EQ(days_of(cadence), (std::vector{date(2026, 12, 10), date(2026, 12, 11)}));
  EXPECT_EQ(cadence.completed_cycles[0].state, CycleState::missed);
  EXPECT_EQ(cadence.completed_cycles[1].state, CycleState::met);
  EXPECT_FALSE(cadence.ongoing_cycle.has_value());
}

TEST(ProgressCadence, AnAssociationNeverToldIsOwedNoProgressReports) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .restore("2026-12-09T12:00")
      .close("2026-12-09T13:00");
  const auto cadence = cadence_of(incident.clocks("2026-12-20T00:00"), "soumu");
  EXPECT_FALSE(cadence.started);
  EXPECT_TRUE(cadence.completed_cycles.empty());
}

TEST(ProgressCadence, AGoalOfTwoReportsADayNeedsTwoReportsThatDay) {
  auto definitions = default_sla_definitions();
  for (auto& row : definitions.rows)
    if (row.kind == TargetKind::progress_cadence) row.reports_per_business_day = 2;
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .progress_report("soumu", "2026-12-08T10:00")
      .progress_report("soumu", "2026-12-08T16:00")
      .progress_report("soumu", "2026-12-09T10:00");
  const auto cadence = cadence_of(incident.clocks("2026-12-10T00:00", definitions), "soumu");
  ASSERT_EQ(cadence.completed_cycles.size(), 2u);
  EXPECT_EQ(cadence.completed_cycles[0].state, CycleState::met);
  EXPECT_EQ(cadence.completed_cycles[0].stop, tokyo("2026-12-08T16:00"));
  EXPECT_EQ(cadence.completed_cycles[0].report_event_id, "i1-e4");
  EXPECT_EQ(cadence.completed_cycles[1].state, CycleState::missed);  // one report on 12-09
}

// Settled clocks are what a table cache may keep until the incident's next event: no later
// instant can change them.
TEST(SettledClocks, AreClocksThatOnlyTheIncidentsNextEventCanChange) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"});
  // The first notice is running: its business time grows with the clock.
  EXPECT_FALSE(settled(incident.clocks("2026-12-07T10:30")));
  incident.first_notice("soumu", "2026-12-07T10:40");
  // Reports are owed every business day until the restoration: the next day is not decided yet.
  EXPECT_FALSE(settled(incident.clocks("2026-12-07T11:00")));
  EXPECT_FALSE(settled(incident.clocks("2026-12-08T12:00")));  // 12-08 is ongoing
  incident.restore("2026-12-08T15:00");
  EXPECT_FALSE(settled(incident.clocks("2026-12-08T16:00")));  // 12-08 can still be met
  // Once the restoration's day has ended, nothing is left to decide, closed or not.
  EXPECT_TRUE(settled(incident.clocks("2026-12-09T00:00")));
  EXPECT_EQ(incident.clocks("2026-12-09T00:00").progress_cadence[0].completed_cycles.size(), 1u);
  incident.close("2026-12-09T10:00").reopen("2026-12-10T10:00");  // a recurrence: a new clock
  EXPECT_FALSE(settled(incident.clocks("2026-12-10T11:00")));
}

}  // namespace
}  // namespace opsdesk::sla
