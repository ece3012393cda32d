#include "services/sla-metrics/api/sla_json.hpp"

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/sla-metrics/reports/measured_text.hpp"

namespace opsdesk::sla_metrics::api {

namespace {

using nlohmann::json;

json time_json(core::Instant at) { return core::format_tokyo_rfc3339(at); }
json time_json(const std::optional<core::Instant>& at) {
  return at ? json(core::format_tokyo_rfc3339(*at)) : json(nullptr);
}
json id_or_null(const std::string& id) { return id.empty() ? json(nullptr) : json(id); }

json tenant_name(const std::string& code) {
  if (code == sla::kCentreWide) return "センタ全体";
  const auto* tenant = tenants::find_tenant(code);
  return tenant ? json(std::string(tenant->name_ja)) : json(nullptr);
}

json string_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json first_notice_json(const sla::FirstNoticeClock& clock, const sla::SlaDefinition& definition) {
  return {
      {"tenant", clock.tenant},
      {"name_ja", tenant_name(clock.tenant)},
      {"recurrence", clock.recurrence},
      {"reference_only", clock.reference_only},
      {"state", std::string(sla::to_string(clock.state))},
      {"rule", clock.rule},
      {"reason", string_or_null(clock.reason)},
      {"error", string_or_null(clock.error)},
      {"schedule", definition.schedule},
      {"goal", duration_json(clock.goal)},
      {"started_at", time_json(clock.started_at)},
      {"start_kind", clock.start_kind},
      {"counting_from", time_json(clock.counting_from)},
      {"stopped_at", time_json(clock.stopped_at)},
      {"stop_kind", string_or_null(clock.stop_kind)},
      {"breach_time", time_json(clock.breach_time)},
      {"business_elapsed", duration_json(clock.business_elapsed)},
      {"wall_elapsed", duration_json(clock.wall_elapsed)},
      {"remaining", duration_json(clock.remaining)},
      {"percent_of_goal", clock.percent_of_goal},
      {"paused", clock.paused},
      {"breached", clock.breached},
      {"event_ids", {{"start", clock.start_event_id}, {"stop", id_or_null(clock.stop_event_id)}}}};
}

json cycle_json(const sla::CadenceCycle& cycle, bool completed) {
  json out{{"day", calendar::format_iso_date(cycle.day)},
           {"state", std::string(sla::to_string(cycle.state))},
           {"rule", string_or_null(cycle.rule)},
           {"owed_because", sla::rule::kNotRestoredAtOpening},
           {"start", time_json(cycle.start)},
           {"breach_time", time_json(cycle.breach_time)},
           {"day_end", time_json(cycle.day_end)},
           {"breached", cycle.missed()},
           {"out_of_hours", cycle.out_of_hours},
           {"elapsed", duration_json(cycle.elapsed)},
           {"report_event_id", id_or_null(cycle.report_event_id)}};
  if (completed) {
    out["stop"] = time_json(cycle.stop);
  } else {
    out["remaining"] = duration_json(cycle.remaining);
    out["paused"] = cycle.paused;
  }
  return out;
}

json gap_json(const sla::ReportGap& gap) {
  return {{"business", duration_json(gap.business)},
          {"from", time_json(gap.from)},
          {"to", time_json(gap.to)},
          {"ongoing", gap.ongoing},
          {"from_event_id", id_or_null(gap.from_event_id)},
          {"to_event_id", id_or_null(gap.to_event_id)}};
}

json cadence_json(const sla::ProgressCadence& cadence, const sla::SlaDefinition& definition) {
  json periods = json::array();
  for (const auto& p : cadence.periods)
    periods.push_back({{"recurrence", p.recurrence},
                       {"from", time_json(p.from)},
                       {"until", time_json(p.until)},
                       {"until_rule", string_or_null(p.until_rule)},
                       {"from_event_id", p.from_event_id},
                       {"until_event_id", id_or_null(p.until_event_id)}});
  json completed = json::array();
  for (const auto& cycle : cadence.completed_cycles) completed.push_back(cycle_json(cycle, true));
  json reports = json::array();
  for (const auto& r : cadence.reports)
    reports.push_back(
        {{"sent_at", time_json(r.sent_at)}, {"kind", r.kind}, {"event_id", r.event_id}});
  const auto* longest = cadence.longest_gap();
  return {{"tenant", cadence.tenant},
          {"name_ja", tenant_name(cadence.tenant)},
          {"reference_only", cadence.reference_only},
          {"schedule", definition.schedule},
          {"goal", definition.goal_text},
          {"started", cadence.started},
          {"periods", periods},
          {"ongoing_cycle",
           cadence.ongoing_cycle ? cycle_json(*cadence.ongoing_cycle, false) : json(nullptr)},
          {"completed_cycles", completed},
          {"reports", reports},
          {"longest_gap", longest ? gap_json(*longest) : json(nullptr)}};
}

// The words the clocks use: "met" / "missed"; null when there is nothing to judge.
json verdict_json(const std::optional<bool>& met) {
  return met ? json(*met ? "met" : "missed") : json(nullptr);
}

json evidence_json(const sla::EvidenceItem& item) {
  json events = json::array();
  for (const auto& e : item.events)
    events.push_back({{"id", id_or_null(e.id)}, {"at", time_json(e.at)}, {"kind", e.kind}});
  return {{"incident_id", id_or_null(item.incident_id)},
          {"inquiry_id", id_or_null(item.inquiry_id)},
          {"occurrence_id", id_or_null(item.occurrence_id)},
          {"daily_report_id", id_or_null(item.daily_report_id)},
          {"tenant", id_or_null(item.tenant)},
          {"name_ja", item.tenant.empty() ? json(nullptr) : tenant_name(item.tenant)},
          {"what", item.what},
          {"what_ja", item.what_ja},
          {"rule", item.rule},
          {"counts_against", item.counts_against},
          {"permitted", item.permitted},
          {"events", events}};
}

json action_json(const sla::ClassifiedAction& classified) {
  const auto& a = classified.action;
  return {{"kind", a.kind},
          {"started_at", time_json(a.started_at)},
          {"ended_at", time_json(a.ended_at)},
          {"by", a.by},
          {"tenant", id_or_null(a.tenant)},
          {"name_ja", a.tenant.empty() ? json(nullptr) : tenant_name(a.tenant)},
          {"inside_hours", classified.inside},
          {"rule", classified.inside ? sla::rule::kInsideHours : sla::rule::kPermittedOutOfHours},
          {"wall", duration_json(classified.wall)},
          {"business", duration_json(classified.business)},
          {"event_id", a.evidence.event_id}};
}

json figures_json(const sla::Figures& figures) {
  auto optional_duration = [](const std::optional<std::chrono::microseconds>& d) {
    return d ? duration_json(*d) : json(nullptr);
  };
  if (const auto* f = std::get_if<sla::FirstNoticeFigures>(&figures)) {
    return {{"averaged_per", f->averaged_per},
            {"clocks", f->clocks},
            {"completed", f->completed},
            {"closed_without_notice", f->closed_without_notice},
            {"running", f->running},
            {"unmeasurable", f->unmeasurable},
            {"averaged", f->averaged},
            {"running_in_mean", f->running_in_mean},
            {"mean_business", optional_duration(f->mean_business)},
            {"mean_verdict", verdict_json(f->mean_met)},
            {"p90_business", optional_duration(f->p90_business)},
            {"max_business", optional_duration(f->max_business)},
            {"mean_wall", optional_duration(f->mean_wall)}};
  }
  if (const auto* f = std::get_if<sla::CadenceFigures>(&figures)) {
    json gap = nullptr;
    if (f->longest_gap) {
      gap = gap_json(*f->longest_gap);
      gap["incident_id"] = f->longest_gap_incident;
      gap["tenant"] = f->longest_gap_tenant;
    }
    return {{"cycles", f->cycles},
            {"breached_cycles", f->breached},
            {"out_of_hours_cycles", f->out_of_hours},
            {"ongoing_cycles", f->ongoing},
            {"reports_on_cycle_days", f->reports_on_cycle_days},
            {"reports_per_business_day",
             f->reports_per_business_day ? json(*f->reports_per_business_day) : json(nullptr)},
            {"longest_gap", gap}};
  }
  if (const auto* f = std::get_if<sla::ResponseHoursFigures>(&figures)) {
    return {{"actions", f->actions},
            {"inside_hours", f->inside},
            {"outside_hours", f->outside},
            {"share_inside", f->share_inside ? json(*f->share_inside) : json(nullptr)}};
  }
  if (const auto* f = std::get_if<sla::ReceptionFigures>(&figures)) {
    return {{"received", f->received},
            {"inside_hours", f->inside},
            {"outside_hours", f->outside},
            {"share_inside", f->share_inside ? json(*f->share_inside) : json(nullptr)},
            {"schedule", f->schedule}};
  }
  if (const auto* f = std::get_if<sla::OperatingHoursFigures>(&figures)) {
    return {{"work", f->work},
            {"inside_hours", f->inside},
            {"permitted_outside_hours", f->permitted_outside},
            {"missed_outside_hours", f->missed_outside},
            {"share_inside", f->share_inside ? json(*f->share_inside) : json(nullptr)},
            {"schedule", f->schedule}};
  }
  return nullptr;
}

json row_json(const sla::TableRow& row, EvidenceShown shown) {
  const auto& d = row.definition;
  json evidence = json::array();
  for (const auto& item : row.evidence)
    if (is_shown(item, shown)) evidence.push_back(evidence_json(item));
  json out = definition_json(d);
  out.erase("thresholds");  // the alerts' business, not the table's
  out.update(json{{"status", row.has_data ? "measured" : "no_data"},
                  {"no_data_reason", row.has_data ? json(nullptr) : json(row.no_data_reason)},
                  {"measured", figures_json(row.figures)},
                  {"measured_text_ja", measured_text_ja(row)},
                  {"achieved", verdict_json(row.achieved)},
                  {"compliance",
                   {{"met", row.met},
                    {"total", row.total},
                    {"achievement_percent",
                     row.achievement_percent ? json(*row.achievement_percent) : json(nullptr)}}},
                  {"items", row.items},
                  {"evidence", evidence}});
  // Figures only: the incident lists of a term's tables are most of their bytes.
  if (shown != EvidenceShown::none) {
    out["incident_ids"] = row.incident_ids;
    if (row.definition.kind == sla::TargetKind::reception_hours)
      out["inquiry_ids"] = row.inquiry_ids;
  }
  return out;
}

}  // namespace

bool is_shown(const sla::EvidenceItem& item, EvidenceShown shown) {
  switch (shown) {
    case EvidenceShown::all:
      return true;
    case EvidenceShown::against:
      return item.counts_against || item.permitted;
    case EvidenceShown::none:
      return false;
  }
  return false;
}

json definition_json(const sla::SlaDefinition& d) {
  return {{"id", d.id},
          {"kind", std::string(to_string(d.kind))},
          {"label_ja", d.label_ja},
          {"label_en", d.label_en},
          {"content_ja", d.content_ja},
          {"measurement_ja", d.measurement_ja},
          {"target_ja", d.target_ja},
          {"goal", d.goal_text},
          {"schedule", d.schedule},
          {"thresholds", d.thresholds}};
}

json duration_json(std::chrono::microseconds duration) {
  return {{"seconds", std::chrono::duration_cast<std::chrono::seconds>(duration).count()},
          {"text", sla::duration_text(duration)}};
}

json incident_clocks_json(const sla::IncidentClocks& clocks, const sla::SlaDefinitions& definitions,
                          const std::function<bool(const std::string&)>& visible) {
  json first_notice = json::array();
  if (const auto* row = definitions.find(sla::TargetKind::first_notice))
    for (const auto& clock : clocks.first_notice)
      if (visible(clock.tenant)) first_notice.push_back(first_notice_json(clock, *row));
  json cadence = json::array();
  if (const auto* row = definitions.find(sla::TargetKind::progress_cadence))
    for (const auto& c : clocks.progress_cadence)
      if (visible(c.tenant)) cadence.push_back(cadence_json(c, *row));
  json hours = nullptr;
  if (clocks.response_hours) {
    json actions = json::array();
    int inside = 0, outside = 0;
    for (const auto& action : clocks.response_hours->actions) {
      // A notice to (or the adding of) another association is that association's business.
      if (!action.action.tenant.empty() && !visible(action.action.tenant)) continue;
      ++(action.inside ? inside : outside);
      actions.push_back(action_json(action));
    }
    hours = {{"schedule", clocks.response_hours->schedule},
             {"inside_hours", inside},
             {"outside_hours", outside},
             {"actions", actions}};
  }
  json not_measured = json::array();
  for (const auto& n : clocks.not_measured)
    if (visible(n.tenant))
      not_measured.push_back({{"tenant", n.tenant},
                              {"name_ja", tenant_name(n.tenant)},
                              {"rule", n.rule},
                              {"detail", n.detail}});
  return {{"incident_id", clocks.incident_id}, {"computed_at", time_json(clocks.computed_at)},
          {"not_measured", not_measured},      {"first_notice", first_notice},
          {"progress_cadence", cadence},       {"response_hours", hours}};
}

json table_json(const sla::SlaTable& table, EvidenceShown evidence) {
  json rows = json::array();
  for (const auto& row : table.rows) rows.push_back(row_json(row, evidence));
  json out{{"tenant", table.tenant},
           {"name_ja", tenant_name(table.tenant)},
           {"reference_only", table.reference_only},
           {"period",
            {{"label", table.period.label},
             {"from", time_json(table.period.from)},
             {"until", time_json(table.period.until)}}},
           {"computed_at", time_json(table.computed_at)},
           {"rows", rows}};
  if (evidence != EvidenceShown::none) out["incident_ids"] = table.incident_ids;
  return out;
}

}  // namespace opsdesk::sla_metrics::api
