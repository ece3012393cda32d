#include "services/sla-metrics/reports/measured_text.hpp"

#include <array>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

namespace opsdesk::sla_metrics {

namespace {

constexpr std::string_view kNothingInPeriod = "対象なし";

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string ratio(int part, int whole) {
  return std::to_string(part) + "/" + std::to_string(whole);
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

// The reasons build_table gives, in the readers' language. An unknown reason stays as written:
// an English explanation beats a wrong Japanese one.
std::string reason_ja(const std::string& reason) {
  static const std::array<std::pair<std::string_view, std::string_view>, 6> kKnown{{
      {"routine operating hours come from the centre scheduling service, whose events this table "
       "does not read",
       "運用時間はセンタの運用スケジュール管理から取得しますが、この表は同機能のイベントを読んで"
       "いません"},
      {"routine operations reports come from the centre scheduling service, whose events this "
       "table does not read",
       "運用状況の報告はセンタの運用スケジュール管理から取得しますが、この表は同機能のイベントを"
       "読んでいません"},
      {"no daily operations report has been recorded yet (POST /v1/schedule/daily-reports)",
       "運用状況報告がまだ記録されていません"},
      {"no result of scheduled operations work has been recorded yet (POST "
       "/v1/schedule/occurrences/{id}/complete)",
       "定常運用作業の実施結果がまだ記録されていません"},
      {"the Ministry of Defense association (bouei) runs its own operations outside the centre "
       "(仕様書 4.(4)): the centre's routine operations rows do not measure it",
       "防衛省共済組合の運用はセンタ外のため（仕様書 "
       "4.(4)）、センタの運用に関する項目の対象外です"},
      {"support requests come from the inquiries service, whose events this table does not read",
       "サポートの受付は問合せ管理から取得しますが、この表は問合せのイベントを読んでいません"},
  }};
  for (const auto& [english, japanese] : kKnown)
    if (reason == english) return std::string(japanese);
  return reason;
}

std::string first_notice_text(const sla::TableRow& row, const sla::FirstNoticeFigures& figures) {
  if (figures.clocks == 0 && figures.averaged == 0) return std::string(kNothingInPeriod);
  // The centre averages per incident, an association per clock: the count says which.
  const std::string counted = (figures.averaged_per == "incident" ? "インシデント " : "") +
                              std::to_string(figures.averaged) + "件";
  std::string averages = "平均対象 0件";
  if (figures.mean_business) {
    const std::string running =
        figures.running_in_mean > 0
            ? "、うち通知待ち " + std::to_string(figures.running_in_mean) + "件"
            : "";
    averages = "平均 " + sla::duration_text_ja(*figures.mean_business) + "（" + counted + running +
               "、p90 " + sla::duration_text_ja(*figures.p90_business) + "、最大 " +
               sla::duration_text_ja(*figures.max_business) + "）";
  }
  std::string compliance = row.total > 0 ? "遵守 " + ratio(row.met, row.total) + "件" : "";
  std::string unnoticed =
      figures.closed_without_notice > 0
          ? "通知なしで終結 " + std::to_string(figures.closed_without_notice) + "件"
          : "";
  std::string waiting =
      figures.running > 0 ? "通知待ち " + std::to_string(figures.running) + "件" : "";
  std::string unmeasurable =
      figures.unmeasurable > 0
          ? "測定不能（暦の範囲外） " + std::to_string(figures.unmeasurable) + "件"
          : "";
  return joined({averages, compliance, unnoticed, waiting, unmeasurable}, "／");
}

std::string cadence_text(const sla::TableRow& row, const sla::CadenceFigures& figures) {
  if (figures.cycles == 0 && figures.ongoing == 0 && !figures.longest_gap)
    return std::string(kNothingInPeriod);
  std::string rate;
  if (figures.reports_per_business_day)
    rate = "1営業日あたり " + fixed(*figures.reports_per_business_day, 2) + "回";
  std::string gap;
  if (figures.longest_gap)
    gap = "最長間隔 " + sla::duration_text_ja(figures.longest_gap->business) + "（営業時間" +
          (figures.longest_gap->ongoing ? "、継続中" : "") + "）";
  std::string compliance = row.total > 0 ? "報告あり " + ratio(row.met, row.total) + "日" : "";
  if (figures.out_of_hours > 0)
    compliance += "（うち時間外の報告 " + std::to_string(figures.out_of_hours) + "日）";
  // Today's cycle is judged when the day ends; until then it is neither met nor missed.
  std::string pending =
      figures.ongoing > 0 ? "判定前 " + std::to_string(figures.ongoing) + "日" : "";
  return joined({joined({rate, gap}, "、"), compliance, pending}, "／");
}

std::string response_hours_text(const sla::ResponseHoursFigures& figures) {
  if (figures.actions == 0) return std::string(kNothingInPeriod);
  return "サービス時間内 " + ratio(figures.inside, figures.actions) + "件（" +
         fixed(*figures.share_inside * 100.0, 1) + "%）、時間外（緊急対応として許容） " +
         std::to_string(figures.outside) + "件";
}

std::string reception_text(const sla::ReceptionFigures& figures) {
  if (figures.received == 0) return "期間内の受付なし";
  return "受付 " + std::to_string(figures.received) + "件、うちサービス時間内 " +
         ratio(figures.inside, figures.received) + "件（" +
         fixed(*figures.share_inside * 100.0, 1) + "%）、時間外の受付 " +
         std::to_string(figures.outside) + "件（明細に記載）";
}

std::string operating_hours_text(const sla::OperatingHoursFigures& figures) {
  if (figures.work == 0) return "期間内の作業実績なし";
  std::string text = "作業 " + std::to_string(figures.work) + "件、うちサービス時間内 " +
                     ratio(figures.inside, figures.work) + "件（" +
                     fixed(*figures.share_inside * 100.0, 1) + "%）";
  if (figures.permitted_outside > 0)
    text += "、時間外（許容：バックアップ・定期点検、承認済み作業枠） " +
            std::to_string(figures.permitted_outside) + "件";
  if (figures.missed_outside > 0)
    text += "、時間外（未達） " + std::to_string(figures.missed_outside) + "件";
  return text;
}

// A measured kind without figures of its own (none today): its compliance is all there is.
std::string compliance_only_text(const sla::TableRow& row) {
  if (row.total == 0) return std::string(kNothingInPeriod);
  return "遵守 " + ratio(row.met, row.total) + "件";
}

}  // namespace

std::string measured_text_ja(const sla::TableRow& row) {
  if (!row.has_data) return "データなし：" + reason_ja(row.no_data_reason);
  if (const auto* figures = std::get_if<sla::FirstNoticeFigures>(&row.figures))
    return first_notice_text(row, *figures);
  if (const auto* figures = std::get_if<sla::CadenceFigures>(&row.figures))
    return cadence_text(row, *figures);
  if (const auto* figures = std::get_if<sla::ResponseHoursFigures>(&row.figures))
    return response_hours_text(*figures);
  if (const auto* figures = std::get_if<sla::ReceptionFigures>(&row.figures))
    return reception_text(*figures);
  if (const auto* figures = std::get_if<sla::OperatingHoursFigures>(&row.figures))
    return operating_hours_text(*figures);
  return compliance_only_text(row);
}

std::string achieved_text(const sla::TableRow& row) {
  if (!row.achieved) return "—";
  return *row.achieved ? "○" : "×";
}

std::string achievement_text(const sla::TableRow& row) {
  if (!row.achievement_percent) return "—";
  return fixed(*row.achievement_percent, 1) + "%";
}

}  // namespace opsdesk::sla_metrics
