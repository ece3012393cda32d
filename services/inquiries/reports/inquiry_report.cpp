#include "services/inquiries/reports/inquiry_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "libs/calendar/date_text.hpp"
#include "libs/core/duration_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/reports/csv.hpp"
#include "libs/reports/xlsx_writer.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/inquiries/domain/vocabulary.hpp"
#include "services/inquiries/domain/words_ja.hpp"

namespace opsdesk::inquiries::reports {

namespace {

using nlohmann::json;
using std::chrono::microseconds;

constexpr std::string_view kSchedule = "business";

// Nearest rank, as the SLA table's p90.
microseconds percentile(const std::vector<microseconds>& sorted, int percent) {
  const auto rank =
      static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

std::string hours_text(unsigned minutes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", minutes / 60.0);
  return text;
}

std::string scope_ja(const std::string& scope) {
  if (scope == "*") return "全体";
  if (scope == kCentreOps) return "共同利用センター運用チーム";
  const auto* known = tenants::find_tenant(scope);
  return known ? std::string(known->name_ja) + " (" + scope + ")" : scope;
}

json optional_duration(const std::optional<microseconds>& d) {
  if (!d) return nullptr;
  return {{"seconds", std::chrono::duration_cast<std::chrono::seconds>(*d).count()},
          {"text", core::duration_text(*d)}};
}

std::string duration_ja_or_dash(const std::optional<microseconds>& d) {
  return d ? core::duration_text_ja(*d) : "—";
}

// The figures as label / value rows: what the CSV's first part and the workbook's first sheet
// show.
std::vector<std::pair<std::string, std::string>> figure_rows(const InquiryReport& r) {
  std::vector<std::pair<std::string, std::string>> rows{
      {"受付件数", std::to_string(r.received)},
      {"回答済件数", std::to_string(r.answered)},
      {"未完了件数", std::to_string(r.open)},
      {"完了件数", std::to_string(r.closed)},
  };
  for (const auto& [c, n] : r.by_class)
    rows.push_back({"区分別：" + class_ja(c), std::to_string(n)});
  for (const auto& [c, n] : r.by_channel)
    rows.push_back({"受付方法別：" + channel_ja(c), std::to_string(n)});
  rows.push_back({"回答までの時間（営業時間）平均", duration_ja_or_dash(r.mean_to_answer)});
  rows.push_back(
      {"回答までの時間（営業時間）90パーセンタイル", duration_ja_or_dash(r.p90_to_answer)});
  rows.push_back({"回答までの時間（営業時間）最大", duration_ja_or_dash(r.max_to_answer)});
  for (const auto& [kind, minutes] : r.effort_minutes)
    rows.push_back({"対応実工数（時間）：" + effort_kind_ja(kind), hours_text(minutes)});
  rows.push_back({"対応実工数（時間）合計", hours_text(r.effort_total_minutes)});
  return rows;
}

const std::vector<std::string> kLineHeadings{"問合せID",
                                             "組合",
                                             "受付日時",
                                             "受付方法",
                                             "区分",
                                             "状態",
                                             "件名",
                                             "初回回答日時",
                                             "回答まで（営業時間）",
                                             "対応実工数（時間）"};

std::vector<std::string> line_cells(const ReportLine& l) {
  return {l.id,
          scope_ja(l.tenant),
          core::format_tokyo_minute(l.received_at),
          channel_ja(l.channel),
          class_ja(l.inquiry_class),
          status_ja(to_string(l.status)),
          l.subject,
          l.first_answered_at ? core::format_tokyo_minute(*l.first_answered_at) : "",
          duration_ja_or_dash(l.business_to_answer),
          hours_text(l.effort_total_minutes)};
}

}  // namespace

InquiryReport build_report(const std::vector<InquiryState>& inquiries, std::string scope,
                           std::chrono::year_month month,
                           const calendar::BusinessCalendar& calendar, core::Instant generated_at) {
  InquiryReport r;
  r.scope = std::move(scope);
  r.month = month;
  r.generated_at = generated_at;
  r.schedule = std::string(kSchedule);
  const auto* schedule = calendar.find_schedule(kSchedule);
  std::vector<microseconds> times;
  for (const auto& s : inquiries) {
    ReportLine line{
        s.id,      s.tenant,      s.channel,           s.inquiry_class, s.status,
        s.subject, s.received_at, s.first_answered_at, std::nullopt,    s.effort_minutes,
        0};
    for (const auto& [kind, minutes] : s.effort_minutes) {
      line.effort_total_minutes += minutes;
      r.effort_minutes[kind] += minutes;
    }
    r.effort_total_minutes += line.effort_total_minutes;
    if (s.first_answered_at && schedule != nullptr) {
      if (auto d = calendar.business_duration(s.received_at, *s.first_answered_at, *schedule)) {
        line.business_to_answer = *d;
        times.push_back(*d);
      }
    }
    ++r.received;
    if (s.first_answered_at) ++r.answered;
    if (s.status == Status::closed)
      ++r.closed;
    else
      ++r.open;
    ++r.by_class[s.inquiry_class];
    ++r.by_channel[s.channel];
    r.lines.push_back(std::move(line));
  }
  std::ranges::sort(r.lines, {}, &ReportLine::received_at);
  if (!times.empty()) {
    std::ranges::sort(times);
    microseconds sum{0};
    for (auto t : times) sum += t;
    r.mean_to_answer = sum / static_cast<long>(times.size());
    r.p90_to_answer = percentile(times, 90);
    r.max_to_answer = times.back();
  }
  return r;
}

json report_json(const InquiryReport& r) {
  json lines = json::array();
  for (const auto& l : r.lines) {
    lines.push_back({{"id", l.id},
                     {"tenant", l.tenant},
                     {"channel", l.channel},
                     {"class", l.inquiry_class.empty() ? json(nullptr) : json(l.inquiry_class)},
                     {"status", to_string(l.status)},
                     {"subject", l.subject},
                     {"received_at", core::format_tokyo_rfc3339(l.received_at)},
                     {"first_answered_at",
                      l.first_answered_at ? json(core::format_tokyo_rfc3339(*l.first_answered_at))
                                          : json(nullptr)},
                     {"business_to_answer", optional_duration(l.business_to_answer)},
                     {"effort_minutes", l.effort_minutes},
                     {"effort_hours", l.effort_total_minutes / 60.0}});
  }
  json by_class = json::object();
  for (const auto& [c, n] : r.by_class) by_class[c.empty() ? "unclassified" : c] = n;
  json effort_hours = json::object();
  for (const auto& [kind, minutes] : r.effort_minutes) effort_hours[kind] = minutes / 60.0;
  return {
      {"scope", r.scope},
      {"month", calendar::format_iso_month(r.month)},
      {"generated_at", core::format_tokyo_rfc3339(r.generated_at)},
      {"counts",
       {{"received", r.received},
        {"answered", r.answered},
        {"open", r.open},
        {"closed", r.closed},
        {"by_class", by_class},
        {"by_channel", r.by_channel}}},
      {"response_time",
       {{"schedule", r.schedule},
        {"answered", std::ranges::count_if(
                         r.lines, [](const auto& l) { return l.business_to_answer.has_value(); })},
        {"mean", optional_duration(r.mean_to_answer)},
        {"p90", optional_duration(r.p90_to_answer)},
        {"max", optional_duration(r.max_to_answer)}}},
      {"effort", {{"hours_by_kind", effort_hours}, {"total_hours", r.effort_total_minutes / 60.0}}},
      {"inquiries", lines}};
}

std::string report_csv(const InquiryReport& r) {
  auto csv = ::opsdesk::reports::csv_with_headings({"対象", "月", "項目", "値"});
  for (const auto& [label, value] : figure_rows(r))
    ::opsdesk::reports::append_csv_record(
        csv, {scope_ja(r.scope), calendar::format_iso_month(r.month), label, value});
  ::opsdesk::reports::append_csv_record(csv, {});
  ::opsdesk::reports::append_csv_record(csv, kLineHeadings);
  for (const auto& l : r.lines) ::opsdesk::reports::append_csv_record(csv, line_cells(l));
  return csv;
}

std::expected<std::string, std::string> report_xlsx(const InquiryReport& r) {
  namespace out = ::opsdesk::reports;
  const std::string title =
      "問合せ対応実績 " + calendar::format_iso_month(r.month) + " " + scope_ja(r.scope);
  return out::workbook_bytes(title, r.generated_at, [&](out::XlsxWriter& xlsx) {
    using out::CellStyle;
    xlsx.add_sheet("実績", {44, 20});
    xlsx.write_across(0, title, CellStyle::title);
    xlsx.write_across(1,
                      "作成 " + core::format_tokyo_minute(r.generated_at) +
                          "（日本時間）・回答までの時間は営業時間（平日 9:00～18:00）",
                      CellStyle::note);
    xlsx.write_row(3, {"項目", "値"}, CellStyle::header);
    int row = 4;
    for (const auto& [label, value] : figure_rows(r))
      xlsx.write_row(row++, {label, value}, CellStyle::text);
    xlsx.add_sheet("問合せ一覧", {38, 22, 17, 9, 9, 9, 40, 17, 14, 12});
    xlsx.write_row(0, kLineHeadings, CellStyle::header);
    int line_row = 1;
    for (const auto& l : r.lines) xlsx.write_row(line_row++, line_cells(l), CellStyle::text);
    xlsx.freeze_and_filter(1, line_row - 1);
  });
}

}  // namespace opsdesk::inquiries::reports
