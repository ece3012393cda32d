// The table (別表1) for a tenant or the whole centre over a month or the contract term: target,
// measured value, compliance, items and evidence per row; no_data (with the reason) for rows
// whose source domain does not exist yet, never a zero.

#include "libs/sla/sla_table.hpp"

#include <gtest/gtest.h>

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

  const auto& hours = row_of(table, TargetKind::response_hours);
  const auto& hours_figures = std::get<ResponseHoursFigures>(hours.figures);
  EXPECT_EQ(hours_figures.actions, 5);
  EXPECT_EQ(hours_figures.outside, 1);
  ASSERT_EQ(hours.evidence.size(), 1u);
  EXPECT_EQ(hours.evidence[0].event_ids(), (std::vector<std::string>{"i1-e4"}));
  EXPECT_NE(hours.evidence[0].what.find("response_activity"), std::string::npos);
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

}  // namespace
}  // namespace opsdesk::sla
