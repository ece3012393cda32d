#include "services/changes/reports/patches_xlsx.hpp"

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/reports/xlsx_writer.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::changes {

namespace {

using reports::CellStyle;
using reports::XlsxWriter;

std::string product_ja(const std::string& product) {
  if (product == "os") return "OS";
  if (product == "antivirus") return "ウイルス対策";
  if (product == "windows_feature_update") return "Windows 11 機能更新";
  return "ミドルウェア";
}

std::string severity_ja(const std::string& severity) {
  if (severity == "critical") return "緊急";
  if (severity == "important") return "重要";
  if (severity == "moderate") return "警告";
  return "注意";
}

std::string urgency_ja(const std::string& urgency) {
  if (urgency == "emergency") return "緊急対応";
  if (urgency == "normal") return "通常";
  if (urgency == "deferred") return "見送り";
  return "未決定";
}

std::string time_text(const std::optional<core::Instant>& at) {
  if (!at) return "—";
  // "2026-06-02 20:00" (Tokyo)
  return core::format_tokyo_rfc3339(*at).substr(0, 16).replace(10, 1, " ");
}

const std::vector<std::string> kHeadings = {"区分",   "パッチ",   "件名",         "製品", "重要度",
                                            "緊急度", "対象機器", "状態（期末）", "日時", "備考"};

void association_sheet(XlsxWriter& sheet, const MonthlyPatches& r, const AssociationPatches& a) {
  const auto* tenant = tenants::find_tenant(a.tenant);
  const std::string name = tenant ? std::string(tenant->name_ja) : a.tenant;
  sheet.add_sheet(a.tenant, {10, 14, 36, 14, 8, 10, 18, 12, 17, 30});
  sheet.write_across(
      0, "セキュリティパッチ適用状況 " + calendar::format_iso_month(r.month) + "（" + name + "）",
      CellStyle::title);
  sheet.write_across(1,
                     "仕様書 4.(2)⑤。当月に適用・失敗したもの、期末（" +
                         core::format_tokyo_rfc3339(r.period_end) + "）に未適用のもの。",
                     CellStyle::note);
  sheet.write_row(3, kHeadings, CellStyle::header);
  int row = 4;
  auto write = [&](const std::string& kind, const PatchReportLine& l) {
    sheet.write_row(
        row++,
        {kind, l.vendor_id, l.title, product_ja(l.product), severity_ja(l.severity),
         urgency_ja(l.urgency), l.code, rollout_state_ja(l.state), time_text(l.at), l.note},
        CellStyle::text);
  };
  for (const auto& l : a.applied) write("適用済", l);
  for (const auto& l : a.failed) write("失敗", l);
  for (const auto& l : a.pending) write("未適用", l);
  if (row == 4)
    sheet.write_across(row++, "該当なし", CellStyle::note);
  else
    sheet.freeze_and_filter(4, row - 1);
}

}  // namespace

std::string rollout_state_ja(const std::string& state) {
  if (state == "pending") return "未着手";
  if (state == "verified") return "検証済";
  if (state == "scheduled") return "適用予定";
  if (state == "applied") return "適用済";
  if (state == "failed") return "失敗";
  return "対象外";
}

std::expected<std::string, std::string> patches_xlsx(const MonthlyPatches& report,
                                                     core::Instant now) {
  return reports::workbook_bytes(
      "セキュリティパッチ適用状況 " + calendar::format_iso_month(report.month), now,
      [&](XlsxWriter& sheet) {
        for (const auto& a : report.associations) association_sheet(sheet, report, a);
      });
}

}  // namespace opsdesk::changes
