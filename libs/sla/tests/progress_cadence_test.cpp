// The progress cadence (経過報告間隔, 1回/日): from the first notice until the recovery report,
// every business day after the notice's day needs at least one report to the association before
// the day's closing (18:00). Each such day is a cycle; a day without one is a missed cycle.

#include <gtest/gtest.h>

#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla {
namespace {

using namespace std::chrono_literals;
using std::chrono::September;
using std::chrono::year;
using testing::cadence_of;
using testing::IncidentHistory;
using testing::tokyo;

std::chrono::year_month_day date(int y, unsigned m, unsigned d) {
  return year{y} / std::chrono::month{m} / std::chrono::day{d};
}

TEST(ProgressCadence, HasNoCyclesBeforeTheFirstNotice) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"});
  const auto cadence = cadence_of(incident.clocks("2026-12-09T12:00"), "soumu");
  EXPECT_FALSE(cadence.started);
  EXPECT_TRUE(cadence.completed_cycles.empty());
  EXPECT_FALSE(cadence.ongoing_cycle.has_value());
}

TEST(ProgressCadence, SilverWeek2026HasNoCyclesAndTheFollowingDaysDo) {
  // 2026-09-19 (Sat) to 09-23 (秋分の日): five closed days in a row.
  IncidentHistory incident("i1");
  incident.detect("2026-09-18T10:00", {"soumu"})
      .first_notice("soumu", "2026-09-18T10:30")
      .progress_report("soumu", "2026-09-24T10:00")
      // nothing on Friday 09-25
      .restore("2026-09-28T10:30")
      .recovery_report("soumu", "2026-09-28T11:00");
  const auto cadence = cadence_of(incident.clocks("2026-10-01T00:00"), "soumu");
  ASSERT_EQ(cadence.completed_cycles.size(), 3u);
  EXPECT_EQ(cadence.completed_cycles[0].day, date(2026, 9, 24));
  EXPECT_FALSE(cadence.completed_cycles[0].breached);
  EXPECT_EQ(cadence.completed_cycles[0].elapsed, 1h);
  EXPECT_EQ(cadence.completed_cycles[1].day, date(2026, 9, 25));
  EXPECT_TRUE(cadence.completed_cycles[1].breached);
  EXPECT_EQ(cadence.completed_cycles[1].stop, tokyo("2026-09-25T18:00"));
  EXPECT_EQ(cadence.completed_cycles[2].day, date(2026, 9, 28));
  EXPECT_FALSE(cadence.completed_cycles[2].breached);  // the recovery report is that day's report
  EXPECT_FALSE(cadence.ongoing_cycle.has_value());
  ASSERT_EQ(cadence.periods.size(), 1u);
  EXPECT_EQ(cadence.periods[0].until, tokyo("2026-09-28T11:00"));

  // Gaps: 09-18 10:30 -> 09-24 10:00 is 7h30m + 1h; 09-24 10:00 -> 09-28 11:00 is 8h + 9h + 2h.
  ASSERT_EQ(cadence.gaps.size(), 2u);
  EXPECT_EQ(cadence.gaps[0].business, 8h + 30min);
  EXPECT_EQ(cadence.longest_gap()->business, 19h);
  EXPECT_EQ(cadence.reports.size(), 2u);
}

TEST(ProgressCadence, TodaysCycleRunsUntilTheClosingThenIsMissed) {
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

  const auto evening = cadence_of(incident.clocks("2026-12-08T19:00"), "soumu");
  EXPECT_FALSE(evening.ongoing_cycle.has_value());
  ASSERT_EQ(evening.completed_cycles.size(), 1u);
  EXPECT_TRUE(evening.completed_cycles[0].breached);

  const auto next_dawn = cadence_of(incident.clocks("2026-12-09T07:00"), "soumu");
  ASSERT_TRUE(next_dawn.ongoing_cycle.has_value());
  EXPECT_TRUE(next_dawn.ongoing_cycle->paused);
  EXPECT_EQ(next_dawn.ongoing_cycle->elapsed, 0s);
  EXPECT_EQ(next_dawn.ongoing_cycle->remaining, 9h);
}

TEST(ProgressCadence, AReportAfterTheClosingIsLateAndNamed) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .progress_report("soumu", "2026-12-08T19:00");
  const auto cadence = cadence_of(incident.clocks("2026-12-08T20:00"), "soumu");
  ASSERT_EQ(cadence.completed_cycles.size(), 1u);
  EXPECT_TRUE(cadence.completed_cycles[0].breached);
  EXPECT_EQ(cadence.completed_cycles[0].stop, tokyo("2026-12-08T19:00"));
  EXPECT_EQ(cadence.completed_cycles[0].report_event_id, "i1-e3");
}

TEST(ProgressCadence, EachTenantIsOwedItsOwnReports) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu", "houmu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .first_notice("houmu", "2026-12-07T10:40")
      .progress_report("soumu", "2026-12-08T12:00");
  const auto clocks = incident.clocks("2026-12-09T00:00");
  EXPECT_FALSE(cadence_of(clocks, "soumu").completed_cycles.at(0).breached);
  EXPECT_TRUE(cadence_of(clocks, "houmu").completed_cycles.at(0).breached);
}

TEST(ProgressCadence, AReopenedIncidentOwesReportsAgainUntilTheNextRecoveryReport) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .restore("2026-12-07T12:00")
      .recovery_report("soumu", "2026-12-07T13:00")
      .close("2026-12-07T14:00")
      .reopen("2026-12-09T10:00")
      // nothing on Thursday 12-10
      .progress_report("soumu", "2026-12-11T10:00")
      .restore("2026-12-11T12:00")
      .recovery_report("soumu", "2026-12-14T09:30");
  const auto cadence = cadence_of(incident.clocks("2026-12-20T00:00"), "soumu");
  ASSERT_EQ(cadence.periods.size(), 2u);
  EXPECT_EQ(cadence.periods[0].until, tokyo("2026-12-07T13:00"));
  EXPECT_EQ(cadence.periods[1].from, tokyo("2026-12-09T10:00"));
  EXPECT_EQ(cadence.periods[1].until, tokyo("2026-12-14T09:30"));
  ASSERT_EQ(cadence.completed_cycles.size(), 3u);
  EXPECT_EQ(cadence.completed_cycles[0].day, date(2026, 12, 10));
  EXPECT_TRUE(cadence.completed_cycles[0].breached);
  EXPECT_EQ(cadence.completed_cycles[1].day, date(2026, 12, 11));
  EXPECT_FALSE(cadence.completed_cycles[1].breached);
  EXPECT_EQ(cadence.completed_cycles[2].day, date(2026, 12, 14));
  EXPECT_FALSE(cadence.completed_cycles[2].breached);
  EXPECT_FALSE(cadence.ongoing_cycle.has_value());
}

TEST(ProgressCadence, ACloseWithoutARecoveryReportEndsTheCadence) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .restore("2026-12-07T12:00")
      .close("2026-12-08T10:00");
  const auto cadence = cadence_of(incident.clocks("2026-12-20T00:00"), "soumu");
  ASSERT_EQ(cadence.periods.size(), 1u);
  EXPECT_EQ(cadence.periods[0].until, tokyo("2026-12-08T10:00"));
  // Closed at 10:00 on 12-08, before that day's closing: the day owed nothing more.
  EXPECT_TRUE(cadence.completed_cycles.empty());
  EXPECT_FALSE(cadence.ongoing_cycle.has_value());
}

TEST(ProgressCadence, ACloseAfterTheClosingTimeLeavesThatDayMissed) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .restore("2026-12-07T12:00")
      .close("2026-12-08T19:00");
  const auto cadence = cadence_of(incident.clocks("2026-12-20T00:00"), "soumu");
  ASSERT_EQ(cadence.completed_cycles.size(), 1u);
  EXPECT_TRUE(cadence.completed_cycles[0].breached);
}

TEST(ProgressCadence, AGoalOfTwoReportsADayNeedsTheSecondBeforeTheClosing) {
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
  EXPECT_FALSE(cadence.completed_cycles[0].breached);
  EXPECT_EQ(cadence.completed_cycles[0].stop, tokyo("2026-12-08T16:00"));
  EXPECT_EQ(cadence.completed_cycles[0].report_event_id, "i1-e4");
  EXPECT_TRUE(cadence.completed_cycles[1].breached);  // only one report on 12-09
}

}  // namespace
}  // namespace opsdesk::sla
