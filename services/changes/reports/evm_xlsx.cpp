#include "services/changes/reports/evm_xlsx.hpp"

#include <cstdio>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/reports/xlsx_writer.hpp"

namespace opsdesk::changes {

namespace {

using reports::CellStyle;
using reports::XlsxWriter;

std::string number_text(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string figure_text(const evm::Figure& f, int decimals) {
  return f.value ? number_text(*f.value, decimals) : "—";
}

std::string origin_ja(const std::string& origin) {
  if (origin == "fault") return "障害";
  if (origin == "improvement") return "改善要望";
  if (origin == "security_patch") return "セキュリティパッチ";
  return "その他";
}

std::string status_ja(const std::string& status) {
  if (status == "registered") return "登録";
  if (status == "assessed") return "評価済";
  if (status == "approved") return "承認済";
  if (status == "in_progress") return "作業中";
  if (status == "closed") return "完了";
  if (status == "rejected") return "却下";
  return "取下げ";
}

const std::vector<std::string> kHeadings = {"改修案件",
                                            "起因",
                                            "状況",
                                            "計画値(PV)",
                                            "出来高(EV)",
                                            "実コスト(AC)",
                                            "完了時予算(BAC)",
                                            "スケジュール差異(SV)",
                                            "コスト差異(CV)",
                                            "SPI",
                                            "CPI",
                                            "CR",
                                            "完了時予測(EAC)",
                                            "完了時差異(VAC)",
                                            "TCPI",
                                            "完了予測日",
                                            "実コスト(人月)"};

void write_measures(XlsxWriter& sheet, int row, const std::vector<std::string>& first,
                    const evm::Measures& m, double person_month_hours) {
  std::vector<std::string> cells = first;
  cells.push_back(number_text(m.pv, 1));
  cells.push_back(number_text(m.ev, 1));
  cells.push_back(number_text(m.ac, 1));
  cells.push_back(number_text(m.bac, 1));
  cells.push_back(number_text(m.sv, 1));
  cells.push_back(number_text(m.cv, 1));
  cells.push_back(figure_text(m.spi, 2));
  cells.push_back(figure_text(m.cpi, 2));
  cells.push_back(figure_text(m.cr, 2));
  cells.push_back(figure_text(m.eac.cpi, 1));
  cells.push_back(figure_text(m.vac.cpi, 1));
  cells.push_back(figure_text(m.tcpi_to_bac, 2));
  cells.push_back(m.forecast_finish ? calendar::format_iso_date(*m.forecast_finish) : "—");
  cells.push_back(number_text(m.ac / person_month_hours, 2));
  sheet.write_row(row, cells, CellStyle::text);
}

void summary_sheet(XlsxWriter& sheet, const MonthlyEvm& r, double pm_hours) {
  sheet.add_sheet("EVM", {34, 10, 8, 10, 10, 10, 10, 12, 10, 7, 7, 7, 12, 12, 7, 12, 10});
  const auto month = r.fiscal_year ? std::to_string(static_cast<int>(r.month.year())) + "年度"
                                   : calendar::format_iso_month(r.month);
  sheet.write_across(
      0, "改修作業 進捗管理（EVM） " + month + (r.tenant ? "（" + *r.tenant + "）" : ""),
      CellStyle::title);
  sheet.write_across(1,
                     "基準日 " + calendar::format_iso_date(r.as_of) +
                         "。単位: 時間（実コストは人月も併記、1人月 = " + number_text(pm_hours, 0) +
                         " 時間）。EAC は CPI 法（BAC / CPI）。— は算出できない値（分母が 0）。",
                     CellStyle::note);
  sheet.write_row(3, kHeadings, CellStyle::header);
  int row = 4;
  for (const auto& line : r.changes) {
    write_measures(
        sheet, row++,
        {line.change.title, origin_ja(line.change.origin), status_ja(line.change.status())},
        line.measures, pm_hours);
  }
  write_measures(sheet, row++, {"合計", "", ""}, r.totals, pm_hours);
  sheet.freeze_and_filter(4, row - 1);
  if (!r.term_effort) return;
  const auto& t = *r.term_effort;
  ++row;
  sheet.write_across(row++,
                     "改修作業の契約上限（仕様書 4.(2)③: 年間 " +
                         number_text(t.cap_hours / t.person_month_hours, 1) + " 人月）",
                     CellStyle::title);
  sheet.write_row(row++, {"項目", "時間", "人月", "上限比"}, CellStyle::header);
  auto line = [&](const std::string& name, double hours) {
    sheet.write_row(row++,
                    {name, number_text(hours, 1), number_text(hours / t.person_month_hours, 2),
                     t.cap_hours > 0 ? number_text(100.0 * hours / t.cap_hours, 1) + "%" : "—"},
                    CellStyle::text);
  };
  line("契約上限", t.cap_hours);
  line("実績（AC）", t.ac_hours);
  line("完了時予測（EAC, " + t.eac_method + "）", t.eac_hours);
  line("残り（上限 − 実績）", t.cap_hours - t.ac_hours);
  line("残り（上限 − 完了時予測）", t.cap_hours - t.eac_hours);
}

void series_sheet(XlsxWriter& sheet, const MonthlyEvm& r) {
  sheet.add_sheet("日次推移", {12, 12, 12, 12});
  sheet.write_across(0,
                     "日次累計（S 曲線） " +
                         (r.fiscal_year ? std::to_string(static_cast<int>(r.month.year())) + "年度"
                                        : calendar::format_iso_month(r.month)),
                     CellStyle::title);
  sheet.write_row(2, {"日付", "計画値(PV)", "出来高(EV)", "実コスト(AC)"}, CellStyle::header);
  int row = 3;
  for (const auto& point : r.series) {
    sheet.write_cell(row, 0, calendar::format_iso_date(point.date), CellStyle::text);
    sheet.write_number(row, 1, point.pv, CellStyle::figure);
    sheet.write_number(row, 2, point.ev, CellStyle::figure);
    sheet.write_number(row, 3, point.ac, CellStyle::figure);
    ++row;
  }
}

}  // namespace

std::expected<std::string, std::string> evm_xlsx(const MonthlyEvm& report,
                                                 double person_month_hours, core::Instant now) {
  const std::string title =
      "改修作業 EVM " + (report.fiscal_year
                             ? std::to_string(static_cast<int>(report.month.year())) + "年度"
                             : calendar::format_iso_month(report.month));
  return reports::workbook_bytes(title, now, [&](XlsxWriter& sheet) {
    summary_sheet(sheet, report, person_month_hours);
    series_sheet(sheet, report);
  });
}

}  // namespace opsdesk::changes
