#include "services/sla-metrics/reports/table_csv.hpp"

#include <string_view>

#include "libs/reports/csv.hpp"
#include "services/sla-metrics/reports/measured_text.hpp"
#include "services/sla-metrics/reports/report_labels.hpp"

namespace opsdesk::sla_metrics {

namespace {

std::string space_separated(const std::vector<std::string>& ids) {
  std::string text;
  for (const auto& id : ids) {
    if (!text.empty()) text += ' ';
    text += id;
  }
  return text;
}

// What a row's figures come from: incidents; the 受付時間 row's inquiries; the operations rows'
// daily reports and occurrences.
const std::vector<std::string>& evidence_ids(const sla::TableRow& row) {
  switch (row.definition.kind) {
    case sla::TargetKind::reception_hours:
      return row.inquiry_ids;
    case sla::TargetKind::operating_hours:
    case sla::TargetKind::ops_report_cadence:
      return row.record_ids;
    default:
      return row.incident_ids;
  }
}

std::vector<std::string> row_fields(const sla::SlaTable& table, const sla::TableRow& row) {
  const auto& definition = row.definition;
  // No data is not zero: the counts stay empty, the 実績値 cell says why.
  const std::string compliance =
      row.has_data ? std::to_string(row.met) + "/" + std::to_string(row.total) : "";
  const std::string items = row.has_data ? std::to_string(row.items) : "";
  return {scope_label_ja(table.tenant),
          table.period.label,
          definition.label_ja,
          definition.content_ja,
          definition.measurement_ja,
          definition.target_ja,
          measured_text_ja(row),
          achieved_text(row),
          achievement_text(row),
          compliance,
          items,
          space_separated(evidence_ids(row))};
}

}  // namespace

std::string table_csv(const std::vector<sla::SlaTable>& tables) {
  auto csv = reports::csv_with_headings({"対象", "期間", "項目", "内容", "評価及び測定方法",
                                         "設定指標値（目標値）", "実績値", "達成", "達成率", "遵守",
                                         "件数", "根拠（インシデント／問合せ／運用記録）"});
  for (const auto& table : tables)
    for (const auto& row : table.rows) reports::append_csv_record(csv, row_fields(table, row));
  return csv;
}

}  // namespace opsdesk::sla_metrics
