// Warning thresholds of the SLA clocks: 50 %, 75 % and 100 % of the goal, in business time,
// each reached once, and only while the clock still runs.

#include "services/sla-watch/domain/threshold_alerts.hpp"

#include <gtest/gtest.h>

#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla_watch {
namespace {

using sla::default_sla_definitions;
using sla::testing::IncidentHistory;
using sla::testing::standard_calendar;
using sla::testing::tokyo;

std::vector<ThresholdAlert> reached(const IncidentHistory& incident, const std::string& now) {
  return reached_thresholds(incident.clocks(now), sla::default_sla_definitions(),
                            standard_calendar(), tokyo(now));
}

std::vector<std::string> keys(const std::vector<ThresholdAlert>& alerts) {
  std::vector<std::string> out;
  for (const auto& a : alerts) out.push_back(a.key);
  return out;
}

TEST(ThresholdAlerts, AFirstNoticeClockReachesHalfThreeQuartersAndAllOfItsGoal) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"});
  EXPECT_TRUE(reached(incident, "2026-12-07T10:44:59").empty());
  auto at_half = reached(incident, "2026-12-07T10:45");
  ASSERT_EQ(at_half.size(), 1u);
  EXPECT_EQ(at_half[0].key, "first_notice/i1/soumu/50");
  EXPECT_EQ(at_half[0].due_at, tokyo("2026-12-07T10:45"));
  EXPECT_EQ(at_half[0].percent, 50);
  EXPECT_EQ(at_half[0].definition_id, "first_notice");
  EXPECT_EQ(keys(reached(incident, "2026-12-07T11:30")),
            (std::vector<std::string>{"first_notice/i1/soumu/50", "first_notice/i1/soumu/75",
                                      "first_notice/i1/soumu/100"}));
  EXPECT_EQ(reached(incident, "2026-12-07T11:30")[1].due_at, tokyo("2026-12-07T11:07:30"));
}

TEST(ThresholdAlerts, DueTimesAreInBusinessTime) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-04T17:30", {"soumu"});  // Friday
  const auto alerts = reached(incident, "2026-12-07T12:00");
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts[0].due_at, tokyo("2026-12-07T09:15"));  // 45m: 30 on Friday, 15 on Monday
  EXPECT_EQ(alerts[1].due_at, tokyo("2026-12-07T09:37:30"));
  EXPECT_EQ(alerts[2].due_at, tokyo("2026-12-07T10:00"));
}

TEST(ThresholdAlerts, ANoticeStopsTheClockAndLaterThresholdsNeverFire) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:50");
  EXPECT_EQ(keys(reached(incident, "2026-12-08T12:00")),
            (std::vector<std::string>{"first_notice/i1/soumu/50"}));
}

TEST(ThresholdAlerts, AProgressCycleWarnsDuringTheDayAndAtTheClosing) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:10");
  // Tuesday: 50 % of 09:00-18:00 is 13:30, 75 % 15:45, 100 % 18:00.
  auto afternoon = reached(incident, "2026-12-08T16:00");
  EXPECT_EQ(keys(afternoon), (std::vector<std::string>{"progress_cadence/i1/soumu/2026-12-08/50",
                                                       "progress_cadence/i1/soumu/2026-12-08/75"}));
  EXPECT_EQ(afternoon[0].due_at, tokyo("2026-12-08T13:30"));
  EXPECT_EQ(afternoon[1].due_at, tokyo("2026-12-08T15:45"));
  EXPECT_EQ(reached(incident, "2026-12-08T18:00").back().key,
            "progress_cadence/i1/soumu/2026-12-08/100");

  incident.progress_report("soumu", "2026-12-09T12:00");  // Wednesday, before 13:30
  for (const auto& alert : reached(incident, "2026-12-09T23:00"))
    EXPECT_EQ(alert.key.find("2026-12-09"), std::string::npos) << alert.key;
}

TEST(ThresholdAlerts, ACloseStopsAClockWithoutNoticeAndNoLaterThresholdFires) {
  // Given a fault at Mon 12-07 10:00, restored and closed at 10:50 without any notice,
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .restore("2026-12-07T10:40")
      .close("2026-12-07T01:50:00Z");  // 10:50 JST
  // then only the 50 % threshold (10:45) fell due before the close; nothing after it, ever.
  EXPECT_EQ(keys(reached(incident, "2026-12-10T12:00")),
            (std::vector<std::string>{"first_notice/i1/soumu/50"}));
}

TEST(ThresholdAlerts, ARecurrenceHasAlertsOfItsOwn) {
  // Given a fault noticed in time, closed, and reopened Tue 12-08 at 10:00,
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .restore("2026-12-07T11:00")
      .close("2026-12-07T12:00")
      .reopen("2026-12-08T10:00");
  // when nobody tells soumu of the recurrence by 11:30,
  const auto alerts = reached(incident, "2026-12-08T11:30");
  // then the recurrence's clock warns at 10:45, 11:07:30 and 11:30, under keys of its own.
  EXPECT_EQ(keys(alerts), (std::vector<std::string>{"first_notice/i1/soumu/reopen-1/50",
                                                    "first_notice/i1/soumu/reopen-1/75",
                                                    "first_notice/i1/soumu/reopen-1/100"}));
  EXPECT_EQ(alerts[0].recurrence, 1);
  EXPECT_EQ(alerts[0].due_at, tokyo("2026-12-08T10:45"));
}

TEST(ThresholdAlerts, AProgressReportAfterTheClosingStillFollowsTheClosingAlert) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .progress_report("soumu", "2026-12-08T19:00");
  // The day is met (out of hours), but the 18:00 warning had come due first.
  EXPECT_EQ(reached(incident, "2026-12-08T20:00").back().key,
            "progress_cadence/i1/soumu/2026-12-08/100");
}

TEST(ThresholdAlerts, EachAffectedTenantHasItsOwnAlerts) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu", "houmu"}).first_notice("soumu", "2026-12-07T10:30");
  EXPECT_EQ(keys(reached(incident, "2026-12-07T10:50")),
            (std::vector<std::string>{"first_notice/i1/houmu/50"}));
}

// When sla-watch must look at an incident again without a new event of it.
namespace next_due {

std::optional<core::Instant> next_due(const IncidentHistory& incident, const std::string& now) {
  return next_threshold_due(incident.clocks(now), sla::default_sla_definitions(),
                            standard_calendar(), tokyo(now));
}

TEST(NextThresholdDue, IsTheEarliestThresholdStillToComeOfARunningClock) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"});
  EXPECT_EQ(next_due(incident, "2026-12-07T10:00"), tokyo("2026-12-07T10:45"));
  EXPECT_EQ(next_due(incident, "2026-12-07T10:45"), tokyo("2026-12-07T11:07:30"));
  EXPECT_EQ(next_due(incident, "2026-12-07T11:10"), tokyo("2026-12-07T11:30"));
}

TEST(NextThresholdDue, CountsInBusinessTimeAcrossTheWeekend) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-04T17:30", {"soumu"});  // Friday
  EXPECT_EQ(next_due(incident, "2026-12-05T12:00"), tokyo("2026-12-07T09:15"));
}

TEST(NextThresholdDue, IsNoneOnceEveryClockHasStoppedOrPassedItsGoal) {
  IncidentHistory stopped("i1");
  stopped.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:10");
  // The first notice stopped its clock; the cadence cycle of tomorrow does not exist yet.
  EXPECT_EQ(next_due(stopped, "2026-12-07T10:20"), std::nullopt);

  IncidentHistory overdue("i2");
  overdue.detect("2026-12-07T10:00", {"soumu"});
  EXPECT_EQ(next_due(overdue, "2026-12-07T11:30"), std::nullopt);
}

TEST(NextThresholdDue, IncludesTheOngoingCadenceCycle) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:10");
  EXPECT_EQ(next_due(incident, "2026-12-08T09:00"), tokyo("2026-12-08T13:30"));
  EXPECT_EQ(next_due(incident, "2026-12-08T16:00"), tokyo("2026-12-08T18:00"));
}

}  // namespace next_due

}  // namespace
}  // namespace opsdesk::sla_watch
