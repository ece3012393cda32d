// The SLA table as people read it: the 実績値 cell in Japanese (exact figures, no data said as
// such), the CSV Excel opens as it is, and the workbook laid out like 別表1 with its evidence.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <utility>

#include "libs/reports/testing/xlsx_contents.hpp"
#include "libs/sla/tests/incident_history.hpp"
#include "services/sla-metrics/reports/measured_text.hpp"
#include "services/sla-metrics/reports/table_csv.hpp"
#include "services/sla-metrics/reports/table_xlsx.hpp"

namespace opsdesk::sla_metrics {
namespace {

using namespace std::chrono_literals;
using sla::testing::IncidentHistory;
using sla::testing::tokyo;
using std::chrono::December;
using std::chrono::November;
using std::chrono::year;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const sla::TableRow& row_of(const sla::SlaTable& table, sla::TargetKind kind) {
  for (const auto& row : table.rows)
    if (row.definition.kind == kind) return row;
  throw std::runtime_error("no row");
}

sla::SlaTable december_table(const std::vector<sla::IncidentClocks>& incidents,
                             const std::string& tenant, const std::string& now) {
  return sla::build_table(incidents, tenant, sla::month_period(year{2026} / December),
                          sla::default_sla_definitions(), tokyo(now));
}

// soumu noticed in 1h15m (met) and 1h31m (missed), houmu in 20m; c started in November.
std::vector<sla::IncidentClocks> first_notice_incidents() {
  IncidentHistory a("a"), b("b"), c("c");
  a.detect("2026-12-04T17:30", {"soumu"}).first_notice("soumu", "2026-12-07T09:45");
  b.detect("2026-12-05T23:00", {"soumu", "houmu"})
      .first_notice("soumu", "2026-12-07T10:31")
      .first_notice("houmu", "2026-12-07T09:20");
  c.detect("2026-11-30T10:00", {"soumu"}).first_notice("soumu", "2026-11-30T10:10");
  const std::string now = "2026-12-10T00:00";
  return {a.clocks(now), b.clocks(now), c.clocks(now)};
}

// Reports on 12-08 (met) and 12-10 (met), none on 12-09; two hours of work at night on 12-08.
std::vector<sla::IncidentClocks> cadence_incidents() {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"})
      .first_notice("soumu", "2026-12-07T10:30")
      .progress_report("soumu", "2026-12-08T11:00")
      .activity("2026-12-08T20:00", "2026-12-08T22:00")
      .restore("2026-12-10T09:30")
      .recovery_report("soumu", "2026-12-10T10:00");
  return {incident.clocks("2026-12-20T00:00")};
}

sla::SlaTable soumu_first_notice_table() {
  return december_table(first_notice_incidents(), "soumu", "2026-12-10T00:00");
}

sla::SlaTable empty_november_table() {
  return sla::build_table({}, "soumu", sla::month_period(year{2026} / November),
                          sla::default_sla_definitions(), tokyo("2026-12-01T00:00"));
}

// --- measured text ---

TEST(DurationTextJa, GivesHoursAndMinutesWithSecondsDropped) {
  EXPECT_EQ(sla::duration_text_ja(1h + 23min + 59s), "1時間23分");
  EXPECT_EQ(sla::duration_text_ja(17h), "17時間");
  EXPECT_EQ(sla::duration_text_ja(31h + 5min), "31時間5分");
  EXPECT_EQ(sla::duration_text_ja(45min + 30s), "45分");
  EXPECT_EQ(sla::duration_text_ja(59s), "0分");
  EXPECT_EQ(sla::duration_text_ja(-(1h + 30min)), "-1時間30分");
}

TEST(MeasuredText, FirstNoticeGivesMeanP90MaxAndCompliance) {
  const auto table = soumu_first_notice_table();
  const auto& row = row_of(table, sla::TargetKind::first_notice);
  EXPECT_EQ(measured_text_ja(row),
            "平均 1時間23分（2件、p90 1時間31分、最大 1時間31分）／遵守 1/2件");
  EXPECT_EQ(achievement_text(row), "50.0%");
  EXPECT_EQ(achieved_text(row), "○");  // the mean is within 1h30m
}

TEST(MeasuredText, CentreWideFirstNoticeAveragesPerIncident) {
  const auto table =
      december_table(first_notice_incidents(), std::string(sla::kCentreWide), "2026-12-10T00:00");
  const auto& row = row_of(table, sla::TargetKind::first_notice);
  // a: 1h15m; b: the longer of 1h31m and 20m. (1h15m + 1h31m) / 2 = 1h23m; per clock 2 of 3 met.
  EXPECT_EQ(measured_text_ja(row),
            "平均 1時間23分（インシデント 2件、p90 1時間31分、最大 1時間31分）／遵守 2/3件");
  EXPECT_EQ(achievement_text(row), "66.7%");
}

TEST(MeasuredText, FirstNoticeCountsClocksStillWaitingAndThoseAlreadyOverTheGoal) {
  IncidentHistory late("late"), recent("recent");
  late.detect("2026-12-07T10:00", {"soumu"});    // 2h of business time at noon: over 1h30m
  recent.detect("2026-12-07T11:30", {"soumu"});  // 30m: still within the goal
  const std::string now = "2026-12-07T12:00";
  const auto table = december_table({late.clocks(now), recent.clocks(now)}, "soumu", now);
  const auto& row = row_of(table, sla::TargetKind::first_notice);
  // The clock past the goal counts in the mean with its time so far; the other may yet be met.
  EXPECT_EQ(measured_text_ja(row),
            "平均 2時間（1件、うち通知待ち 1件、p90 2時間、最大 2時間）／遵守 0/1件／通知待ち 2件");
  EXPECT_EQ(achievement_text(row), "0.0%");
  EXPECT_EQ(achieved_text(row), "×");
}

TEST(MeasuredText, ProgressCadenceGivesReportsPerDayLongestGapAndDaysMet) {
  const auto table = december_table(cadence_incidents(), "soumu", "2026-12-20T00:00");
  const auto& row = row_of(table, sla::TargetKind::progress_cadence);
  // Two reports over three owed days; 12-08 11:00 -> the restoration 12-10 09:30 is 7h + 9h +
  // 30m of business time.
  EXPECT_EQ(measured_text_ja(row),
            "1営業日あたり 0.67回、最長間隔 16時間30分（営業時間）／報告あり 2/3日");
  EXPECT_EQ(achievement_text(row), "66.7%");
  EXPECT_EQ(achieved_text(row), "×");  // 12-09 had no report
}

TEST(MeasuredText, ResponseHoursGivesTheShareInsideAndCountsTheWorkOutside) {
  const auto table = december_table(cadence_incidents(), "soumu", "2026-12-20T00:00");
  const auto& row = row_of(table, sla::TargetKind::response_hours);
  EXPECT_EQ(measured_text_ja(row),
            "サービス時間内 4/5件（80.0%）、時間外（緊急対応として許容） 1件");
  EXPECT_EQ(achievement_text(row), "80.0%");
  EXPECT_EQ(achieved_text(row), "○");  // out-of-hours fault response is permitted
}

TEST(MeasuredText, ARowWithoutASourceSaysNoDataAndWhyInJapanese) {
  const auto table = empty_november_table();
  EXPECT_EQ(measured_text_ja(row_of(table, sla::TargetKind::operating_hours)),
            "データなし：運用時間はセンタの運用スケジュール管理から取得しますが、この表は同機能の"
            "イベントを読んでいません");
  EXPECT_EQ(measured_text_ja(row_of(table, sla::TargetKind::reception_hours)),
            "データなし：サポートの受付は問合せ管理から取得しますが、この表は問合せのイベントを読"
            "んでいません");
  EXPECT_EQ(achievement_text(row_of(table, sla::TargetKind::operating_hours)), "—");
}

TEST(MeasuredText, AnUnknownNoDataReasonIsShownAsGiven) {
  sla::TableRow row;
  row.has_data = false;
  row.no_data_reason = "the archive is being migrated";
  EXPECT_EQ(measured_text_ja(row), "データなし：the archive is being migrated");
}

TEST(MeasuredText, AnEmptyPeriodIsNothingToMeasureNotZeroPercent) {
  const auto table = empty_november_table();
  for (auto kind : {sla::TargetKind::first_notice, sla::TargetKind::progress_cadence,
                    sla::TargetKind::response_hours}) {
    EXPECT_EQ(measured_text_ja(row_of(table, kind)), "対象なし") << to_string(kind);
    EXPECT_EQ(achievement_text(row_of(table, kind)), "—") << to_string(kind);
  }
}

// --- CSV ---

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kCsvHeader =
    "対象,期間,項目,内容,評価及び測定方法,設定指標値（目標値）,実績値,達成,達成率,遵守,件数,"
    "根拠（インシデント／問合せ／運用記録）\r\n";

// An RFC 4180 reader, independent of the writer: records of fields, quotes undone.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::exchange(field, {}));
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      record.push_back(std::exchange(field, {}));
      records.push_back(std::exchange(record, {}));
      ++i;
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(field.empty() && record.empty()) << "the last record has no CRLF";
  return records;
}

std::vector<std::string> csv_lines(const std::string& csv) {
  std::vector<std::string> lines;
  std::size_t start = kBom.size();
  for (auto end = csv.find("\r\n", start); end != std::string::npos;
       start = end + 2, end = csv.find("\r\n", start))
    lines.push_back(csv.substr(start, end - start + 2));
  return lines;
}

TEST(TableCsv, StartsWithAByteOrderMarkAndTheHeader) {
  const auto csv = table_csv({soumu_first_notice_table()});
  ASSERT_THAT(csv, StartsWith(kBom));
  EXPECT_EQ(csv.substr(kBom.size(), kCsvHeader.size()), kCsvHeader);
}

TEST(TableCsv, HasOneCrlfLinePerRowOfEveryTable) {
  const auto incidents = first_notice_incidents();
  const auto csv =
      table_csv({december_table(incidents, "soumu", "2026-12-10T00:00"),
                 december_table(incidents, std::string(sla::kCentreWide), "2026-12-10T00:00")});
  const auto lines = csv_lines(csv);
  ASSERT_EQ(lines.size(), 1u + 6u + 6u);
  EXPECT_EQ(
      kBom.size() +
          [&] {
            std::size_t total = 0;
            for (const auto& line : lines) total += line.size();
            return total;
          }(),
      csv.size())
      << "text after the last CRLF";
  EXPECT_EQ(csv.find('\n'), csv.find("\r\n") + 1) << "a line feed without a carriage return";
  EXPECT_THAT(lines[1], StartsWith("総務省共済組合 (soumu),2026-12,障害対応時間帯,"));
  EXPECT_THAT(lines[7], StartsWith("センタ全体,2026-12,障害対応時間帯,"));
  for (const auto& record : parse_csv(csv.substr(kBom.size()))) EXPECT_EQ(record.size(), 12u);
}

TEST(TableCsv, ALineCarriesTheRowsTextsFiguresComplianceAndIncidents) {
  const auto lines = csv_lines(table_csv({soumu_first_notice_table()}));
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[3],
            "総務省共済組合 (soumu),2026-12,障害対応状況通知時間,"
            "障害を検知してから暫定対応状況報告通知までの時間,"
            "障害通知時間＝異常を検出(エラー・警告メッセージが発生)してから、障害状況の一報通知まで"
            "の平均時間,1時間半,平均 1時間23分（2件、p90 1時間31分、最大 1時間31分）／遵守 1/2件,"
            "○,50.0%,1/2,2,a b\r\n");
}

TEST(TableCsv, ARowWithoutDataLeavesItsCountsEmpty) {
  const auto lines = csv_lines(table_csv({soumu_first_notice_table()}));
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_THAT(lines[4], StartsWith("総務省共済組合 (soumu),2026-12,運用時間,"));
  EXPECT_THAT(lines[4], HasSubstr(",データなし："));
  EXPECT_THAT(lines[4], ::testing::EndsWith(",—,—,,,\r\n"));
}

TEST(TableCsv, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  auto table = soumu_first_notice_table();
  table.rows[0].definition.content_ja = "平日, \"9:00\"\r\nから";
  const auto csv = table_csv({table});
  EXPECT_THAT(csv, HasSubstr(",\"平日, \"\"9:00\"\"\r\nから\","));
  const auto records = parse_csv(csv.substr(kBom.size()));
  ASSERT_EQ(records.size(), 7u);
  ASSERT_EQ(records[1].size(), 12u);
  EXPECT_EQ(records[1][3], "平日, \"9:00\"\r\nから");
  EXPECT_EQ(records[1][0], "総務省共済組合 (soumu)");
}

// --- XLSX ---

const core::Instant kGeneratedAt = tokyo("2026-12-12T09:05");

TEST(TableXlsx, IsAZipWithATableSheetPerTableAndTheEvidenceSheet) {
  const auto incidents = first_notice_incidents();
  const auto xlsx =
      table_xlsx({december_table(incidents, "soumu", "2026-12-10T00:00"),
                  december_table(incidents, std::string(sla::kCentreWide), "2026-12-10T00:00")},
                 kGeneratedAt);
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error();
  ASSERT_THAT(*xlsx, StartsWith("PK"));
  const auto contents = reports::testing::read_xlsx(*xlsx);
  ASSERT_EQ(contents.error, "");
  // The associations by their Japanese names, then the evidence (根拠).
  EXPECT_THAT(contents.sheet_names, ElementsAre("総務省共済組合", "センタ全体", "根拠"));
  EXPECT_EQ(contents.created, "2026-12-12T00:05:00Z") << "the given time, not the clock";
}

TEST(TableXlsx, ATableSheetIsLaidOutLikeBeppyou1) {
  const auto xlsx = table_xlsx({soumu_first_notice_table()}, kGeneratedAt);
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error();
  const auto contents = reports::testing::read_xlsx(*xlsx);
  ASSERT_EQ(contents.error, "");
  auto rows = contents.rows.at("総務省共済組合");
  EXPECT_EQ(rows[1], "SLA実績 別表1 — 総務省共済組合 (soumu) — 2026-12");
  EXPECT_EQ(rows[2],
            "集計時点 2026-12-10 00:00（日本時間）／作成 2026-12-12 09:05（日本時間）"
            "／根拠は「根拠」シート");
  EXPECT_EQ(rows[4], "項目\t内容\t評価及び測定方法\t設定指標値（目標値）\t実績値\t達成\t達成率");
  EXPECT_EQ(rows[7],
            "障害対応状況通知時間\t障害を検知してから暫定対応状況報告通知までの時間\t"
            "障害通知時間＝異常を検出(エラー・警告メッセージが発生)してから、障害状況の一報通知まで"
            "の平均時間\t1時間半\t平均 1時間23分（2件、p90 1時間31分、最大 1時間31分）／遵守 "
            "1/2件\t○\t0.5 {0.0%}")
      << "達成率 is a number shown as a percentage, not text";
  EXPECT_THAT(rows[8], StartsWith("運用時間\t"));
  EXPECT_THAT(rows[8], HasSubstr("\tデータなし："));
  EXPECT_THAT(rows[8], ::testing::EndsWith("\t—\t—"));
  // Title, as-of line, (a blank row), header, then one row per definition.
  EXPECT_EQ(rows.size(), 3u + 6u);
}

TEST(TableXlsx, TheEvidenceSheetListsTheIncidentsAndEventsBehindEachFigure) {
  const auto xlsx = table_xlsx({soumu_first_notice_table()}, kGeneratedAt);
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error();
  const auto contents = reports::testing::read_xlsx(*xlsx);
  ASSERT_EQ(contents.error, "");
  auto rows = contents.rows.at("根拠");
  EXPECT_EQ(rows[1],
            "対象\t項目\tインシデント／問合せID\t共済組合\t内容\t適用ルール\t目標未達\t"
            "イベント（ID・日本時間）");
  // In table order: no out-of-hours work; cadence misses (a and b on 12-08 and 12-09, c on the
  // seven business days 12-01..12-09); then the two first notices.
  EXPECT_EQ(
      rows[2],
      "総務省共済組合 (soumu) 2026-12\t(障害対応状況の) 経過報告間隔\ta\t総務省共済組合 (soumu)\t"
      "2026-12-08 の報告なし（始業時に未復旧のため報告要）\tno_report_on_day\t○\t"
      "始業 2026-12-08 09:00");
  EXPECT_EQ(rows[13],
            "総務省共済組合 (soumu) 2026-12\t障害対応状況通知時間\ta\t総務省共済組合 (soumu)\t"
            "第一報まで営業時間 1時間15分、達成\tfirst_report\t\t"
            "検知 a-e1 2026-12-04 17:30; 第一報 a-e2 2026-12-07 09:45");
  EXPECT_EQ(rows[14],
            "総務省共済組合 (soumu) 2026-12\t障害対応状況通知時間\tb\t総務省共済組合 (soumu)\t"
            "第一報まで営業時間 1時間31分、未達\tfirst_report\t○\t"
            "検知 b-e1 2026-12-05 23:00; 第一報 b-e2 2026-12-07 10:31");
  EXPECT_EQ(rows.size(), 1u + 4u + 7u + 2u);
}

TEST(TableXlsx, SheetNamesAreValidForExcelAndUnique) {
  const auto month = soumu_first_notice_table();
  auto odd = soumu_first_notice_table();
  odd.tenant = "a/b:c*d?e[f]g\\h-and-a-name-far-longer-than-excel-allows";
  auto clash = soumu_first_notice_table();
  clash.tenant = "根拠";  // an unknown code named like the evidence sheet
  const auto xlsx = table_xlsx({month, month, odd, clash}, kGeneratedAt);
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error();
  const auto contents = reports::testing::read_xlsx(*xlsx);
  ASSERT_EQ(contents.error, "");
  EXPECT_THAT(contents.sheet_names,
              ElementsAre("総務省共済組合", "総務省共済組合 (2)", "a_b_c_d_e_f_g_h-and-a-name-far-",
                          "根拠 (2)", "根拠"));
}

TEST(TableXlsx, AssociationsWithNothingInThePeriodShareOneSheet) {
  auto houmu = empty_november_table();
  houmu.tenant = "houmu";
  const auto xlsx =
      table_xlsx({soumu_first_notice_table(), empty_november_table(), houmu}, kGeneratedAt);
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error();
  const auto contents = reports::testing::read_xlsx(*xlsx);
  ASSERT_EQ(contents.error, "");
  EXPECT_THAT(contents.sheet_names, ElementsAre("総務省共済組合", "対象なし", "根拠"));
  auto rows = contents.rows.at("対象なし");
  EXPECT_EQ(rows[4], "共済組合\t期間\t実績");
  EXPECT_THAT(rows[5], StartsWith("総務省共済組合 (soumu)\t2026-11\t障害・問合せ・運用実績なし"));
  EXPECT_THAT(rows[6], StartsWith("法務省共済組合 (houmu)\t2026-11\t障害・問合せ・運用実績なし"));
}

TEST(TableXlsx, ALoneTableKeepsItsSheetEvenWithNothingInIt) {
  const auto xlsx = table_xlsx({empty_november_table()}, kGeneratedAt);
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error();
  EXPECT_THAT(reports::testing::read_xlsx(*xlsx).sheet_names,
              ElementsAre("総務省共済組合", "根拠"));
}

TEST(TableXlsx, TheSameInputsGiveTheSameBytes) {
  const auto first = table_xlsx({soumu_first_notice_table()}, kGeneratedAt);
  const auto second = table_xlsx({soumu_first_notice_table()}, kGeneratedAt);
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_TRUE(*first == *second);
}

TEST(TableXlsx, NoTemporaryDirectoryIsAnErrorValue) {
  const char* saved = std::getenv("TMPDIR");
  const std::optional<std::string> previous =
      saved ? std::optional<std::string>(saved) : std::nullopt;
  ::setenv("TMPDIR", "/nonexistent/opsdesk-sla-reports", 1);
  const auto xlsx = table_xlsx({soumu_first_notice_table()}, kGeneratedAt);
  previous ? ::setenv("TMPDIR", previous->c_str(), 1) : ::unsetenv("TMPDIR");
  ASSERT_FALSE(xlsx.has_value());
  EXPECT_THAT(xlsx.error(), HasSubstr("temporary directory"));
}

}  // namespace
}  // namespace opsdesk::sla_metrics
