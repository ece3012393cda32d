#include "libs/sla/sla_table.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::sla {

namespace {

using std::chrono::year_month_day;

bool in_scope(const std::string& scope, const std::string& tenant) {
  return scope == kCentreWide || scope == tenant;
}

bool affects(const IncidentClocks& clocks, const std::string& scope) {
  if (scope == kCentreWide) return true;
  return std::find(clocks.tenants.begin(), clocks.tenants.end(), scope) != clocks.tenants.end();
}

void finish(TableRow& row, const std::set<std::string>& incidents) {
  row.items = static_cast<int>(incidents.size());
  row.incident_ids.assign(incidents.begin(), incidents.end());
  if (row.total > 0) row.achievement_percent = 100.0 * row.met / row.total;
}

// Nearest-rank percentile of sorted values.
microseconds percentile(const std::vector<microseconds>& sorted, int percent) {
  const auto rank =
      static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

TableRow first_notice_row(const std::vector<IncidentClocks>& incidents, const std::string& scope,
                          const TablePeriod& period, const SlaDefinition& definition) {
  TableRow row;
  row.definition = definition;
  FirstNoticeFigures figures;
  std::set<std::string> behind;
  std::vector<microseconds> business;
  microseconds wall_sum{0};
  for (const auto& incident : incidents) {
    for (const auto& clock : incident.first_notice) {
      if (!in_scope(scope, clock.tenant) || !period.contains(clock.started_at)) continue;
      behind.insert(incident.incident_id);
      ++figures.clocks;
      EvidenceItem item{
          incident.incident_id, clock.tenant, "", clock.breached, {clock.start_event_id}};
      if (clock.running) {
        ++figures.running;
        item.what = "running, " + duration_text(clock.business_elapsed) + " business time so far" +
                    (clock.breached ? ", over the goal" : "");
        // A running clock already past its goal is a miss that no notice can undo.
        if (clock.breached) ++row.total;
      } else {
        ++figures.completed;
        ++row.total;
        if (!clock.breached) ++row.met;
        business.push_back(clock.business_elapsed);
        wall_sum += clock.wall_elapsed;
        item.event_ids.push_back(clock.stop_event_id);
        item.what = "first notice after " + duration_text(clock.business_elapsed) +
                    " business time, " + (clock.breached ? "missed" : "met");
      }
      row.evidence.push_back(std::move(item));
    }
  }
  if (!business.empty()) {
    std::sort(business.begin(), business.end());
    microseconds sum{0};
    for (auto value : business) sum += value;
    const auto n = static_cast<long long>(business.size());
    figures.mean_business = sum / n;
    figures.p90_business = percentile(business, 90);
    figures.max_business = business.back();
    figures.mean_wall = wall_sum / n;
  }
  row.figures = figures;
  finish(row, behind);
  return row;
}

TableRow cadence_row(const std::vector<IncidentClocks>& incidents, const std::string& scope,
                     const TablePeriod& period, const SlaDefinition& definition) {
  TableRow row;
  row.definition = definition;
  CadenceFigures figures;
  std::set<std::string> behind;
  for (const auto& incident : incidents) {
    for (const auto& cadence : incident.progress_cadence) {
      if (!in_scope(scope, cadence.tenant)) continue;
      for (const auto& cycle : cadence.completed_cycles) {
        if (!period.contains(cycle.start)) continue;
        behind.insert(incident.incident_id);
        ++figures.cycles;
        ++row.total;
        for (const auto& report : cadence.reports)
          if (core::to_tokyo(report.sent_at).date == cycle.day) ++figures.reports_on_cycle_days;
        if (cycle.breached) {
          ++figures.breached;
          EvidenceItem item{incident.incident_id, cadence.tenant, "", true, {}};
          item.what =
              std::string(definition.reports_per_business_day > 1
                              ? "fewer than " +
                                    std::to_string(definition.reports_per_business_day) + " reports"
                              : "no report") +
              " before closing on " + calendar::format_iso_date(cycle.day);
          if (!cycle.report_event_id.empty()) {
            item.what = "report after closing on " + calendar::format_iso_date(cycle.day);
            item.event_ids.push_back(cycle.report_event_id);
          }
          row.evidence.push_back(std::move(item));
        } else {
          ++row.met;
          row.evidence.push_back({incident.incident_id,
                                  cadence.tenant,
                                  "reported on " + calendar::format_iso_date(cycle.day),
                                  false,
                                  {cycle.report_event_id}});
        }
      }
      if (cadence.ongoing_cycle && period.contains(cadence.ongoing_cycle->start)) {
        behind.insert(incident.incident_id);
        ++figures.ongoing;
      }
      for (const auto& gap : cadence.gaps) {
        if (!period.contains(gap.to) && !(gap.ongoing && period.contains(gap.from))) continue;
        if (!figures.longest_gap || gap.business > figures.longest_gap->business) {
          figures.longest_gap = gap;
          figures.longest_gap_incident = incident.incident_id;
          figures.longest_gap_tenant = cadence.tenant;
        }
      }
    }
  }
  if (figures.cycles > 0)
    figures.reports_per_business_day =
        static_cast<double>(figures.reports_on_cycle_days) / figures.cycles;
  row.figures = figures;
  finish(row, behind);
  return row;
}

TableRow response_hours_row(const std::vector<IncidentClocks>& incidents, const std::string& scope,
                            const TablePeriod& period, const SlaDefinition& definition) {
  TableRow row;
  row.definition = definition;
  ResponseHoursFigures figures;
  std::set<std::string> behind;
  for (const auto& incident : incidents) {
    if (!incident.response_hours || !affects(incident, scope)) continue;
    for (const auto& classified : incident.response_hours->actions) {
      const auto& action = classified.action;
      if (!period.contains(action.started_at)) continue;
      // A notice to (or the adding of) another association is not work for this one.
      if (!action.tenant.empty() && !in_scope(scope, action.tenant)) continue;
      behind.insert(incident.incident_id);
      ++figures.actions;
      ++row.total;
      if (classified.inside) {
        ++figures.inside;
        ++row.met;
      } else {
        ++figures.outside;
        // Out-of-hours work (emergency response) is listed, not hidden.
        row.evidence.push_back({incident.incident_id,
                                action.tenant,
                                action.kind + " at " + core::format_rfc3339(action.started_at) +
                                    " by " + action.by + ", outside " +
                                    incident.response_hours->schedule + " hours",
                                true,
                                {action.evidence.event_id}});
      }
    }
  }
  if (figures.actions > 0)
    figures.share_inside = static_cast<double>(figures.inside) / figures.actions;
  row.figures = figures;
  finish(row, behind);
  return row;
}

TableRow no_data_row(const SlaDefinition& definition, std::string reason) {
  TableRow row;
  row.definition = definition;
  row.has_data = false;
  row.no_data_reason = std::move(reason);
  return row;
}

}  // namespace

TablePeriod month_period(std::chrono::year_month month) {
  const year_month_day first{month / std::chrono::day{1}};
  const year_month_day next{(month + std::chrono::months{1}) / std::chrono::day{1}};
  return {calendar::format_iso_date(first).substr(0, 7), core::from_tokyo(first, {}),
          core::from_tokyo(next, {})};
}

TablePeriod term_period(year_month_day first, year_month_day last) {
  const year_month_day after{std::chrono::sys_days{last} + std::chrono::days{1}};
  return {calendar::format_iso_date(first) + ".." + calendar::format_iso_date(last),
          core::from_tokyo(first, {}), core::from_tokyo(after, {})};
}

SlaTable build_table(const std::vector<IncidentClocks>& incidents, const std::string& tenant,
                     const TablePeriod& period, const SlaDefinitions& definitions,
                     core::Instant computed_at) {
  SlaTable table{tenant, period, computed_at, {}, {}};
  std::set<std::string> behind;
  for (const auto& definition : definitions.rows) {
    TableRow row;
    switch (definition.kind) {
      case TargetKind::first_notice:
        row = first_notice_row(incidents, tenant, period, definition);
        break;
      case TargetKind::progress_cadence:
        row = cadence_row(incidents, tenant, period, definition);
        break;
      case TargetKind::response_hours:
        row = response_hours_row(incidents, tenant, period, definition);
        break;
      case TargetKind::operating_hours:
        row = no_data_row(definition,
                          "routine operating hours come from the centre scheduling service, which "
                          "does not record events yet");
        break;
      case TargetKind::ops_report_cadence:
        row = no_data_row(definition,
                          "routine operations reports come from the centre scheduling service, "
                          "which does not record events yet");
        break;
      case TargetKind::reception_hours:
        row = no_data_row(definition,
                          "support requests come from the inquiries service, which does not "
                          "record events yet");
        break;
    }
    behind.insert(row.incident_ids.begin(), row.incident_ids.end());
    table.rows.push_back(std::move(row));
  }
  table.incident_ids.assign(behind.begin(), behind.end());
  return table;
}

}  // namespace opsdesk::sla
