// The first-notice clock (障害対応状況通知時間): from the fault's appearance to each affected
// association's first notice, in business time on the `business` schedule (weekdays 9:00-18:00
// on Japanese business days), met when within 1h30m. The scenarios are the contract's cases:
// the events carry UTC or Tokyo times as written, the expectations are in JST business time.

#include <gtest/gtest.h>

#include <algorithm>

#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla {
namespace {

using namespace std::chrono_literals;
using testing::IncidentHistory;
using testing::notice_clock;
using testing::tokyo;

std::vector<const FirstNoticeClock*> clocks_of(const IncidentClocks& clocks,
                                               const std::string& tenant) {
  std::vector<const FirstNoticeClock*> found;
  for (const auto& clock : clocks.first_notice)
    if (clock.tenant == tenant) found.push_back(&clock);
  return found;
}

TEST(FirstNotice, ANoticeOnAHolidayAddsNoBusinessTime) {
  // 2026-11-20 is a Friday: 30 minutes on Friday, 45 on Monday.
  IncidentHistory incident("i1");
  incident.detect("2026-11-20T17:30", {"soumu"}).first_notice("soumu", "2026-11-23T09:45");
  // 2026-11-23 is 勤労感謝の日 (a Monday holiday): the clock keeps running to Tuesday.
  const auto clock = notice_clock(incident.clocks("2026-12-01T00:00"), "soumu");
  EXPECT_EQ(clock.business_elapsed, 30min);
  EXPECT_FALSE(clock.breached);
}

TEST(FirstNotice, DetectedFridayAt1730NoticedMondayAt0945Is1h15mAndMet) {
  // A Friday followed by an ordinary Monday: 2026-12-04 / 2026-12-07.
  IncidentHistory incident("i1");
  incident.detect("2026-12-04T17:30", {"soumu"}).first_notice("soumu", "2026-12-07T09:45");
  const auto clock = notice_clock(incident.clocks("2026-12-10T00:00"), "soumu");
  EXPECT_EQ(clock.business_elapsed, 1h + 15min);
  EXPECT_EQ(clock.wall_elapsed, 64h + 15min);
  EXPECT_FALSE(clock.running);
  EXPECT_FALSE(clock.breached);
  EXPECT_EQ(clock.remaining, 15min);
  EXPECT_EQ(clock.breach_time, tokyo("2026-12-07T10:00"));
  EXPECT_EQ(clock.start_event_id, "i1-e1");
  EXPECT_EQ(clock.stop_event_id, "i1-e2");
}

TEST(FirstNotice, DetectedSaturdayNightNoticedMondayAt1031Is1h31mAndMissed) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-05T23:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:31");
  const auto clock = notice_clock(incident.clocks("2026-12-10T00:00"), "soumu");
  EXPECT_EQ(clock.counting_from, tokyo("2026-12-07T09:00"));
  EXPECT_EQ(clock.business_elapsed, 1h + 31min);
  EXPECT_TRUE(clock.breached);
  EXPECT_EQ(clock.remaining, 0s);
}

TEST(FirstNotice, TheYearEndClosureDoesNotCount) {
  // Dec 28 17:00-18:00 is one hour; Dec 29 - Jan 3 are closed; Jan 4 09:00-10:00 another.
  IncidentHistory incident("i1");
  incident.detect("2026-12-28T17:00", {"soumu"}).first_notice("soumu", "2027-01-04T10:00");
  const auto clock = notice_clock(incident.clocks("2027-01-10T00:00"), "soumu");
  EXPECT_EQ(clock.business_elapsed, 2h);
  EXPECT_TRUE(clock.breached);
}

TEST(FirstNotice, ARunningClockCountsUpToNowAndIsPausedOutsideHours) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T17:00", {"soumu"});
  const auto evening = notice_clock(incident.clocks("2026-12-07T20:00"), "soumu");
  EXPECT_TRUE(evening.running);
  EXPECT_TRUE(evening.paused);
  EXPECT_EQ(evening.business_elapsed, 1h);
  EXPECT_EQ(evening.percent_of_goal, 66);
  EXPECT_EQ(evening.breach_time, tokyo("2026-12-08T09:30"));
  EXPECT_FALSE(evening.breached);

  const auto next_morning = notice_clock(incident.clocks("2026-12-08T09:45"), "soumu");
  EXPECT_FALSE(next_morning.paused);
  EXPECT_TRUE(next_morning.breached);
  EXPECT_EQ(next_morning.remaining, 0s);
}

TEST(FirstNotice, EachAffectedTenantHasItsOwnClock) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu", "houmu", "zaimu"})
      .first_notice("soumu", "2026-12-07T10:20")
      .first_notice("houmu", "2026-12-07T11:30")
      .first_notice("zaimu", "2026-12-07T11:31");
  const auto clocks = incident.clocks("2026-12-10T00:00");
  EXPECT_EQ(notice_clock(clocks, "soumu").business_elapsed, 20min);
  EXPECT_FALSE(notice_clock(clocks, "soumu").breached);
  EXPECT_EQ(notice_clock(clocks, "houmu").business_elapsed, 1h + 30min);
  EXPECT_FALSE(notice_clock(clocks, "houmu").breached);  // exactly the goal is met
  EXPECT_EQ(notice_clock(clocks, "zaimu").business_elapsed, 1h + 31min);
  EXPECT_TRUE(notice_clock(clocks, "zaimu").breached);
}

TEST(FirstNotice, ATenantAddedLaterStartsItsClockWhenItWasAdded) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .add_tenant("bouei", "2026-12-07T15:00")
      .first_notice("bouei", "2026-12-07T16:00");
  const auto clock = notice_clock(incident.clocks("2026-12-10T00:00"), "bouei");
  EXPECT_EQ(clock.started_at, tokyo("2026-12-07T15:00"));
  EXPECT_EQ(clock.business_elapsed, 1h);
  EXPECT_FALSE(clock.breached);
  EXPECT_EQ(clock.start_event_id, "i1-e2");
}

TEST(FirstNotice, ALateRecordedDetectionStartsTheClockWhenTheFaultAppeared) {
  IncidentHistory incident("i1");
  // Recorded at 14:00, but the warning appeared at 10:00: the clock is retroactive.
  incident.run(
      incidents::DetectIncident{
          "i1", tokyo("2026-12-07T10:00"), "operator", "minor", "late", "", {"soumu"}, {}, ""},
      tokyo("2026-12-07T14:00"));
  const auto clock = notice_clock(incident.clocks("2026-12-07T14:00"), "soumu");
  EXPECT_EQ(clock.business_elapsed, 4h);
  EXPECT_TRUE(clock.breached);
}

TEST(FirstNotice, The24x7ScheduleCountsWallClockTime) {
  auto definitions = default_sla_definitions();
  for (auto& row : definitions.rows)
    if (row.kind == TargetKind::first_notice) row.schedule = "24x7";
  IncidentHistory incident("i1");
  incident.detect("2026-12-05T23:00", {"soumu"}).first_notice("soumu", "2026-12-06T00:15");
  const auto clock = notice_clock(incident.clocks("2026-12-10T00:00", definitions), "soumu");
  EXPECT_EQ(clock.business_elapsed, 1h + 15min);
  EXPECT_FALSE(clock.breached);
}

TEST(FirstNotice, ADuplicateDeliveredEventChangesNothing) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:30");
  auto events = incident.events();
  auto twice = events;
  twice.insert(twice.begin() + 1, events[0]);  // the detection again
  twice.push_back(events[1]);                  // and the notice again
  const auto& calendar = testing::standard_calendar();
  const auto once = compute_clocks(fold_incident(events), calendar, default_sla_definitions(),
                                   tokyo("2026-12-10T00:00"));
  const auto again = compute_clocks(fold_incident(twice), calendar, default_sla_definitions(),
                                    tokyo("2026-12-10T00:00"));
  ASSERT_EQ(again.first_notice.size(), 1u);
  EXPECT_EQ(again.first_notice[0].business_elapsed, once.first_notice[0].business_elapsed);
  EXPECT_EQ(fold_incident(twice).actions.size(), fold_incident(events).actions.size());
}

// --- what stops a clock ---

TEST(FirstNotice, ARecoveryReportWithoutAnEarlierNoticeStopsTheClock) {
  // Given a fault at Mon 2026-12-07 10:00 JST (01:00Z), fixed at 10:40 and reported at 11:00,
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T01:00:00Z", {"soumu"})
      .restore("2026-12-07T10:40")
      .recovery_report("soumu", "2026-12-07T02:00:00Z");
  // when nobody sent a first notice before it,
  const auto clock = notice_clock(incident.clocks("2026-12-10T00:00"), "soumu");
  // then the recovery report, the first report soumu received, stopped the clock at 1h: met.
  EXPECT_EQ(clock.state, ClockState::met);
  EXPECT_EQ(clock.rule, rule::kFirstReport);
  EXPECT_EQ(clock.stop_kind, "recovery_report");
  EXPECT_EQ(clock.stopped_at, tokyo("2026-12-07T11:00"));
  EXPECT_EQ(clock.business_elapsed, 1h);
}

TEST(FirstNotice, AClockStillRunningAtTheCloseIsMissedForNoNotice) {
  // Given a fault at Mon 12-07 10:00, restored at 10:20 and closed at 10:30 (01:30Z),
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .restore("2026-12-07T10:20")
      .close("2026-12-07T01:30:00Z");
  // when soumu was never told,
  const auto clock = notice_clock(incident.clocks("2026-12-20T00:00"), "soumu");
  // then its clock stopped at the close, missed, although only 30m had passed.
  EXPECT_EQ(clock.state, ClockState::missed);
  EXPECT_EQ(clock.reason, "no_notice");
  EXPECT_EQ(clock.rule, rule::kClosedWithoutNotice);
  EXPECT_FALSE(clock.running);
  EXPECT_EQ(clock.stopped_at, tokyo("2026-12-07T10:30"));
  EXPECT_EQ(clock.stop_kind, "closed");
  EXPECT_EQ(clock.business_elapsed, 30min);
}

TEST(FirstNotice, ALateClockSaysWhyItWasMissed) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T12:00");
  const auto clock = notice_clock(incident.clocks("2026-12-10T00:00"), "soumu");
  EXPECT_EQ(clock.state, ClockState::missed);
  EXPECT_EQ(clock.reason, "late");
}

// --- recurrence ---

TEST(FirstNotice, AReopeningIsARecurrenceWithANewClockForEachAssociation) {
  // Given a fault noticed in time, closed, and reopened Wed 12-09 at 16:00 JST (07:00Z),
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu", "houmu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .first_notice("houmu", "2026-12-07T10:20")
      .restore("2026-12-07T11:00")
      .close("2026-12-07T12:00")
      .reopen("2026-12-09T07:00:00Z")
      // when soumu hears of the recurrence Thu 09:30 and houmu only Thu 10:00,
      .progress_report("soumu", "2026-12-10T09:30")
      .progress_report("houmu", "2026-12-10T10:00");
  const auto clocks = incident.clocks("2026-12-20T00:00");
  // then each association has a second clock from the reopening: 2h + 30m (soumu, missed) and
  // 2h + 1h (houmu, missed); the first clocks are untouched.
  const auto soumu = clocks_of(clocks, "soumu");
  ASSERT_EQ(soumu.size(), 2u);
  EXPECT_EQ(soumu[0]->recurrence, 0);
  EXPECT_EQ(soumu[0]->state, ClockState::met);
  EXPECT_EQ(soumu[1]->recurrence, 1);
  EXPECT_EQ(soumu[1]->start_kind, "reopened");
  EXPECT_EQ(soumu[1]->started_at, tokyo("2026-12-09T16:00"));
  EXPECT_EQ(soumu[1]->stop_kind, "progress_report");
  EXPECT_EQ(soumu[1]->business_elapsed, 2h + 30min);
  EXPECT_EQ(soumu[1]->state, ClockState::missed);
  const auto houmu = clocks_of(clocks, "houmu");
  ASSERT_EQ(houmu.size(), 2u);
  EXPECT_EQ(houmu[1]->business_elapsed, 3h);
}

TEST(FirstNotice, AReportBeforeTheReopeningDoesNotStopTheRecurrencesClock) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .restore("2026-12-07T11:00")
      .recovery_report("soumu", "2026-12-07T11:30")
      .close("2026-12-07T12:00")
      .reopen("2026-12-08T10:00");
  const auto clocks = incident.clocks("2026-12-08T10:45");
  const auto* recurrence = clocks_of(clocks, "soumu").at(1);
  EXPECT_EQ(recurrence->state, ClockState::running);
  EXPECT_EQ(recurrence->business_elapsed, 45min);
}

// --- scope ---

TEST(FirstNotice, BoueisClocksAreKeptForReferenceOnly) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"bouei", "soumu"})
      .first_notice("bouei", "2026-12-07T10:30")
      .first_notice("soumu", "2026-12-07T10:30");
  const auto clocks = incident.clocks("2026-12-10T00:00");
  EXPECT_TRUE(notice_clock(clocks, "bouei").reference_only);
  EXPECT_EQ(notice_clock(clocks, "bouei").state, ClockState::met);
  EXPECT_FALSE(notice_clock(clocks, "soumu").reference_only);
}

TEST(FirstNotice, AnAllCentreFaultBeforeAnAssociationsGoLiveCreatesNoClockForIt) {
  // Given a centre-wide fault on 2026-09-15, when 参議院 (sangiin) goes live in 2026-10 and
  // 総務省 (soumu) went live in 2026-08,
  IncidentHistory incident("i1");
  incident.detect("2026-09-15T10:00", {"all_centre"});
  const auto clocks = incident.clocks("2026-09-15T11:00");
  // then soumu has a clock and sangiin none, with the reason stated.
  EXPECT_EQ(clocks_of(clocks, "soumu").size(), 1u);
  EXPECT_TRUE(clocks_of(clocks, "sangiin").empty());
  const auto excluded = std::find_if(clocks.not_measured.begin(), clocks.not_measured.end(),
                                     [](const auto& n) { return n.tenant == "sangiin"; });
  ASSERT_NE(excluded, clocks.not_measured.end());
  EXPECT_EQ(excluded->rule, rule::kBeforeGoLive);
  EXPECT_NE(excluded->detail.find("2026-10"), std::string::npos);
  EXPECT_EQ(std::count(clocks.measured_tenants.begin(), clocks.measured_tenants.end(), "sangiin"),
            0);
}

TEST(FirstNotice, NamingAnAssociationBeforeItsGoLiveIsTheOperatorsStatementAndIsMeasured) {
  IncidentHistory incident("i1");
  incident.detect("2026-09-15T10:00", {"sangiin"}).first_notice("sangiin", "2026-09-15T10:30");
  const auto clock = notice_clock(incident.clocks("2026-09-16T00:00"), "sangiin");
  EXPECT_EQ(clock.state, ClockState::met);
}

// --- the calendar's range ---

TEST(FirstNotice, AClockOutsideTheCalendarsRangeIsAnErrorNeverMet) {
  // Given a fault recorded as having appeared in 1950 (before the calendar's 1955),
  IncidentHistory incident("i1");
  incident.detect("1950-06-01T10:00", {"soumu"}).first_notice("soumu", "1950-06-01T10:30");
  const auto clock = notice_clock(incident.clocks("2026-12-10T00:00"), "soumu");
  // then the clock cannot be measured, and says why.
  EXPECT_EQ(clock.state, ClockState::unmeasurable);
  EXPECT_EQ(clock.rule, rule::kOutsideCalendar);
  EXPECT_NE(clock.error.find("1955-01-01"), std::string::npos) << clock.error;
}

TEST(DurationText, ShowsHoursMinutesAndSeconds) {
  EXPECT_EQ(duration_text(0s), "0s");
  EXPECT_EQ(duration_text(45s), "45s");
  EXPECT_EQ(duration_text(1h + 15min), "1h15m");
  EXPECT_EQ(duration_text(31h), "31h");
  EXPECT_EQ(duration_text(1h + 30s), "1h0m30s");
  EXPECT_EQ(duration_text(-(1h + 31min)), "-1h31m");
}

}  // namespace
}  // namespace opsdesk::sla
