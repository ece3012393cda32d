#include "services/sla-metrics/reports/table_xlsx.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

#include "libs/core/tokyo_time.hpp"
#include "libs/reports/xlsx_writer.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/sla-metrics/reports/measured_text.hpp"
#include "services/sla-metrics/reports/report_labels.hpp"

namespace opsdesk::sla_metrics {

namespace {

using reports::CellStyle;
using reports::XlsxWriter;

constexpr std::string_view kEvidenceSheet = "根拠";
// Associations with nothing in the period share one sheet instead of a sheet each saying 対象なし.
constexpr std::string_view kNothingSheet = "対象なし";
constexpr std::size_t kMaxSheetNameChars = 31;  // Excel's limit
constexpr int kTableHeaderRow = 3;              // under the title, the as-of line and a gap

// --- sheet names ---

// The first `count` characters (not bytes) of UTF-8 text.
std::string utf8_prefix(const std::string& text, std::size_t count) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_char && chars++ == count) return text.substr(0, i);
  }
  return text;
}

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Names Excel accepts, each used once (Excel compares them ignoring case).
class SheetNames {
 public:
  SheetNames() {
    used_ = {std::string(kEvidenceSheet), std::string(kNothingSheet), "history"};  // Excel's own
  }

  // The association's Japanese name (the centre's, センタ全体), as the readers know it.
  std::string for_table(const sla::SlaTable& table) {
    const auto* known = tenants::find_tenant(table.tenant);
    const std::string base = valid_base(table.tenant == sla::kCentreWide ? "センタ全体"
                                        : known != nullptr ? std::string(known->name_ja)
                                                           : table.tenant);
    std::string name = utf8_prefix(base, kMaxSheetNameChars);
    for (int n = 2; used_.contains(lower_ascii(name)); ++n) {
      const std::string suffix = " (" + std::to_string(n) + ")";
      name = utf8_prefix(base, kMaxSheetNameChars - suffix.size()) + suffix;
    }
    used_.insert(lower_ascii(name));
    return name;
  }

 private:
  static std::string valid_base(std::string name) {
    std::replace_if(
        name.begin(), name.end(),
        [](char c) { return std::string_view("[]:*?/\\").find(c) != std::string_view::npos; }, '_');
    // Excel refuses a name that starts or ends with an apostrophe.
    while (!name.empty() && name.front() == '\'') name.erase(0, 1);
    while (!name.empty() && name.back() == '\'') name.pop_back();
    return name.empty() ? "table" : name;
  }

  std::set<std::string> used_;
};

// --- layout ---

std::string title_of(const sla::SlaTable& table) {
  return "SLA実績 別表1 — " + scope_label_ja(table.tenant) + " — " + table.period.label;
}

std::string as_of_line(const sla::SlaTable& table, core::Instant generated_at) {
  return "集計時点 " + core::format_tokyo_minute(table.computed_at) + "（日本時間）／作成 " +
         core::format_tokyo_minute(generated_at) + "（日本時間）／根拠は「" +
         std::string(kEvidenceSheet) + "」シート";
}

void write_table_sheet(XlsxWriter& xlsx, const sla::SlaTable& table, const std::string& sheet_name,
                       core::Instant generated_at) {
  xlsx.add_sheet(sheet_name, {24, 30, 40, 16, 44, 6, 9});
  xlsx.write_across(0, title_of(table), CellStyle::title);
  xlsx.write_across(1, as_of_line(table, generated_at), CellStyle::note);
  xlsx.write_row(
      kTableHeaderRow,
      {"項目", "内容", "評価及び測定方法", "設定指標値（目標値）", "実績値", "達成", "達成率"},
      CellStyle::header);
  int row = kTableHeaderRow + 1;
  for (const auto& table_row : table.rows) {
    const auto& definition = table_row.definition;
    xlsx.write_row(row,
                   {definition.label_ja, definition.content_ja, definition.measurement_ja,
                    definition.target_ja, measured_text_ja(table_row)},
                   CellStyle::text);
    xlsx.write_cell(row, 5, achieved_text(table_row), CellStyle::figure);
    // A number Excel can sum and chart, shown as 50.0%; "—" when nothing was judged.
    if (table_row.achievement_percent)
      xlsx.write_number(row, 6, *table_row.achievement_percent / 100.0, CellStyle::percent);
    else
      xlsx.write_cell(row, 6, achievement_text(table_row), CellStyle::figure);
    ++row;
  }
}

// "<kind> <id> <time>" per event, in Japanese and Japan time as the reviewers read them.
std::string events_text(const std::vector<sla::EvidenceEvent>& events) {
  std::string text;
  for (const auto& e : events)
    text += (text.empty() ? "" : "; ") + sla::event_kind_ja(e.kind) + " " +
            (e.id.empty() ? "" : e.id + " ") + core::format_tokyo_minute(e.at);
  return text;
}

// What an evidence item is about: an incident, an inquiry, a daily report or an occurrence.
std::string evidence_subject(const sla::EvidenceItem& item) {
  if (!item.inquiry_id.empty()) return "問合せ " + item.inquiry_id;
  if (!item.daily_report_id.empty()) return "運用状況報告 " + item.daily_report_id;
  if (!item.occurrence_id.empty()) return "運用作業 " + item.occurrence_id;
  return item.incident_id;
}

std::vector<std::string> evidence_cells(const sla::SlaTable& table, const sla::TableRow& row,
                                        const sla::EvidenceItem& item) {
  // The period too: a workbook may hold a month's and the term's table of one tenant.
  return {scope_label_ja(table.tenant) + " " + table.period.label,
          row.definition.label_ja,
          evidence_subject(item),
          item.tenant.empty() ? "" : scope_label_ja(item.tenant),
          item.what_ja,
          item.rule,
          item.counts_against ? "○" : (item.permitted ? "許容" : ""),
          events_text(item.events)};
}

void write_evidence_sheet(XlsxWriter& xlsx, const std::vector<sla::SlaTable>& tables) {
  xlsx.add_sheet(std::string(kEvidenceSheet), {30, 24, 20, 26, 50, 22, 9, 60});
  xlsx.write_row(0,
                 {"対象", "項目", "インシデント／問合せID", "共済組合", "内容", "適用ルール",
                  "目標未達", "イベント（ID・日本時間）"},
                 CellStyle::header);
  int row = 1;
  for (const auto& table : tables)
    for (const auto& table_row : table.rows)
      for (const auto& item : table_row.evidence)
        xlsx.write_row(row++, evidence_cells(table, table_row, item), CellStyle::text);
  xlsx.freeze_and_filter(1, row - 1);
}

// A table with nothing behind any row (no incident, inquiry, daily report owed or work done):
// every row says 対象なし (or データなし).
bool nothing_in_period(const sla::SlaTable& table) {
  return table.incident_ids.empty() && std::ranges::all_of(table.rows, [](const auto& row) {
           return row.inquiry_ids.empty() && row.total == 0;
         });
}

void write_nothing_sheet(XlsxWriter& xlsx, const std::vector<const sla::SlaTable*>& tables,
                         core::Instant generated_at) {
  xlsx.add_sheet(std::string(kNothingSheet), {36, 14, 60});
  xlsx.write_across(0, "SLA実績 別表1 — 対象期間に障害のない共済組合", CellStyle::title);
  xlsx.write_across(1, "作成 " + core::format_tokyo_minute(generated_at) + "（日本時間）",
                    CellStyle::note);
  xlsx.write_row(kTableHeaderRow, {"共済組合", "期間", "実績"}, CellStyle::header);
  int row = kTableHeaderRow + 1;
  for (const auto* table : tables)
    xlsx.write_row(row++,
                   {scope_label_ja(table->tenant), table->period.label,
                    "障害・問合せ・運用実績なし：全項目 対象なし（またはデータなし）"},
                   CellStyle::text);
}

}  // namespace

std::expected<std::string, std::string> table_xlsx(const std::vector<sla::SlaTable>& tables,
                                                   core::Instant generated_at) {
  return reports::workbook_bytes("SLA実績 別表1", generated_at, [&](reports::XlsxWriter& xlsx) {
    SheetNames names;
    // With several tables, those with nothing in their period are listed on one sheet; a lone
    // table keeps its own sheet whatever it holds.
    std::vector<const sla::SlaTable*> nothing;
    for (const auto& table : tables) {
      if (tables.size() > 1 && nothing_in_period(table)) {
        nothing.push_back(&table);
        continue;
      }
      write_table_sheet(xlsx, table, names.for_table(table), generated_at);
    }
    if (!nothing.empty()) write_nothing_sheet(xlsx, nothing, generated_at);
    write_evidence_sheet(xlsx, tables);
  });
}

}  // namespace opsdesk::sla_metrics
