// The table (別表1) for a tenant or the whole centre over a month or the contract term: target,
// measured value, compliance, items and evidence per row; no_data (with the reason) for rows
// whose source domain does not exist yet, never a zero.

#include "libs/sla/sla_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "libs/sla/definitions_yaml.hpp"
#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla {
namespace {

using namespace std::chrono_literals;
using std::chrono::December;
using std::chrono::November;
using std::chrono::year;
using testing::IncidentHistory;
using testing::tokyo;

const TableRow& row_of(const SlaTable& table, TargetKind kind) {
  for (const auto& row : table.rows)
    if (row.definition.kind == kind) return row;
  throw std::runtime_error("no row");
}

// Three December incidents: soumu noticed in 1h15m (met) and 1h31m (missed); houmu in 20m.
std::vector<IncidentClocks> december_incidents(const std::string& now) {
  IncidentHistory a("a"), b("b"), c("c");
  a.detect("2026-12-04T17:30", {"soumu"}).first_notice("soumu", "2026-12-07T09:45");
  b.detect("2026-12-05T23:00", {"soumu", "houmu"})
      .first_notice("soumu", "2026-12-07T10:31")
      .first_notice("houmu", "2026-12-07T09:20");
  c.detect("2026-11-30T10:00", {"soumu"}).first_notice("soumu", "2026-11-30T10:10");
  return {a.clocks(now), b.clocks(now), c.clocks(now)};
}

TEST(SlaTable, FirstNoticeRowGivesMeanP90MaxAndCompliancePerTenant) {
  const auto table = build_table(december_incidents("2026-12-10T00:00"), "soumu",
                                 month_period(year{2026} / December), default_sla_definitions(),
                                 tokyo("2026-12-10T00:00"));
  EXPECT_EQ(table.period.label, "2026-12");
  const auto& row = row_of(table, TargetKind::first_notice);
  const auto& figures = std::get<FirstNoticeFigures>(row.figures);
  EXPECT_EQ(figures.clocks, 2);  // incident c started in November
  EXPECT_EQ(figures.completed, 2);
  EXPECT_EQ(*figures.mean_business, 1h + 23min);
  EXPECT_EQ(*figures.p90_business, 1h + 31min);
  EXPECT_EQ(*figures.max_business, 1h + 31min);
  EXPECT_EQ(row.met, 1);
  EXPECT_EQ(row.total, 2);
  EXPECT_DOUBLE_EQ(*row.achievement_percent, 50.0);
  EXPECT_EQ(row.items, 2);
  EXPECT_EQ(row.incident_ids, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(row.evidence.size(), 2u);
  EXPECT_EQ(row.evidence[1].incident_id, "b");
  EXPECT_TRUE(row.evidence[1].counts_against);
  EXPECT_EQ(row.evidence[1].event_ids(), (std::vector<std::string>{"b-e1", "b-e2"}));
}

TEST(SlaTable, TheCentreWideTableCountsEveryTenantsClocks) {
  const auto table = build_table(december_incidents("2026-12-10T00:00"), std::string(kCentreWide),
                                 month_period(year{2026} / December), default_sla_definitions(),
                                 tokyo("2026-12-10T00:00"));
  const auto& row = row_of(table, TargetKind::first_notice);
  EXPECT_EQ(row.total, 3);
  EXPECT_EQ(row.met, 2);
  EXPECT_EQ(*std::get<FirstNoticeFigures>(row.figures).max_business, 1h + 31min);
}

TEST(SlaTable, ATenantSeesOnlyIncidentsAffectingIt) {
  const auto table = build_table(december_incidents("2026-12-10T00:00"), "houmu",
                                 month_period(year{2026} / December), default_sla_definitions(),
                                 tokyo("2026-12-10T00:00"));
  EXPECT_EQ(table.incident_ids, (std::vector<std::string>{"b"}));
  const auto& row = row_of(table, TargetKind::first_notice);
  EXPECT_EQ(row.total, 1);
  EXPECT_EQ(*std::get<FirstNoticeFigures>(row.figures).mean_business, 20min);
}

TEST(SlaTable, ReceptionHoursCountInquiriesInsideTheScheduleAndListThoseOutside) {
  std::vector<Reception> receptions{
      {"q-morning", tokyo("2026-11-17T09:00"), false},  // opening: inside
      {"q-closing", tokyo("2026-11-17T18:00"), false},  // closing: outside
      {"q-holiday", tokyo("2026-11-23T11:00"), false},  // 勤労感謝の日: outside
      {"q-friday", tokyo("2026-11-20T17:59"), false}};  // inside
  classify_receptions(receptions, default_sla_definitions(), testing::standard_calendar());
  OtherSources sources;
  sources.receptions = &receptions;
  const auto table =
      build_table_of({}, "soumu", month_period(year{2026} / November), default_sla_definitions(),
                     tokyo("2026-12-01T00:00"), TableDetail::evidence, sources);
  const auto& row = row_of(table, TargetKind::reception_hours);
  const auto& figures = std::get<ReceptionFigures>(row.figures);
  EXPECT_EQ(figures.received, 4);
  EXPECT_EQ(figures.inside, 2);
  EXPECT_EQ(figures.outside, 2);
  EXPECT_EQ(row.achievement_percent, 50.0);
  EXPECT_EQ(row.achieved, true) << "taken out of hours is shown, never a miss";
  ASSERT_EQ(row.evidence.size(), 2u);
  EXPECT_EQ(row.evidence[0].inquiry_id, "q-closing");
  EXPECT_EQ(row.evidence[0].rule, "received_out_of_hours");
  EXPECT_TRUE(row.evidence[0].permitted);
  EXPECT_EQ(row.evidence[1].what_ja, "受付 2026-11-23 11:00（business の時間外）");

  const std::vector<Reception> none;
  sources.receptions = &none;
  const auto quiet =
      build_table_of({}, "soumu", month_period(year{2026} / November), default_sla_definitions(),
                     tokyo("2026-12-01T00:00"), TableDetail::evidence, sources);
  const auto& empty = row_of(quiet, TargetKind::reception_hours);
  EXPECT_TRUE(empty.has_data);
  EXPECT_FALSE(empty.achievement_percent.has_value()) << "no inquiries: no rate, not 0 %";
  EXPECT_FALSE(empty.achieved.has_value());
}

TEST(SlaTable, RowsWithoutASourceDomainSayNoDataAndWhy) {
  const auto table = build_table({}, "soumu", month_period(year{2026} / November),
                                 default_sla_definitions(), tokyo("2026-12-01T00:00"));
  ASSERT_EQ(table.rows.size(), 6u);
  for (auto kind :
       {TargetKind::operating_hours, TargetKind::ops_report_cadence, TargetKind::reception_hours}) {
    const auto& row = row_of(table, kind);
    EXPECT_FALSE(row.has_data);
    EXPECT_FALSE(row.no_data_reason.empty());
    EXPECT_FALSE(row.achievement_percent.has_value());
  }
  // A measured row with nothing in the period has no figures either: an empty month is not 0 %.
  const auto& first_notice = row_of(table, TargetKind::first_notice);
  EXPECT_TRUE(first_notice.has_data);
  EXPECT_EQ(first_notice.total, 0);
  EXPECT_FALSE(first_notice.achievement_percent.has_value());
  EXPECT_FALSE(std::get<FirstNoticeFigures>(first_notice.figures).mean_business.has_value());
}

TEST(SlaTable, CadenceAndResponseHoursRowsCountCyclesAndOutOfHoursWork) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .progress_report("soumu", "2026-12-08T11:00")
      .activity("2026-12-08T20:00", "2026-12-08T22:00")  // emergency work at night
      // nothing on 12-09
      .restore("2026-12-10T09:30")
      .recovery_report("soumu", "2026-12-10T10:00");
  const auto table = build_table({incident.clocks("2026-12-20T00:00")}, "soumu",
                                 month_period(year{2026} / December), default_sla_definitions(),
                                 tokyo("2026-12-20T00:00"));
  const auto& cadence = row_of(table, TargetKind::progress_cadence);
  const auto& cadence_figures = std::get<CadenceFigures>(cadence.figures);
  EXPECT_EQ(cadence_figures.cycles, 3);
  EXPECT_EQ(cadence_figures.breached, 1);
  EXPECT_EQ(cadence.met, 2);
  EXPECT_EQ(cadence.total, 3);
  EXPECT_DOUBLE_EQ(*cadence_figures.reports_per_business_day, 2.0 / 3.0);
  // The silence up to the restoration: 12-08 11:00 -> 12-10 09:30 is 7h + 9h + 30m.
  EXPECT_EQ(cadence_figures.longest_gap->business, 16h + 30min);

  EXPECT_EQ(cadence.achieved, false);  // 12-09 was owed and had no report

  const auto& hours = row_of(table, TargetKind::response_hours);
  const auto& hours_figures = std::get<ResponseHoursFigures>(hours.figures);
  EXPECT_EQ(hours_figures.actions, 5);
  EXPECT_EQ(hours_figures.outside, 1);
  ASSERT_EQ(hours.evidence.size(), 1u);
  EXPECT_EQ(hours.evidence[0].event_ids(), (std::vector<std::string>{"i1-e4"}));
  EXPECT_NE(hours.evidence[0].what.find("response_activity"), std::string::npos);
  // Emergency work at night is permitted (仕様書 4.(1)③エ): listed, never a miss.
  EXPECT_TRUE(hours.evidence[0].permitted);
  EXPECT_FALSE(hours.evidence[0].counts_against);
  EXPECT_EQ(hours.evidence[0].rule, rule::kPermittedOutOfHours);
  EXPECT_EQ(hours.achieved, true);
}

TEST(SlaTable, EachLevelOfDetailHasTheSameFiguresAndListsOnlyWhatItNames) {
  IncidentHistory night("night");
  night.detect("2026-12-07T10:00", {"soumu", "houmu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .first_notice("houmu", "2026-12-07T12:00")
      .activity("2026-12-08T20:00", "2026-12-08T22:00");
  auto incidents = december_incidents("2026-12-20T00:00");
  incidents.push_back(night.clocks("2026-12-20T00:00"));
  ClocksList list;
  for (const auto& incident : incidents) list.push_back(&incident);
  for (const std::string& scope : {std::string(kCentreWide), std::string("soumu")}) {
    auto table = [&](TableDetail detail) {
      return build_table_of(list, scope, month_period(year{2026} / December),
                            default_sla_definitions(), tokyo("2026-12-20T00:00"), detail);
    };
    const auto evidence = table(TableDetail::evidence);
    const auto ids = table(TableDetail::ids);
    const auto figures = table(TableDetail::figures);
    EXPECT_EQ(evidence.incident_ids, (std::vector<std::string>{"a", "b", "c", "night"})) << scope;
    EXPECT_EQ(ids.incident_ids, evidence.incident_ids) << scope;
    EXPECT_TRUE(figures.incident_ids.empty()) << scope;
    ASSERT_EQ(figures.rows.size(), evidence.rows.size());
    for (std::size_t i = 0; i < evidence.rows.size(); ++i) {
      const auto& full = evidence.rows[i];
      SCOPED_TRACE(scope + " " + full.definition.id);
      // The same figures and counts whatever is listed behind them,
      for (const auto* row : {&ids.rows[i], &figures.rows[i]}) {
        EXPECT_EQ(row->items, full.items);
        EXPECT_EQ(row->met, full.met);
        EXPECT_EQ(row->total, full.total);
        EXPECT_EQ(row->achieved, full.achieved);
        EXPECT_EQ(row->figures.index(), full.figures.index());
        if (const auto* first = std::get_if<FirstNoticeFigures>(&full.figures)) {
          EXPECT_EQ(std::get<FirstNoticeFigures>(row->figures).clocks, first->clocks);
          EXPECT_EQ(std::get<FirstNoticeFigures>(row->figures).mean_business, first->mean_business);
        }
        if (const auto* hours = std::get_if<ResponseHoursFigures>(&full.figures)) {
          EXPECT_EQ(std::get<ResponseHoursFigures>(row->figures).outside, hours->outside);
        }
        EXPECT_TRUE(row->evidence.empty());
      }
      // the ids with ids and evidence, none with figures only.
      EXPECT_EQ(ids.rows[i].incident_ids, full.incident_ids);
      EXPECT_TRUE(figures.rows[i].incident_ids.empty());
      EXPECT_EQ(static_cast<std::size_t>(full.items), full.incident_ids.size());
    }
    EXPECT_GT(row_of(evidence, TargetKind::first_notice).items, 0);
    EXPECT_FALSE(row_of(evidence, TargetKind::response_hours).evidence.empty())
        << "the night's work is listed as evidence";
  }
}

// --- the figure the contract judges: the mean ---

const FirstNoticeFigures& first_notice_figures(const SlaTable& table) {
  return std::get<FirstNoticeFigures>(row_of(table, TargetKind::first_notice).figures);
}

SlaTable december(const std::vector<IncidentClocks>& incidents, const std::string& tenant,
                  const std::string& now = "2026-12-20T00:00") {
  return build_table(incidents, tenant, month_period(year{2026} / December),
                     default_sla_definitions(), tokyo(now));
}

TEST(SlaTable, TheFirstNoticeRowIsJudgedOnItsMeanBesideTheShareOfClocksMet) {
  // Given soumu told in 10m, 10m and 5h (Mon 12-07 to Wed 12-09, all from 10:00 JST),
  IncidentHistory a("a"), b("b"), c("c");
  a.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:10");
  b.detect("2026-12-08T10:00", {"soumu"}).first_notice("soumu", "2026-12-08T10:10");
  c.detect("2026-12-09T10:00", {"soumu"}).first_notice("soumu", "2026-12-09T15:00");
  const std::string now = "2026-12-20T00:00";
  const auto table = december({a.clocks(now), b.clocks(now), c.clocks(now)}, "soumu");
  const auto& row = row_of(table, TargetKind::first_notice);
  const auto& figures = first_notice_figures(table);
  // then two of three clocks were met, but the mean (10m + 10m + 5h) / 3 = 1h46m40s is over
  // 1h30m: the row is missed.
  EXPECT_EQ(row.met, 2);
  EXPECT_EQ(row.total, 3);
  EXPECT_EQ(*figures.mean_business, 1h + 46min + 40s);
  EXPECT_EQ(figures.mean_met, false);
  EXPECT_EQ(row.achieved, false);
  EXPECT_EQ(figures.averaged_per, "clock");
}

TEST(SlaTable, ARunningClockPastTheGoalCountsInTheMeanWithItsTimeSoFar) {
  // Given one clock met in 10m, one running since 10:00 and one started at 11:45,
  IncidentHistory met("met"), silent("silent"), recent("recent");
  met.detect("2026-12-07T09:00", {"soumu"}).first_notice("soumu", "2026-12-07T09:10");
  silent.detect("2026-12-07T10:00", {"soumu"});
  recent.detect("2026-12-07T11:45", {"soumu"});
  // when the table is asked at 12:00 (the silent clock has 2h, the recent one 15m),
  const std::string now = "2026-12-07T12:00";
  const auto table =
      december({met.clocks(now), silent.clocks(now), recent.clocks(now)}, "soumu", now);
  const auto& figures = first_notice_figures(table);
  // then the mean is (10m + 2h) / 2 = 1h5m: the one under the goal may still be met.
  EXPECT_EQ(figures.averaged, 2);
  EXPECT_EQ(figures.running_in_mean, 1);
  EXPECT_EQ(figures.running, 2);
  EXPECT_EQ(*figures.mean_business, 1h + 5min);
  EXPECT_EQ(figures.mean_met, true);
}

TEST(SlaTable, AClockClosedWithoutNoticeIsAMissAndCountsNoLessThanTheGoalInTheMean) {
  // Given one clock met in 10m and one incident closed after 30m without any report,
  IncidentHistory met("met"), untold("untold");
  met.detect("2026-12-07T09:00", {"soumu"}).first_notice("soumu", "2026-12-07T09:10");
  untold.detect("2026-12-07T10:00", {"soumu"})
      .restore("2026-12-07T10:20")
      .close("2026-12-07T10:30");
  const auto table =
      december({met.clocks("2026-12-20T00:00"), untold.clocks("2026-12-20T00:00")}, "soumu");
  const auto& row = row_of(table, TargetKind::first_notice);
  const auto& figures = first_notice_figures(table);
  // then it is a miss, and it enters the mean as 1h30m, not 30m: (10m + 1h30m) / 2 = 50m.
  EXPECT_EQ(row.met, 1);
  EXPECT_EQ(row.total, 2);
  EXPECT_EQ(figures.closed_without_notice, 1);
  EXPECT_EQ(*figures.mean_business, 50min);
  const auto evidence = std::find_if(row.evidence.begin(), row.evidence.end(),
                                     [](const auto& e) { return e.incident_id == "untold"; });
  ASSERT_NE(evidence, row.evidence.end());
  EXPECT_EQ(evidence->rule, rule::kClosedWithoutNotice);
  EXPECT_TRUE(evidence->counts_against);
  ASSERT_EQ(evidence->events.size(), 2u);
  EXPECT_EQ(evidence->events[1].kind, "closed");
  EXPECT_EQ(evidence->events[1].at, tokyo("2026-12-07T10:30"));
}

TEST(SlaTable, TheCentreAveragesPerIncidentWithItsSlowestAssociation) {
  // Given x: soumu told in 20m, houmu in 2h; y: soumu in 40m,
  IncidentHistory x("x"), y("y");
  x.detect("2026-12-07T10:00", {"soumu", "houmu"})
      .first_notice("soumu", "2026-12-07T10:20")
      .first_notice("houmu", "2026-12-07T12:00");
  y.detect("2026-12-08T10:00", {"soumu"}).first_notice("soumu", "2026-12-08T10:40");
  const std::string now = "2026-12-20T00:00";
  const auto table = december({x.clocks(now), y.clocks(now)}, std::string(kCentreWide));
  const auto& row = row_of(table, TargetKind::first_notice);
  const auto& figures = first_notice_figures(table);
  // then the centre's mean is (2h + 40m) / 2 = 1h20m (met), while 2 of 3 clocks were met.
  EXPECT_EQ(figures.averaged_per, "incident");
  EXPECT_EQ(figures.averaged, 2);
  EXPECT_EQ(*figures.mean_business, 1h + 20min);
  EXPECT_EQ(row.achieved, true);
  EXPECT_EQ(row.met, 2);
  EXPECT_EQ(row.total, 3);
}

TEST(SlaTable, TheCentreCountsAnIncidentOnceAllItsAssociationsWereToldOrOneIsOverTheGoal) {
  IncidentHistory x("x");
  x.detect("2026-12-07T10:00", {"soumu", "houmu"}).first_notice("soumu", "2026-12-07T10:20");
  // At 10:30 houmu's clock runs (30m): the incident's value is not known yet.
  EXPECT_EQ(first_notice_figures(december({x.clocks("2026-12-07T10:30")}, std::string(kCentreWide),
                                          "2026-12-07T10:30"))
                .averaged,
            0);
  // At 12:00 houmu has waited 2h: the incident counts with that.
  const auto noon = first_notice_figures(
      december({x.clocks("2026-12-07T12:00")}, std::string(kCentreWide), "2026-12-07T12:00"));
  EXPECT_EQ(noon.averaged, 1);
  EXPECT_EQ(*noon.mean_business, 2h);
}

TEST(SlaTable, ARecurrenceIsMeasuredAsAnotherOccurrenceOfTheFault) {
  IncidentHistory x("x");
  x.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:10")
      .restore("2026-12-07T11:00")
      .close("2026-12-07T12:00")
      .reopen("2026-12-08T10:00")
      .progress_report("soumu", "2026-12-08T10:50");
  const auto clocks = x.clocks("2026-12-20T00:00");
  const auto soumu = first_notice_figures(december({clocks}, "soumu"));
  EXPECT_EQ(soumu.clocks, 2);
  EXPECT_EQ(*soumu.mean_business, 30min);  // (10m + 50m) / 2
  const auto centre = first_notice_figures(december({clocks}, std::string(kCentreWide)));
  EXPECT_EQ(centre.averaged, 2);
}

// --- scope ---

TEST(SlaTable, TheCentreTableLeavesBoueiOutAndBoueisOwnTableIsForReference) {
  // Given bouei told after 3h, and soumu told in 10m about another fault,
  IncidentHistory defence("defence"), shared("shared");
  defence.detect("2026-12-07T10:00", {"bouei"})
      .first_notice("bouei", "2026-12-07T13:00")
      .activity("2026-12-07T20:00", "2026-12-07T21:00");
  shared.detect("2026-12-08T10:00", {"soumu"}).first_notice("soumu", "2026-12-08T10:10");
  const std::string now = "2026-12-20T00:00";
  const std::vector incidents{defence.clocks(now), shared.clocks(now)};
  const auto centre = december(incidents, std::string(kCentreWide));
  // then the centre sees only soumu's clock and none of the defence incident's work,
  EXPECT_FALSE(centre.reference_only);
  EXPECT_EQ(first_notice_figures(centre).clocks, 1);
  EXPECT_EQ(*first_notice_figures(centre).mean_business, 10min);
  EXPECT_EQ(centre.incident_ids, (std::vector<std::string>{"shared"}));
  // and bouei's table has its own clock, marked for reference.
  const auto bouei = december(incidents, "bouei");
  EXPECT_TRUE(bouei.reference_only);
  EXPECT_EQ(first_notice_figures(bouei).clocks, 1);
  EXPECT_EQ(row_of(bouei, TargetKind::first_notice).achieved, false);
}

TEST(SlaTable, AnAllCentreFaultBeforeAGoLiveIsNotInThatAssociationsTable) {
  // Given a centre-wide fault on 2026-09-15: soumu live since 2026-08, sangiin from 2026-10,
  IncidentHistory x("x");
  x.detect("2026-09-15T10:00", {"all_centre"}).first_notice("soumu", "2026-09-15T10:10");
  const auto clocks = x.clocks("2026-09-30T00:00");
  const auto september = [&](const std::string& tenant) {
    return build_table({clocks}, tenant, month_period(year{2026} / std::chrono::September),
                       default_sla_definitions(), tokyo("2026-09-30T00:00"));
  };
  EXPECT_EQ(first_notice_figures(september("soumu")).clocks, 1);
  EXPECT_EQ(first_notice_figures(september("sangiin")).clocks, 0);
  EXPECT_TRUE(september("sangiin").incident_ids.empty());
}

TEST(SlaTable, AClockThatCannotBeMeasuredIsListedAndInNoFigure) {
  IncidentHistory old("old");
  old.detect("1950-06-01T10:00", {"soumu"}).first_notice("soumu", "1950-06-01T10:30");
  const auto table = build_table(
      {old.clocks("2026-12-20T00:00")}, "soumu",
      term_period(year{1950} / std::chrono::April / 1, year{1951} / std::chrono::March / 31),
      default_sla_definitions(), tokyo("2026-12-20T00:00"));
  const auto& row = row_of(table, TargetKind::first_notice);
  EXPECT_EQ(first_notice_figures(table).unmeasurable, 1);
  EXPECT_EQ(row.total, 0);
  EXPECT_FALSE(row.achieved.has_value());
  ASSERT_EQ(row.evidence.size(), 1u);
  EXPECT_EQ(row.evidence[0].rule, rule::kOutsideCalendar);
  EXPECT_TRUE(row.evidence[0].counts_against);
}

TEST(SlaTable, ATableAsOfAPastDayIgnoresEventsRecordedLater) {
  IncidentHistory incident("i1");
  incident.run(
      incidents::DetectIncident{
          "i1", tokyo("2026-12-07T10:00"), "monitoring", "major", "t", "", {"soumu"}, {}, ""},
      tokyo("2026-12-07T10:01"));
  // Recorded two days later, though sent on the 7th.
  incident.run(
      incidents::RecordNotice{"soumu", "first_notice", tokyo("2026-12-07T11:00"), "phone", ""},
      tokyo("2026-12-09T09:00"));
  const auto end_of_7th = tokyo("2026-12-08T00:00");
  const auto as_of_7th =
      compute_clocks(fold_incident(incident.events(), end_of_7th), testing::standard_calendar(),
                     default_sla_definitions(), end_of_7th);
  ASSERT_EQ(as_of_7th.first_notice.size(), 1u);
  EXPECT_TRUE(as_of_7th.first_notice[0].running);
  EXPECT_EQ(as_of_7th.first_notice[0].business_elapsed, 8h);

  const auto live = incident.clocks("2026-12-09T09:00");
  EXPECT_FALSE(live.first_notice[0].running);
  EXPECT_EQ(live.first_notice[0].business_elapsed, 1h);
}

TEST(SlaTable, TheContractTermSpansItsDaysInclusive) {
  const auto term =
      term_period(year{2026} / std::chrono::April / 1, year{2027} / std::chrono::March / 31);
  EXPECT_EQ(term.label, "2026-04-01..2027-03-31");
  EXPECT_EQ(term.from, tokyo("2026-04-01T00:00"));
  EXPECT_EQ(term.until, tokyo("2027-04-01T00:00"));
}

// Whether a table's figures can change with the time alone decides how long a kept table
// stays true: an ended month stays put unless something it counts still runs.
TEST(TableTime, AnEndedMonthMovesOnlyWhileSomethingItCountsStillRuns) {
  const auto november = month_period(year{2026} / November);
  const auto december = month_period(year{2026} / December);
  const std::string asked = "2026-12-09T12:00";
  const auto now = tokyo(asked);
  IncidentHistory told("a"), untold("b"), quiet("c");
  // Told on its day, reported on every day since, still not restored:
  told.detect("2026-11-30T10:00", {"soumu"}).first_notice("soumu", "2026-11-30T10:10");
  for (const auto* day : {"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07",
                          "2026-12-08", "2026-12-09"})
    told.progress_report("soumu", std::string(day) + "T10:00");
  // November's days are all decided; December's still come.
  EXPECT_FALSE(moves_with_time(told.clocks(asked), november, now));
  EXPECT_TRUE(moves_with_time(told.clocks(asked), december, now));
  // A first notice never sent: the clock counted in November still runs.
  untold.detect("2026-11-27T10:00", {"soumu"});
  EXPECT_TRUE(moves_with_time(untold.clocks(asked), november, now));
  // The last report in November, silence since: November's longest silence still grows.
  quiet.detect("2026-11-26T10:00", {"soumu"}).first_notice("soumu", "2026-11-26T10:10");
  quiet.progress_report("soumu", "2026-11-27T10:00");
  EXPECT_TRUE(moves_with_time(quiet.clocks(asked), november, now));
  quiet.restore("2026-12-01T12:00");
  EXPECT_FALSE(moves_with_time(quiet.clocks(asked), november, now));
}

}  // namespace
}  // namespace opsdesk::sla
