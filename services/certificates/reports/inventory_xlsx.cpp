#include "services/certificates/reports/inventory_xlsx.hpp"

#include "libs/core/tokyo_time.hpp"
#include "libs/reports/xlsx_writer.hpp"
#include "libs/tenants/scope.hpp"

namespace opsdesk::certificates {

namespace {

using reports::CellStyle;
using reports::XlsxWriter;

std::string day_text(core::Instant at) { return core::format_tokyo_rfc3339(at).substr(0, 10); }

std::string rule_ja(const std::string& rule) {
  if (rule == "renew_before") return "期限前の日数";
  if (rule == "renew_before_percentage") return "有効期間に対する割合";
  return "有効期間の3分の1";
}

std::string locations_text(const CertificateState& c) {
  std::string text;
  for (const auto& l : c.locations) text += (text.empty() ? "" : "\n") + l.value;
  return text.empty() ? "—" : text;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text.empty() ? "—" : text;
}

const std::vector<std::string> kHeadings = {"用途",
                                            "コモンネーム",
                                            "サブジェクト",
                                            "発行者",
                                            "シリアル番号",
                                            "鍵",
                                            "有効期間開始",
                                            "有効期限",
                                            "残日数",
                                            "更新期限",
                                            "更新期限の根拠",
                                            "状態",
                                            "利用箇所",
                                            "所有者",
                                            "対象",
                                            "警告",
                                            "SHA-256 フィンガープリント"};

}  // namespace

std::string status_ja(const std::string& status) {
  if (status == "valid") return "有効";
  if (status == "renewal_due") return "更新期限超過";
  if (status == "expiring") return "期限間近";
  if (status == "expired") return "期限切れ";
  return "廃止";
}

std::string purpose_ja(const std::string& purpose) {
  if (purpose == "code_signing") return "コード署名";
  if (purpose == "tls_server") return "SSLサーバ";
  return "その他";
}

std::expected<std::string, std::string> inventory_xlsx(const std::vector<InventoryRow>& rows,
                                                       core::Instant now) {
  return reports::workbook_bytes("証明書管理台帳", now, [&](XlsxWriter& sheet) {
    sheet.add_sheet("証明書管理台帳",
                    {11, 28, 40, 30, 20, 10, 11, 11, 7, 11, 16, 12, 30, 16, 16, 40, 66});
    sheet.write_across(0, "証明書管理台帳", CellStyle::title);
    sheet.write_across(1,
                       "仕様書 4.(2)③イ・4.(3)④コ・⑤ケ。" + core::format_tokyo_rfc3339(now) +
                           " 現在。残日数は有効期限までの日数（期限切れは負）。",
                       CellStyle::note);
    sheet.write_row(3, kHeadings, CellStyle::header);
    int row = 4;
    for (const auto& r : rows) {
      const auto& c = r.certificate;
      const auto& f = c.facts;
      sheet.write_row(row,
                      {purpose_ja(f.purpose()), f.subject_cn, f.subject, f.issuer, f.serial,
                       f.key_algorithm + " " + std::to_string(f.key_bits), day_text(f.not_before),
                       day_text(f.not_after)},
                      CellStyle::text);
      sheet.write_number(row, 8, static_cast<double>(r.days_left), CellStyle::figure);
      const std::vector<std::string> rest = {day_text(c.renewal_due.at),
                                             rule_ja(c.renewal_due.rule),
                                             status_ja(r.status),
                                             locations_text(c),
                                             c.owner,
                                             tenants::scope_text_ja(c.tenants),
                                             joined(c.warnings),
                                             c.fingerprint};
      for (std::size_t i = 0; i < rest.size(); ++i)
        sheet.write_cell(row, static_cast<int>(9 + i), rest[i], CellStyle::text);
      ++row;
    }
    if (row == 4)
      sheet.write_across(row, "該当なし", CellStyle::note);
    else
      sheet.freeze_and_filter(4, row - 1);
  });
}

}  // namespace opsdesk::certificates
