#include "libs/sla/operations_rows.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/sla/incident_clocks.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::sla {

namespace {

using std::chrono::year_month_day;

year_month_day tokyo_date(core::Instant at) { return core::to_tokyo(at).date; }

// The first day an association is measured: the first of its go-live month.
std::optional<year_month_day> measured_from(const std::string& tenant) {
  const auto* known = tenants::find_tenant(tenant);
  if (known == nullptr) return std::nullopt;
  return year_month_day{known->go_live / std::chrono::day{1}};
}

bool live_at(const std::string& tenant, core::Instant at) {
  const auto first = measured_from(tenant);
  return first && tokyo_date(at) >= *first;
}

TableRow no_data(const SlaDefinition& definition, std::string reason) {
  TableRow row;
  row.definition = definition;
  row.has_data = false;
  row.no_data_reason = std::move(reason);
  return row;
}

const std::string kBoueiReason =
    "the Ministry of Defense association (bouei) runs its own operations outside the centre "
    "(仕様書 4.(4)): the centre's routine operations rows do not measure it";

// --- (運用状況の) 経過報告間隔 ---

TableRow report_cadence_row(const OperationsRecords& records,
                            const std::vector<std::string>& measured, const TablePeriod& period,
                            core::Instant now, const SlaDefinition& definition,
                            const calendar::BusinessCalendar& calendar, TableDetail detail) {
  if (!records.reports_recorded)
    return no_data(definition,
                   "no daily operations report has been recorded yet (POST "
                   "/v1/schedule/daily-reports)");
  TableRow row;
  row.definition = definition;
  const bool list_evidence = detail == TableDetail::evidence;
  CadenceFigures figures;
  const auto* schedule = calendar.find_schedule(definition.schedule);
  const int per_day = std::max(definition.reports_per_business_day, 1);

  // Each association's reports by the Tokyo day they were sent.
  std::map<std::pair<std::string, year_month_day>, std::vector<const DailyReportRecord*>> sent;
  for (const auto& report : records.reports)
    sent[{report.tenant, tokyo_date(report.sent_at)}].push_back(&report);

  const auto first_day = tokyo_date(period.from);
  const auto last_day = tokyo_date(period.until - std::chrono::microseconds{1});
  const auto today = tokyo_date(now);
  std::set<std::string> reports_behind;
  for (const auto& tenant : measured) {
    const auto from = std::max(first_day, *measured_from(tenant));
    const auto until = std::min(last_day, today);
    if (from > until) continue;
    const auto days = calendar.business_days(from, until);
    if (!days) continue;  // outside the calendar's years: nothing can be owed there
    for (const auto day : *days) {
      const auto found = sent.find({tenant, day});
      const auto reports = found == sent.end() ? 0 : static_cast<int>(found->second.size());
      const bool met = reports >= per_day;
      if (!met && day == today) {
        ++figures.ongoing;  // judged when the day ends
        continue;
      }
      ++figures.cycles;
      ++row.total;
      figures.reports_on_cycle_days += reports;
      const auto day_text = calendar::format_iso_date(day);
      EvidenceItem item;
      item.tenant = tenant;
      if (!met) {
        ++figures.breached;
        item.rule = rule::kNoReportOnDay;
        item.counts_against = true;
        item.what = "no daily operations report on " + day_text;
        item.what_ja = day_text + " の運用状況報告なし";
        item.events.push_back({"", core::from_tokyo(day, {}), "business_day"});
      } else {
        ++row.met;
        const auto& first = *found->second.front();
        const bool inside =
            schedule != nullptr &&
            calendar.is_within_business_hours(first.sent_at, *schedule).value_or(false);
        if (!inside) ++figures.out_of_hours;
        item.rule = inside ? rule::kReportOnDay : rule::kReportOutOfHours;
        item.daily_report_id = first.report_id;
        item.what = std::string(inside ? "reported on " : "reported out of hours on ") + day_text;
        item.what_ja = day_text + (inside ? " に報告" : " に時間外に報告");
        for (const auto* report : found->second) {
          reports_behind.insert(report->report_id);
          item.events.push_back({report->event_id, report->sent_at, "daily_report"});
        }
      }
      if (list_evidence) row.evidence.push_back(std::move(item));
    }
  }
  if (figures.cycles > 0) {
    figures.reports_per_business_day =
        static_cast<double>(figures.reports_on_cycle_days) / figures.cycles;
    row.achievement_percent = 100.0 * row.met / row.total;
    row.achieved = figures.breached == 0;
  }
  row.items = static_cast<int>(reports_behind.size());
  if (detail != TableDetail::figures)
    row.record_ids.assign(reports_behind.begin(), reports_behind.end());
  row.figures = figures;
  return row;
}

// --- 運用時間 ---

bool inside_window(const std::vector<ApprovedWindow>& windows, const std::string& tenant,
                   core::Instant at) {
  return std::ranges::any_of(windows, [&](const ApprovedWindow& w) {
    return w.tenant == tenant && w.start <= at && at <= w.end;
  });
}

TableRow operating_hours_row(const OperationsRecords& records,
                             const std::vector<std::string>& measured, const TablePeriod& period,
                             const SlaDefinition& definition,
                             const calendar::BusinessCalendar& calendar, TableDetail detail) {
  if (!records.work_recorded)
    return no_data(definition,
                   "no result of scheduled operations work has been recorded yet (POST "
                   "/v1/schedule/occurrences/{id}/complete)");
  TableRow row;
  row.definition = definition;
  const bool list_evidence = detail == TableDetail::evidence;
  OperatingHoursFigures figures;
  figures.schedule = definition.schedule;
  const auto* schedule = calendar.find_schedule(definition.schedule);
  for (const auto& work : records.work) {
    if (!period.contains(work.done_at)) continue;
    // The associations of this result the table measures, live when the work was done. The
    // centre counts a piece of work once, however many associations it was for.
    std::vector<std::string> counted;
    for (const auto& tenant : work.tenants)
      if (std::ranges::find(measured, tenant) != measured.end() && live_at(tenant, work.done_at))
        counted.push_back(tenant);
    if (counted.empty()) continue;
    ++figures.work;
    if (detail != TableDetail::figures) row.record_ids.push_back(work.occurrence_id);
    ++row.total;
    const bool inside = schedule != nullptr &&
                        calendar.is_within_business_hours(work.done_at, *schedule).value_or(false);
    if (inside) {
      ++figures.inside;
      ++row.met;
      if (!list_evidence) continue;
    }
    const bool by_kind = permitted_out_of_hours(work.kind);
    const bool by_window = std::ranges::all_of(counted, [&](const auto& tenant) {
      return inside_window(records.windows, tenant, work.done_at);
    });
    EvidenceItem item;
    item.occurrence_id = work.occurrence_id;
    item.tenant = counted.size() == 1 ? counted.front() : std::string();
    item.events.push_back({work.event_id, work.done_at, "completed"});
    const std::string when = core::format_tokyo_minute(work.done_at);
    const std::string done = work.title + " (" + work.kind + ", " + work.result + ") done at " +
                             core::format_tokyo_rfc3339(work.done_at);
    const std::string done_ja = work.title + " " + when + " 実施";
    if (inside) {
      item.rule = rule::kInsideHours;
      item.what = done + ", inside " + definition.schedule + " hours";
      item.what_ja = done_ja + "（" + definition.schedule + " の時間内）";
    } else if (by_kind || by_window) {
      ++figures.permitted_outside;
      ++row.met;  // work the contract allows out of hours is on time
      item.permitted = true;
      item.rule = by_kind ? rule::kPermittedKind : rule::kApprovedWindow;
      item.what = done + ", outside " + definition.schedule + " hours (permitted: " +
                  (by_kind ? "a system backup or inspection may be done out of hours"
                           : "inside a maintenance window the association approved") +
                  ")";
      item.what_ja = done_ja + "（" + definition.schedule + " の時間外、" +
                     (by_kind ? "バックアップ・定期点検として許容" : "承認済みの作業枠内") + "）";
    } else {
      ++figures.missed_outside;
      item.counts_against = true;
      item.rule = rule::kOutOfHoursWork;
      item.what = done + ", outside " + definition.schedule + " hours";
      item.what_ja = done_ja + "（" + definition.schedule + " の時間外）";
    }
    if (list_evidence) row.evidence.push_back(std::move(item));
  }
  row.items = figures.work;
  std::ranges::sort(row.record_ids);
  row.record_ids.erase(std::unique(row.record_ids.begin(), row.record_ids.end()),
                       row.record_ids.end());
  if (figures.work > 0) {
    figures.share_inside = static_cast<double>(figures.inside) / figures.work;
    row.achievement_percent = 100.0 * row.met / row.total;
    row.achieved = figures.missed_outside == 0;
  }
  row.figures = figures;
  return row;
}

}  // namespace

bool permitted_out_of_hours(const std::string& kind) {
  return kind == "system_backup" || kind == "inspection";
}

std::vector<std::string> operations_tenants(const std::string& scope) {
  if (scope == kCentreWide) return tenants::in_centre_codes();
  const auto* known = tenants::find_tenant(scope);
  if (known == nullptr || !known->in_centre) return {};
  return {scope};
}

OperationsRows operations_rows(const OperationsRecords& records, const std::string& scope,
                               const TablePeriod& period, core::Instant now,
                               const SlaDefinitions& definitions,
                               const calendar::BusinessCalendar& calendar, TableDetail detail) {
  OperationsRows rows;
  const auto measured = operations_tenants(scope);
  const auto* cadence = definitions.find(TargetKind::ops_report_cadence);
  const auto* hours = definitions.find(TargetKind::operating_hours);
  if (cadence != nullptr)
    rows.report_cadence = measured.empty() ? no_data(*cadence, kBoueiReason)
                                           : report_cadence_row(records, measured, period, now,
                                                                *cadence, calendar, detail);
  if (hours != nullptr)
    rows.operating_hours =
        measured.empty() ? no_data(*hours, kBoueiReason)
                         : operating_hours_row(records, measured, period, *hours, calendar, detail);
  return rows;
}

}  // namespace opsdesk::sla
