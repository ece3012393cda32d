#include "services/scheduling/plans/plan_xlsx.hpp"

#include <map>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/reports/xlsx_writer.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::scheduling {

namespace {

using reports::CellStyle;
using reports::XlsxWriter;
using std::chrono::year_month;

std::string label(const std::map<std::string, std::string>& labels, const std::string& word) {
  const auto found = labels.find(word);
  return found == labels.end() ? word : found->second;
}

std::string task_kind_ja(const std::string& kind) {
  static const std::map<std::string, std::string> kLabels{
      {"backup_check", "バックアップ確認"},
      {"media_exchange", "媒体交換"},
      {"system_backup", "システムバックアップ"},
      {"performance_report", "性能分析報告"},
      {"audit_log_review", "監査ログ確認"},
      {"virus_scan_check", "ウイルスチェック確認"},
      {"inspection", "定期点検"},
      {"power_outage", "計画停電"},
      {"fire_inspection", "消防点検"},
      {"certificate_renewal", "証明書更新"},
      {"report", "報告書"},
      {"other", "その他"}};
  return label(kLabels, kind);
}

std::string window_kind_ja(const std::string& kind) {
  static const std::map<std::string, std::string> kLabels{{"periodic_inspection", "定期点検"},
                                                          {"power_outage", "計画停電"},
                                                          {"fire_inspection", "消防点検"},
                                                          {"other", "その他"}};
  return label(kLabels, kind);
}

std::string status_ja(const std::string& status) {
  static const std::map<std::string, std::string> kLabels{
      {"planned", "予定"},          {"in_progress", "一部実施"}, {"done", "完了"},
      {"failed", "失敗"},           {"skipped", "中止"},         {"overdue", "期限超過"},
      {"not_recorded", "記録なし"}, {"approved", "承認済"},      {"completed", "完了"},
      {"cancelled", "中止"}};
  return label(kLabels, status);
}

std::string approval_ja(const std::string& status) {
  static const std::map<std::string, std::string> kLabels{
      {"approved", "承認済"},
      {"changed_since_approval", "承認後に変更あり（再承認待ち）"},
      {"not_approved", "未承認"},
      {"partially_approved", "一部承認"}};
  return label(kLabels, status);
}

// "衆議院共済組合、参議院共済組合"; the centre's 18 together as センタ全組合.
std::string tenants_ja(const std::vector<std::string>& codes) {
  if (codes == tenants::in_centre_codes()) return "センタ全組合（18組合）";
  std::string out;
  for (const auto& code : codes) {
    const auto* known = tenants::find_tenant(code);
    out += (out.empty() ? "" : "、") + (known ? std::string(known->name_ja) : code);
  }
  return out;
}

std::string weekday_ja(Date day) {
  static constexpr const char* kNames[] = {"日", "月", "火", "水", "木", "金", "土"};
  return kNames[std::chrono::weekday{std::chrono::sys_days{day}}.c_encoding()];
}

std::string time_ja(core::Instant at) {
  return core::format_tokyo_minute(at).substr(11);  // "HH:MM"
}

// A month's cell of the annual schedule: "毎営業日（20日）" for work on every business day of
// the month, else the days: "6、13、20、27日".
std::string month_cell(const std::vector<Date>& days, year_month month,
                       const calendar::BusinessCalendar& calendar) {
  if (days.empty()) return "";
  const auto business =
      calendar.count_business_days(month / std::chrono::day{1}, month / std::chrono::last);
  if (business && days.size() >= 5 && static_cast<int>(days.size()) == *business)
    return "毎営業日（" + std::to_string(days.size()) + "日）";
  std::string out;
  for (const auto day : days)
    out += (out.empty() ? "" : "、") + std::to_string(static_cast<unsigned>(day.day()));
  return out + "日";
}

std::string period_ja(const PlanPeriod& period) {
  const auto first = period.months.front();
  if (!period.annual)
    return std::to_string(static_cast<int>(first.year())) + "年" +
           std::to_string(static_cast<unsigned>(first.month())) + "月";
  return std::to_string(static_cast<int>(first.year())) + "年度（" +
         std::to_string(static_cast<int>(first.year())) + "年4月～" +
         std::to_string(static_cast<int>(first.year()) + 1) + "年3月）";
}

int write_windows(XlsxWriter& sheet, int row, const CentrePlan& plan) {
  sheet.write_across(row++, "計画作業（サービス停止を伴う作業を含む）", CellStyle::note);
  sheet.write_row(row++, {"開始", "終了", "件名", "種別", "対象組合", "サービス停止", "状況"},
                  CellStyle::header);
  if (plan.windows.empty()) {
    sheet.write_across(row++, "期間内の計画作業はありません", CellStyle::note);
    return row;
  }
  for (const auto& w : plan.windows)
    sheet.write_row(
        row++,
        {core::format_tokyo_minute(w.planned_start), core::format_tokyo_minute(w.planned_end),
         w.title, window_kind_ja(w.kind), tenants_ja(w.tenants), w.stops_service ? "あり" : "なし",
         status_ja(w.status())},
        CellStyle::text);
  return row;
}

int write_approvals(XlsxWriter& sheet, int row, const std::vector<TenantApproval>& approvals) {
  sheet.write_across(row++, "承認状況", CellStyle::note);
  sheet.write_row(row++, {"組合", "状況", "承認者", "承認日時", "対象件数"}, CellStyle::header);
  for (const auto& a : approvals) {
    const auto* known = tenants::find_tenant(a.tenant);
    sheet.write_row(row++,
                    {known ? std::string(known->name_ja) : a.tenant, approval_ja(a.status),
                     a.latest ? a.latest->approver : "",
                     a.latest ? core::format_tokyo_minute(a.latest->at) : "",
                     std::to_string(a.current.entries) + "件"},
                    CellStyle::text);
  }
  return row;
}

void annual_sheet(XlsxWriter& sheet, const CentrePlan& plan,
                  const std::vector<TenantApproval>& approvals,
                  const calendar::BusinessCalendar& calendar) {
  std::vector<double> widths{28, 16, 24, 16};
  for (std::size_t i = 0; i < plan.period.months.size(); ++i) widths.push_back(11);
  sheet.add_sheet("年間運用計画", widths);
  sheet.write_across(0, "年間センタ運用計画 " + period_ja(plan.period), CellStyle::title);
  sheet.write_across(1, "承認状況：" + approval_ja(approval_status(approvals)), CellStyle::note);
  std::vector<std::string> headings{"作業", "種別", "対象組合", "担当"};
  for (const auto month : plan.period.months)
    headings.push_back(std::to_string(static_cast<unsigned>(month.month())) + "月");
  constexpr int kHeaderRow = 3;
  sheet.write_row(kHeaderRow, headings, CellStyle::header);
  int row = kHeaderRow + 1;
  for (const auto& r : annual_rows(plan)) {
    std::vector<std::string> cells{r.title, task_kind_ja(r.kind), tenants_ja(r.tenants), r.owner};
    for (const auto month : plan.period.months) {
      const auto found = r.days.find(month);
      cells.push_back(found == r.days.end() ? "" : month_cell(found->second, month, calendar));
    }
    sheet.write_row(row++, cells, CellStyle::text);
  }
  if (row > kHeaderRow + 1) sheet.freeze_and_filter(kHeaderRow + 1, row - 1);
  row = write_windows(sheet, row + 1, plan);
  write_approvals(sheet, row + 1, approvals);
}

void monthly_sheet(XlsxWriter& sheet, const CentrePlan& plan,
                   const std::vector<TenantApproval>& approvals, core::Instant now) {
  sheet.add_sheet("月間運用計画", {12, 6, 8, 8, 28, 16, 24, 16, 10});
  sheet.write_across(0, "月間運用計画 " + period_ja(plan.period), CellStyle::title);
  sheet.write_across(1, "承認状況：" + approval_ja(approval_status(approvals)), CellStyle::note);
  constexpr int kHeaderRow = 3;
  sheet.write_row(kHeaderRow,
                  {"日付", "曜日", "開始", "期限", "作業", "種別", "対象組合", "担当", "状況"},
                  CellStyle::header);
  int row = kHeaderRow + 1;
  for (const auto& o : plan.occurrences) {
    const auto& p = o.current_plan();
    const auto status = occurrence_status(o.state(), now);
    sheet.write_row(
        row++,
        {calendar::format_iso_date(p.day), weekday_ja(p.day), time_ja(p.planned_start),
         // Due on a later day (long business time): the day too.
         core::to_tokyo(p.due_at).date == p.day ? time_ja(p.due_at)
                                                : core::format_tokyo_minute(p.due_at),
         p.title, task_kind_ja(p.kind), tenants_ja(p.tenants), p.owner, status_ja(status)},
        CellStyle::text);
  }
  if (row > kHeaderRow + 1) sheet.freeze_and_filter(kHeaderRow + 1, row - 1);
  row = write_windows(sheet, row + 1, plan);
  write_approvals(sheet, row + 1, approvals);
}

}  // namespace

std::expected<std::string, std::string> plan_xlsx(const CentrePlan& plan,
                                                  const std::vector<TenantApproval>& approvals,
                                                  const calendar::BusinessCalendar& calendar,
                                                  core::Instant now) {
  const std::string title =
      (plan.period.annual ? "年間センタ運用計画 " : "月間運用計画 ") + period_ja(plan.period);
  return reports::workbook_bytes(title, now, [&](XlsxWriter& sheet) {
    if (plan.period.annual)
      annual_sheet(sheet, plan, approvals, calendar);
    else
      monthly_sheet(sheet, plan, approvals, now);
  });
}

}  // namespace opsdesk::scheduling
