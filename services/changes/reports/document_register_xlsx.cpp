#include "services/changes/reports/document_register_xlsx.hpp"

#include "libs/core/tokyo_time.hpp"
#include "libs/reports/xlsx_writer.hpp"
#include "libs/tenants/scope.hpp"

namespace opsdesk::changes {

namespace {

using reports::CellStyle;
using reports::XlsxWriter;

std::string day_text(core::Instant at) { return core::format_tokyo_rfc3339(at).substr(0, 10); }

std::string status_ja(const std::string& status) {
  if (status == "draft") return "作成中";
  if (status == "in_review") return "承認待ち";
  if (status == "approved") return "承認済";
  return "廃止";
}

const std::vector<std::string> kHeadings = {
    "文書名", "種別",   "対象",     "状態",   "承認版",       "承認者",
    "承認日", "最新版", "保管場所", "ラベル", "インデックス", "SHA-256（承認版）",
    "登録日"};

}  // namespace

std::string document_kind_ja(const std::string& kind) {
  if (kind == "procedure") return "手順書";
  if (kind == "design") return "設計書";
  if (kind == "manual") return "マニュアル";
  if (kind == "report") return "報告書";
  if (kind == "test_plan") return "試験計画書";
  return "議事録";
}

std::string filing_location_ja(const std::string& location) {
  if (location == "shelf") return "書架";
  if (location == "fireproof_safe") return "耐火金庫";
  return "電子";
}

std::expected<std::string, std::string> document_register_xlsx(
    const std::vector<DocumentState>& documents, core::Instant now) {
  return reports::workbook_bytes("原本管理台帳", now, [&](XlsxWriter& sheet) {
    sheet.add_sheet("原本管理台帳", {36, 10, 18, 9, 8, 18, 11, 8, 9, 18, 16, 20, 11});
    sheet.write_across(0, "原本管理台帳", CellStyle::title);
    sheet.write_across(1,
                       "仕様書 4.(3)④イ・⑤エ・⑦ア。" + core::format_tokyo_rfc3339(now) +
                           " 現在。承認版は共済組合側の承認を得た最新の版。",
                       CellStyle::note);
    sheet.write_row(3, kHeadings, CellStyle::header);
    int row = 4;
    for (const auto& d : documents) {
      const auto* approved = d.approved();
      const auto& filing = d.filing;
      sheet.write_row(row++,
                      {d.title, document_kind_ja(d.kind), tenants::scope_text_ja(d.tenants),
                       status_ja(d.status()), approved ? approved->version : "—",
                       approved ? approved->approval->approver : "—",
                       approved ? day_text(approved->approval->at) : "—",
                       d.versions.empty() ? "—" : d.versions.back().version,
                       filing ? filing_location_ja(filing->location) : "未保管",
                       filing ? filing->label : "—", filing ? filing->index : "—",
                       approved ? approved->sha256 : "—", day_text(d.registered_at)},
                      CellStyle::text);
    }
    if (row == 4)
      sheet.write_across(row, "該当なし", CellStyle::note);
    else
      sheet.freeze_and_filter(4, row - 1);
  });
}

}  // namespace opsdesk::changes
