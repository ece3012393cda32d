#include "libs/sla/sla_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/sla/operations_rows.hpp"

namespace opsdesk::sla {

namespace {

using std::chrono::year_month_day;

// Whose figures a table shows: the centre's covers the tenants in the centre, a tenant's that
// tenant. Decided once per row, asked for every clock.
class Scope {
 public:
  explicit Scope(const std::string& scope) : tenant_(scope), centre_(scope == kCentreWide) {}
  bool centre() const { return centre_; }
  // A clock (or an action) of `tenant`, flagged reference_only when outside the centre.
  bool covers(const std::string& tenant, bool outside_centre) const {
    return centre_ ? !outside_centre : tenant == tenant_;
  }
  bool covers(const std::string& tenant) const {
    return centre_ ? !reference_only(tenant) : tenant == tenant_;
  }
  bool affects(const IncidentClocks& clocks) const {
    return std::any_of(clocks.measured_tenants.begin(), clocks.measured_tenants.end(),
                       [&](const auto& tenant) { return covers(tenant); });
  }

 private:
  const std::string& tenant_;
  bool centre_;
};

// The incidents behind a row, each once. A row visits an incident's figures one after the other,
// so a repeat is nearly always the last one noted: compared by address, not by text, and copied
// as text only for a table that lists them.
class IncidentsBehind {
 public:
  void insert(const std::string& id) {
    if (ids_.empty() || ids_.back() != &id) ids_.push_back(&id);
  }
  int count() const {
    auto distinct = ids_;
    std::sort(distinct.begin(), distinct.end());
    return static_cast<int>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
  }
  std::vector<std::string> sorted() const {
    std::vector<std::string> out;
    out.reserve(ids_.size());
    for (const auto* id : ids_) out.push_back(*id);
    sort_unique(out);
    return out;
  }
  static void sort_unique(std::vector<std::string>& ids) {
    if (!std::is_sorted(ids.begin(), ids.end())) std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }

 private:
  std::vector<const std::string*> ids_;
};

void finish(TableRow& row, const IncidentsBehind& incidents, TableDetail detail) {
  if (detail == TableDetail::figures) {
    row.items = incidents.count();
  } else {
    row.incident_ids = incidents.sorted();
    row.items = static_cast<int>(row.incident_ids.size());
  }
  if (row.total > 0) row.achievement_percent = 100.0 * row.met / row.total;
}

// Nearest-rank percentile of sorted values.
microseconds percentile(const std::vector<microseconds>& sorted, int percent) {
  const auto rank =
      static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

// --- first notice ---

// What a clock (or an incident occurrence, for the centre) puts in the mean: its business time
// once stopped, or so far while running past the goal (an unanswered fault cannot improve the
// average by staying unanswered). A clock closed without any notice counts with no less than
// the goal: the tenant was never told, so it cannot make the average look better.
struct MeanValue {
  microseconds business{};
  microseconds wall{};
  bool running = false;
};

std::optional<MeanValue> mean_value(const FirstNoticeClock& clock) {
  switch (clock.state) {
    case ClockState::met:
      return MeanValue{clock.business_elapsed, clock.wall_elapsed, false};
    case ClockState::missed: {
      auto business = clock.business_elapsed;
      if (clock.rule == rule::kClosedWithoutNotice) business = std::max(business, clock.goal);
      return MeanValue{business, clock.wall_elapsed, false};
    }
    case ClockState::running:
      if (!clock.breached) return std::nullopt;  // may still be met
      return MeanValue{clock.business_elapsed, clock.wall_elapsed, true};
    case ClockState::unmeasurable:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string clock_what(const FirstNoticeClock& clock) {
  const std::string occurrence =
      clock.recurrence > 0 ? " (recurrence " + std::to_string(clock.recurrence) + ")" : "";
  switch (clock.state) {
    case ClockState::running:
      return "running" + occurrence + ", " + duration_text(clock.business_elapsed) +
             " business time so far" + (clock.breached ? ", over the goal" : "");
    case ClockState::unmeasurable:
      return "cannot be measured" + occurrence + ": " + clock.error;
    case ClockState::met:
    case ClockState::missed:
      break;
  }
  if (clock.rule == rule::kClosedWithoutNotice)
    return "closed after " + duration_text(clock.business_elapsed) + " business time" + occurrence +
           " without any report to the association, missed";
  return "first report (" + clock.stop_kind + ") after " + duration_text(clock.business_elapsed) +
         " business time" + occurrence + ", " + std::string(to_string(clock.state));
}

// What a report kind or an action is called on the Japanese report.
std::string kind_ja(const std::string& kind) {
  static const std::map<std::string, std::string> kNames{
      {"detected", "検知"},
      {"reopened", "再発（再オープン）"},
      {"tenant_added", "対象組合の追加"},
      {"first_notice", "第一報"},
      {"progress_report", "経過報告"},
      {"recovery_report", "復旧報告"},
      {"response_activity", "対応作業"},
      {"vendor_contact", "ベンダー連絡"},
      {"workaround", "暫定対応"},
      {"cause_identified", "原因特定"},
      {"service_restored", "サービス復旧"},
      {"permanent_fix_planned", "恒久対策の計画"},
      {"prevention_action", "再発防止策"},
      {"closed", "クローズ"},
      {"opening", "始業"},
      {"report", "報告"},
      {"business_day", "営業日"},
      {"daily_report", "運用状況報告"},
      {"completed", "作業完了"},
  };
  const auto found = kNames.find(kind);
  return found == kNames.end() ? kind : found->second;
}

std::string clock_what_ja(const FirstNoticeClock& clock) {
  const std::string occurrence =
      clock.recurrence > 0 ? "（再発 " + std::to_string(clock.recurrence) + "回目）" : "";
  switch (clock.state) {
    case ClockState::running:
      return "通知待ち" + occurrence + "、営業時間 " + duration_text_ja(clock.business_elapsed) +
             "経過" + (clock.breached ? "、目標超過" : "");
    case ClockState::unmeasurable:
      return "測定不能" + occurrence + "：" + clock.error;
    case ClockState::met:
    case ClockState::missed:
      break;
  }
  if (clock.rule == rule::kClosedWithoutNotice)
    return "営業時間 " + duration_text_ja(clock.business_elapsed) +
           "後、組合への報告なしにクローズ" + occurrence + "、未達";
  return kind_ja(clock.stop_kind) + "まで営業時間 " + duration_text_ja(clock.business_elapsed) +
         occurrence + "、" + (clock.state == ClockState::met ? "達成" : "未達");
}

EvidenceItem clock_evidence(const IncidentClocks& incident, const FirstNoticeClock& clock) {
  EvidenceItem item;
  item.incident_id = incident.incident_id;
  item.tenant = clock.tenant;
  item.what = clock_what(clock);
  item.what_ja = clock_what_ja(clock);
  item.rule = clock.rule;
  item.counts_against = clock.state == ClockState::missed ||
                        clock.state == ClockState::unmeasurable ||
                        (clock.running && clock.breached);
  item.events.push_back({clock.start_event_id, clock.started_at, clock.start_kind});
  if (clock.stopped_at)
    item.events.push_back({clock.stop_event_id, *clock.stopped_at, clock.stop_kind});
  return item;
}

// The centre averages per incident occurrence: the time until every in-scope tenant had its
// first report, i.e. the longest of their clocks; running while any of them runs.
struct OccurrenceValue {
  std::vector<const FirstNoticeClock*> clocks;
  std::optional<MeanValue> value;
};

std::optional<MeanValue> occurrence_value(const std::vector<const FirstNoticeClock*>& clocks) {
  MeanValue longest;
  bool any_running = false, any_counted = false;
  for (const auto* clock : clocks) {
    if (clock->state == ClockState::unmeasurable) continue;
    MeanValue value{clock->business_elapsed, clock->wall_elapsed, clock->running};
    if (auto counted = mean_value(*clock)) value = *counted;
    any_running = any_running || clock->running;
    any_counted = true;
    if (value.business > longest.business) longest = value;
    longest.wall = std::max(longest.wall, value.wall);
  }
  if (!any_counted) return std::nullopt;
  longest.running = any_running;
  const auto goal = clocks.front()->goal;
  // Still running under the goal: the occurrence's value may yet grow past it or stay within.
  if (any_running && longest.business <= goal) return std::nullopt;
  return longest;
}

TableRow first_notice_row(const ClocksList& incidents, const Scope& scope,
                          const TablePeriod& period, const SlaDefinition& definition,
                          TableDetail detail) {
  TableRow row;
  row.definition = definition;
  FirstNoticeFigures figures;
  figures.averaged_per = scope.centre() ? "incident" : "clock";
  IncidentsBehind behind;
  std::vector<MeanValue> values;
  for (const IncidentClocks* each : incidents) {
    const IncidentClocks& incident = *each;
    // The centre's occurrences, keyed by recurrence, and where each began.
    std::map<int, std::vector<const FirstNoticeClock*>> occurrences;
    for (const auto& clock : incident.first_notice) {
      if (!scope.covers(clock.tenant, clock.reference_only)) continue;
      if (scope.centre()) occurrences[clock.recurrence].push_back(&clock);
      if (!period.contains(clock.started_at)) continue;
      behind.insert(incident.incident_id);
      ++figures.clocks;
      switch (clock.state) {
        case ClockState::running:
          ++figures.running;
          if (clock.breached) ++row.total;  // a miss that no report can undo
          break;
        case ClockState::unmeasurable:
          ++figures.unmeasurable;
          break;
        case ClockState::met:
        case ClockState::missed:
          ++row.total;
          if (clock.state == ClockState::met) ++row.met;
          ++(clock.rule == rule::kClosedWithoutNotice ? figures.closed_without_notice
                                                      : figures.completed);
          break;
      }
      if (!scope.centre())
        if (auto value = mean_value(clock)) values.push_back(*value);
      if (detail == TableDetail::evidence) row.evidence.push_back(clock_evidence(incident, clock));
    }
    for (const auto& [recurrence, clocks] : occurrences) {
      const auto began = std::min_element(clocks.begin(), clocks.end(), [](auto a, auto b) {
        return a->started_at < b->started_at;
      });
      if (!period.contains((*began)->started_at)) continue;
      if (auto value = occurrence_value(clocks)) values.push_back(*value);
    }
  }
  if (!values.empty()) {
    std::vector<microseconds> business;
    microseconds sum{0}, wall_sum{0};
    for (const auto& value : values) {
      business.push_back(value.business);
      sum += value.business;
      wall_sum += value.wall;
      if (value.running) ++figures.running_in_mean;
    }
    std::sort(business.begin(), business.end());
    const auto n = static_cast<long long>(values.size());
    figures.averaged = static_cast<int>(n);
    figures.mean_business = sum / n;
    figures.p90_business = percentile(business, 90);
    figures.max_business = business.back();
    figures.mean_wall = wall_sum / n;
    figures.mean_met = *figures.mean_business <= definition.goal_duration;
    row.achieved = figures.mean_met;
  }
  row.figures = figures;
  finish(row, behind, detail);
  return row;
}

// --- progress cadence ---

EvidenceItem cycle_evidence(const IncidentClocks& incident, const ProgressCadence& cadence,
                            const CadenceCycle& cycle, const SlaDefinition& definition) {
  const auto day = calendar::format_iso_date(cycle.day);
  EvidenceItem item;
  item.incident_id = incident.incident_id;
  item.tenant = cadence.tenant;
  item.rule = cycle.rule;
  item.counts_against = cycle.missed();
  const auto per_day = definition.reports_per_business_day;
  if (cycle.missed()) {
    item.what = (per_day > 1 ? "fewer than " + std::to_string(per_day) + " reports"
                             : std::string("no report")) +
                " on " + day + ", owed: not restored at its opening";
    item.what_ja =
        day + " の報告" +
        (per_day > 1 ? "が " + std::to_string(per_day) + "回未満" : std::string("なし")) +
        "（始業時に未復旧のため報告要）";
    item.events.push_back({"", cycle.start, "opening"});
  } else {
    item.what =
        std::string(cycle.out_of_hours ? "reported out of hours on " : "reported on ") + day;
    item.what_ja = day + (cycle.out_of_hours ? " に時間外に報告" : " に報告");
    item.events.push_back({cycle.report_event_id, *cycle.stop, "report"});
  }
  return item;
}

TableRow cadence_row(const ClocksList& incidents, const Scope& scope, const TablePeriod& period,
                     const SlaDefinition& definition, TableDetail detail) {
  TableRow row;
  row.definition = definition;
  CadenceFigures figures;
  IncidentsBehind behind;
  for (const IncidentClocks* each : incidents) {
    const IncidentClocks& incident = *each;
    for (const auto& cadence : incident.progress_cadence) {
      if (!scope.covers(cadence.tenant, cadence.reference_only)) continue;
      for (const auto& cycle : cadence.completed_cycles) {
        if (!period.contains(cycle.start)) continue;
        behind.insert(incident.incident_id);
        ++figures.cycles;
        ++row.total;
        figures.reports_on_cycle_days += cycle.reports;
        if (cycle.missed()) {
          ++figures.breached;
        } else {
          ++row.met;
          if (cycle.out_of_hours) ++figures.out_of_hours;
        }
        if (detail == TableDetail::evidence)
          row.evidence.push_back(cycle_evidence(incident, cadence, cycle, definition));
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
  if (figures.cycles > 0) {
    figures.reports_per_business_day =
        static_cast<double>(figures.reports_on_cycle_days) / figures.cycles;
    row.achieved = figures.breached == 0;
  }
  row.figures = figures;
  finish(row, behind, detail);
  return row;
}

// --- response hours ---

TableRow response_hours_row(const ClocksList& incidents, const Scope& scope,
                            const TablePeriod& period, const SlaDefinition& definition,
                            TableDetail detail) {
  TableRow row;
  row.definition = definition;
  ResponseHoursFigures figures;
  IncidentsBehind behind;
  for (const IncidentClocks* each : incidents) {
    const IncidentClocks& incident = *each;
    if (!incident.response_hours || !scope.affects(incident)) continue;
    for (const auto& classified : incident.response_hours->actions) {
      const auto& action = classified.action;
      if (!period.contains(action.started_at)) continue;
      // A notice to (or the adding of) another association is not work for this one.
      if (!action.tenant.empty() && !scope.covers(action.tenant)) continue;
      behind.insert(incident.incident_id);
      ++figures.actions;
      ++row.total;
      if (classified.inside) {
        ++figures.inside;
        ++row.met;
      } else {
        ++figures.outside;
        // Out-of-hours work is emergency response the contract permits (仕様書 4.(1)③エ):
        // listed with its event, never hidden and never a miss.
        if (detail == TableDetail::evidence)
          row.evidence.push_back(
              {.incident_id = incident.incident_id,
               .tenant = action.tenant,
               .what = action.kind + " at " + core::format_tokyo_rfc3339(action.started_at) +
                       " by " + action.by + ", outside " + incident.response_hours->schedule +
                       " hours (permitted)",
               .what_ja = kind_ja(action.kind) + " " +
                          core::format_tokyo_minute(action.started_at) + "（" + action.by + "）、" +
                          incident.response_hours->schedule + " の時間外（緊急対応として許容）",
               .rule = std::string(rule::kPermittedOutOfHours),
               .counts_against = false,
               .permitted = true,
               .events = {{action.evidence.event_id, action.started_at, action.kind}}});
      }
    }
  }
  if (figures.actions > 0) {
    figures.share_inside = static_cast<double>(figures.inside) / figures.actions;
    row.achieved = true;  // every action is inside the hours or permitted outside them
  }
  row.figures = figures;
  finish(row, behind, detail);
  return row;
}

TableRow reception_row(const std::vector<Reception>& receptions, const std::string& scope,
                       const SlaDefinition& definition, TableDetail detail) {
  TableRow row;
  row.definition = definition;
  ReceptionFigures figures;
  figures.schedule = definition.schedule;
  for (const auto& reception : receptions) {
    ++figures.received;
    ++row.total;
    if (detail != TableDetail::figures) row.inquiry_ids.push_back(reception.inquiry_id);
    if (reception.inside_hours) {
      ++figures.inside;
      ++row.met;
      continue;
    }
    ++figures.outside;
    // Taken outside the hours (a call at night): shown, and never a miss.
    if (detail == TableDetail::evidence)
      row.evidence.push_back(
          {.inquiry_id = reception.inquiry_id,
           .tenant = scope == kCentreWide ? std::string() : scope,
           .what = "received at " + core::format_tokyo_rfc3339(reception.received_at) +
                   ", outside " + definition.schedule + " hours",
           .what_ja = "受付 " + core::format_tokyo_minute(reception.received_at) + "（" +
                      definition.schedule + " の時間外）",
           .rule = std::string(rule::kReceivedOutOfHours),
           .counts_against = false,
           .permitted = true,
           .events = {{"", reception.received_at, "received"}}});
  }
  row.items = figures.received;
  if (figures.received > 0) {
    figures.share_inside = static_cast<double>(figures.inside) / figures.received;
    row.achievement_percent = 100.0 * row.met / row.total;
    row.achieved = true;  // every reception is inside the hours or taken outside them
  }
  row.figures = figures;
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

bool moves_with_time(const IncidentClocks& incident, const TablePeriod& period, core::Instant now) {
  // A running clock counts where it started, and in the centre's table its occurrence counts
  // where the occurrence's first clock started: at or before this one.
  for (const auto& clock : incident.first_notice)
    if (clock.running && clock.started_at >= period.from) return true;
  for (const auto& cadence : incident.progress_cadence) {
    if (cadence.ongoing_cycle && period.contains(cadence.ongoing_cycle->start)) return true;
    for (const auto& gap : cadence.gaps)
      if (gap.ongoing && period.contains(gap.from)) return true;
    // Still owed reports: the days still to come in the period will be judged.
    for (const auto& owed : cadence.periods)
      if (!owed.until && now < period.until) return true;
  }
  return false;
}

TablePeriod month_period(std::chrono::year_month month) {
  const year_month_day first{month / std::chrono::day{1}};
  const year_month_day next{(month + std::chrono::months{1}) / std::chrono::day{1}};
  return {calendar::format_iso_month(month), core::from_tokyo(first, {}),
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
  ClocksList list;
  list.reserve(incidents.size());
  for (const auto& incident : incidents) list.push_back(&incident);
  return build_table_of(list, tenant, period, definitions, computed_at, TableDetail::evidence);
}

SlaTable build_table_of(const ClocksList& incidents, const std::string& tenant,
                        const TablePeriod& period, const SlaDefinitions& definitions,
                        core::Instant computed_at, TableDetail detail,
                        const OtherSources& sources) {
  SlaTable table;
  table.tenant = tenant;
  table.reference_only = tenant != kCentreWide && reference_only(tenant);
  table.period = period;
  table.computed_at = computed_at;
  const Scope scope(tenant);
  std::vector<std::string> behind;
  for (const auto& definition : definitions.rows) {
    TableRow row;
    switch (definition.kind) {
      case TargetKind::first_notice:
        row = first_notice_row(incidents, scope, period, definition, detail);
        break;
      case TargetKind::progress_cadence:
        row = cadence_row(incidents, scope, period, definition, detail);
        break;
      case TargetKind::response_hours:
        row = response_hours_row(incidents, scope, period, definition, detail);
        break;
      case TargetKind::operating_hours:
        row = sources.operations != nullptr
                  ? sources.operations->operating_hours
                  : no_data_row(definition,
                                "routine operating hours come from the centre scheduling "
                                "service, whose events this table does not read");
        break;
      case TargetKind::ops_report_cadence:
        row = sources.operations != nullptr
                  ? sources.operations->report_cadence
                  : no_data_row(definition,
                                "routine operations reports come from the centre scheduling "
                                "service, whose events this table does not read");
        break;
      case TargetKind::reception_hours:
        row = sources.receptions != nullptr
                  ? reception_row(*sources.receptions, tenant, definition, detail)
                  : no_data_row(definition,
                                "support requests come from the inquiries service, whose "
                                "events this table does not read");
        break;
    }
    behind.insert(behind.end(), row.incident_ids.begin(), row.incident_ids.end());
    table.rows.push_back(std::move(row));
  }
  IncidentsBehind::sort_unique(behind);
  table.incident_ids = std::move(behind);
  return table;
}

std::string event_kind_ja(const std::string& kind) { return kind_ja(kind); }

void classify_receptions(std::vector<Reception>& receptions, const SlaDefinitions& definitions,
                         const calendar::BusinessCalendar& calendar) {
  const auto* definition = definitions.find(TargetKind::reception_hours);
  const auto* schedule =
      definition == nullptr ? nullptr : calendar.find_schedule(definition->schedule);
  for (auto& reception : receptions) {
    if (schedule == nullptr) {
      reception.inside_hours = false;
      continue;
    }
    reception.inside_hours =
        calendar.is_within_business_hours(reception.received_at, *schedule).value_or(false);
  }
}

}  // namespace opsdesk::sla
