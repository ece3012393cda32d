// The centre's routine operations rows (別表1): (運用状況の) 経過報告間隔 owes each association a
// daily operations report on every business day; 運用時間 is the share of scheduled work done
// within the service hours, with system backups, inspections and work inside an approved window
// permitted out of hours. Both from the go-live month, without bouei.

#include "libs/sla/operations_rows.hpp"

#include <gtest/gtest.h>

#include "libs/sla/definitions_yaml.hpp"
#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla {
namespace {

using std::chrono::day;
using std::chrono::November;
using std::chrono::September;
using std::chrono::year;
using testing::tokyo;

// Mon 2026-11-02 .. Fri 2026-11-06; Tue 11-03 is 文化の日.
const TablePeriod kFirstWeekOfNovember =
    term_period(year{2026} / November / day{2}, year{2026} / November / day{6});

DailyReportRecord report(const std::string& tenant, const std::string& id,
                         const std::string& sent) {
  return {tenant, id, "event-" + id, tokyo(sent)};
}

WorkRecord work(const std::string& id, const std::string& kind, std::vector<std::string> tenants,
                const std::string& done) {
  return {id, "event-" + id, kind, "work " + id, "ok", std::move(tenants), tokyo(done)};
}

OperationsRows rows(const OperationsRecords& records, const std::string& scope,
                    const TablePeriod& period, const std::string& now,
                    TableDetail detail = TableDetail::evidence) {
  return operations_rows(records, scope, period, tokyo(now), default_sla_definitions(),
                         testing::standard_calendar(), detail);
}

OperationsRecords with_reports(std::vector<DailyReportRecord> reports) {
  OperationsRecords records;
  records.reports_recorded = true;
  records.work_recorded = true;
  records.reports = std::move(reports);
  return records;
}

TEST(OpsReportCadence, EveryBusinessDayOwesEachAssociationOneReport) {
  const auto records = with_reports({
      report("soumu", "r-mon", "2026-11-02T17:00"),
      report("soumu", "r-holiday", "2026-11-03T10:00"),  // 文化の日: owes nothing, meets nothing
      report("soumu", "r-wed", "2026-11-04T19:30"),      // after 18:00: counts, out of hours
      report("houmu", "r-thu", "2026-11-05T10:00"),      // another association's
  });
  const auto row = rows(records, "soumu", kFirstWeekOfNovember, "2026-11-06T12:00").report_cadence;
  const auto& figures = std::get<CadenceFigures>(row.figures);
  EXPECT_TRUE(row.has_data);
  EXPECT_EQ(figures.cycles, 3) << "Mon, Wed and Thu; Friday is still going on";
  EXPECT_EQ(figures.ongoing, 1);
  EXPECT_EQ(figures.breached, 1);
  EXPECT_EQ(figures.out_of_hours, 1);
  EXPECT_EQ(row.met, 2);
  EXPECT_EQ(row.total, 3);
  EXPECT_EQ(row.achieved, false);
  EXPECT_EQ(row.items, 2) << "the reports behind the met days";
  ASSERT_EQ(row.evidence.size(), 3u);
  EXPECT_EQ(row.evidence[0].daily_report_id, "r-mon");
  EXPECT_EQ(row.evidence[0].rule, "report_on_day");
  EXPECT_EQ(row.evidence[1].rule, "report_out_of_hours");
  EXPECT_FALSE(row.evidence[1].counts_against);
  EXPECT_EQ(row.evidence[2].rule, "no_report_on_day");
  EXPECT_TRUE(row.evidence[2].counts_against);
  EXPECT_EQ(row.evidence[2].what_ja, "2026-11-05 の運用状況報告なし");
}

TEST(OpsReportCadence, TodayIsMetByAReportAndJudgedMissingOnlyWhenItEnds) {
  const auto records = with_reports({report("soumu", "r-fri", "2026-11-06T09:30")});
  const auto row = rows(records, "soumu", kFirstWeekOfNovember, "2026-11-06T12:00").report_cadence;
  const auto& figures = std::get<CadenceFigures>(row.figures);
  EXPECT_EQ(figures.ongoing, 0);
  EXPECT_EQ(figures.cycles, 4);
  EXPECT_EQ(row.met, 1);

  const auto later =
      rows(records, "soumu", kFirstWeekOfNovember, "2026-11-09T09:00").report_cadence;
  EXPECT_EQ(std::get<CadenceFigures>(later.figures).cycles, 4);
  EXPECT_EQ(later.met, 1);
}

TEST(OpsReportCadence, AnAssociationOwesNothingBeforeItsGoLiveMonth) {
  // sangiin goes live in October 2026.
  const auto september = month_period(year{2026} / September);
  const auto records = with_reports({});
  const auto row = rows(records, "sangiin", september, "2026-10-15T12:00").report_cadence;
  EXPECT_TRUE(row.has_data);
  EXPECT_EQ(row.total, 0);
  EXPECT_FALSE(row.achieved.has_value());
  // shugiin went live in September: every business day of it is owed, and missed.
  const auto shugiin = rows(records, "shugiin", september, "2026-10-15T12:00").report_cadence;
  EXPECT_EQ(shugiin.total, 19);  // September 2026: 22 weekdays, less 敬老の日, 国民の休日, 秋分の日
  EXPECT_EQ(shugiin.met, 0);
}

TEST(OpsReportCadence, TheCentreCountsEachAssociationsDaysAndLeavesOutBouei) {
  std::vector<DailyReportRecord> reports;
  for (const auto& tenant : operations_tenants(std::string(kCentreWide)))
    reports.push_back(report(tenant, "r-" + tenant, "2026-11-02T17:00"));
  reports.push_back(report("bouei", "r-bouei", "2026-11-02T17:00"));
  const auto period = term_period(year{2026} / November / day{2}, year{2026} / November / day{2});
  const auto records = with_reports(reports);
  const auto centre = rows(records, std::string(kCentreWide), period, "2026-11-10T12:00");
  EXPECT_EQ(centre.report_cadence.total, 18);
  EXPECT_EQ(centre.report_cadence.met, 18);
  EXPECT_EQ(centre.report_cadence.achieved, true);

  const auto bouei = rows(records, "bouei", period, "2026-11-10T12:00");
  EXPECT_FALSE(bouei.report_cadence.has_data);
  EXPECT_FALSE(bouei.operating_hours.has_data);
  EXPECT_NE(bouei.report_cadence.no_data_reason.find("4.(4)"), std::string::npos);
}

TEST(OpsReportCadence, SaysNoDataUntilTheScheduleRecordsAReport) {
  OperationsRecords nothing;
  const auto none = rows(nothing, "soumu", kFirstWeekOfNovember, "2026-11-10T12:00");
  EXPECT_FALSE(none.report_cadence.has_data);
  EXPECT_FALSE(none.operating_hours.has_data);
  EXPECT_NE(none.report_cadence.no_data_reason.find("daily-reports"), std::string::npos);
}

TEST(OperatingHours, OutOfHoursWorkIsPermittedForBackupsInspectionsAndApprovedWindows) {
  OperationsRecords records;
  records.reports_recorded = true;
  records.work_recorded = true;
  records.work = {
      work("o-check", "backup_check", {"soumu"}, "2026-11-02T10:00"),      // inside
      work("o-backup", "system_backup", {"soumu"}, "2026-11-02T20:00"),    // permitted: kind
      work("o-window", "media_exchange", {"soumu"}, "2026-11-04T19:00"),   // inside the window
      work("o-late", "audit_log_review", {"soumu"}, "2026-11-05T19:30"),   // a miss
      work("o-holiday", "inspection", {"soumu"}, "2026-11-03T11:00"),      // permitted: kind
      work("o-other", "audit_log_review", {"gaimu"}, "2026-11-05T19:30"),  // not soumu's
  };
  records.windows = {{"w-1", "soumu", tokyo("2026-11-04T18:00"), tokyo("2026-11-04T22:00")},
                     {"w-2", "gaimu", tokyo("2026-11-05T18:00"), tokyo("2026-11-05T22:00")}};
  const auto row = rows(records, "soumu", kFirstWeekOfNovember, "2026-11-10T12:00").operating_hours;
  const auto& figures = std::get<OperatingHoursFigures>(row.figures);
  EXPECT_EQ(figures.work, 5);
  EXPECT_EQ(figures.inside, 1);
  EXPECT_EQ(figures.permitted_outside, 3);
  EXPECT_EQ(figures.missed_outside, 1);
  EXPECT_DOUBLE_EQ(*figures.share_inside, 0.2);
  EXPECT_EQ(row.met, 4) << "permitted work out of hours is not a miss";
  EXPECT_EQ(row.total, 5);
  EXPECT_EQ(row.achieved, false);
  ASSERT_EQ(row.evidence.size(), 5u);
  EXPECT_EQ(row.evidence[1].occurrence_id, "o-backup");
  EXPECT_EQ(row.evidence[1].rule, "permitted_kind");
  EXPECT_TRUE(row.evidence[1].permitted);
  EXPECT_EQ(row.evidence[2].rule, "approved_window");
  EXPECT_EQ(row.evidence[3].rule, "out_of_hours_work");
  EXPECT_TRUE(row.evidence[3].counts_against);
  EXPECT_EQ(row.evidence[4].occurrence_id, "o-holiday");

  // gaimu's late work lies inside the window gaimu approved.
  const auto gaimu =
      rows(records, "gaimu", kFirstWeekOfNovember, "2026-11-10T12:00").operating_hours;
  EXPECT_EQ(gaimu.total, 1);
  EXPECT_EQ(gaimu.achieved, true);
}

TEST(OperatingHours, TheCentreCountsAPieceOfWorkOnceAndLeavesOutWorkBeforeGoLive) {
  OperationsRecords records;
  records.work_recorded = true;
  records.work = {
      work("o-all", "backup_check", operations_tenants(std::string(kCentreWide)),
           "2026-09-15T10:00"),
      // sangiin is not live until October; bouei is never the centre's.
      work("o-early", "backup_check", {"sangiin", "bouei"}, "2026-09-15T11:00"),
  };
  const auto row = rows(records, std::string(kCentreWide), month_period(year{2026} / September),
                        "2026-10-01T12:00")
                       .operating_hours;
  EXPECT_EQ(row.total, 1);
  EXPECT_EQ(row.met, 1);
  EXPECT_EQ(row.achievement_percent, 100.0);
}

TEST(OperationsRows, EachLevelOfDetailHasTheSameFiguresAndListsOnlyWhatItNames) {
  auto records = with_reports(
      {report("soumu", "r-mon", "2026-11-02T17:00"), report("soumu", "r-wed", "2026-11-04T19:30")});
  records.work = {work("o-check", "backup_check", {"soumu"}, "2026-11-02T10:00"),
                  work("o-late", "audit_log_review", {"soumu"}, "2026-11-05T19:30")};
  const auto at = [&](TableDetail detail) {
    return rows(records, "soumu", kFirstWeekOfNovember, "2026-11-10T12:00", detail);
  };
  const auto figures = at(TableDetail::figures);
  const auto ids = at(TableDetail::ids);
  const auto evidence = at(TableDetail::evidence);
  for (const auto* level : {&figures, &ids, &evidence}) {
    for (const auto& [row, reference] :
         {std::pair{&level->report_cadence, &evidence.report_cadence},
          std::pair{&level->operating_hours, &evidence.operating_hours}}) {
      EXPECT_EQ(row->items, reference->items);
      EXPECT_EQ(row->met, reference->met);
      EXPECT_EQ(row->total, reference->total);
      EXPECT_EQ(row->achieved, reference->achieved);
    }
  }
  EXPECT_EQ(figures.report_cadence.items, 2);
  // The JSON of figures only: counts, nothing behind them.
  EXPECT_TRUE(figures.report_cadence.record_ids.empty());
  EXPECT_TRUE(figures.operating_hours.record_ids.empty());
  EXPECT_TRUE(figures.report_cadence.evidence.empty());
  // The csv: the records behind each row, no evidence items.
  EXPECT_EQ(ids.report_cadence.record_ids, (std::vector<std::string>{"r-mon", "r-wed"}));
  EXPECT_EQ(ids.operating_hours.record_ids, (std::vector<std::string>{"o-check", "o-late"}));
  EXPECT_TRUE(ids.operating_hours.evidence.empty());
  // The JSON with evidence and the workbook: everything.
  EXPECT_EQ(evidence.operating_hours.record_ids, ids.operating_hours.record_ids);
  EXPECT_EQ(evidence.operating_hours.evidence.size(), 2u);
  EXPECT_EQ(evidence.report_cadence.evidence.size(), 4u);  // each business day, met or missed
}

}  // namespace
}  // namespace opsdesk::sla
