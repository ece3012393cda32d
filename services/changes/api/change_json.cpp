#include "services/changes/api/change_json.hpp"

#include <cmath>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/http/json_writer.hpp"

namespace opsdesk::changes::api {

namespace {

using nlohmann::json;

std::string time_text(core::Instant at) { return core::format_tokyo_rfc3339(at); }
std::string date_text(Date d) { return calendar::format_iso_date(d); }
// An empty text is "not given": null.
std::optional<std::string> optional_text(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

void write_ending(http::JsonWriter& w, std::string_view name, const std::optional<Ending>& e,
                  std::string_view text_key) {
  w.key(name);
  if (!e) {
    w.null();
    return;
  }
  w.begin_object()
      .field(text_key, e->note)
      .field("at", time_text(e->at))
      .field("by", e->by)
      .end_object();
}

void write_package(http::JsonWriter& w, const WorkPackage& p) {
  double total = 0;
  for (const auto& a : p.actuals) total += a.hours;
  // What the latest progress record says (the one of the latest day).
  double latest = 0;
  if (!p.progress.empty()) {
    evm::Package e;
    Date last_day = p.progress.front().as_of;
    for (const auto& point : p.progress) {
      e.progress.push_back({point.as_of, point.percent});
      last_day = std::max(last_day, point.as_of);
    }
    latest = evm::percent_complete(e, last_day);
  }
  w.begin_object()
      .field("id", p.id)
      .field("name", p.name)
      .field("planned_hours", hours(p.planned_hours))
      .field("planned_start", date_text(p.planned_start))
      .field("planned_finish", date_text(p.planned_finish))
      .field("depends_on", p.depends_on)
      .field("tenant", optional_text(p.tenant))
      .field("percent_complete", ratio(latest))
      .field("actual_hours", hours(total));
  w.key("progress").begin_array();
  for (const auto& e : p.progress)
    w.begin_object()
        .field("percent", ratio(e.percent))
        .field("as_of", date_text(e.as_of))
        .field("at", time_text(e.at))
        .field("by", e.by)
        .end_object();
  w.end_array();
  w.key("actuals").begin_array();
  for (const auto& a : p.actuals)
    w.begin_object()
        .field("hours", hours(a.hours))
        .field("by", a.worker)
        .field("date", date_text(a.date))
        .field("activity", a.activity)
        .field("recorded_at", time_text(a.at))
        .field("recorded_by", a.by)
        .end_object();
  w.end_array();
  w.end_object();
}

// What a change is and where it stands: the members of a summary, the first of a full answer.
void write_summary_members(http::JsonWriter& w, const ChangeState& c) {
  double planned = 0;
  double actual = 0;
  for (const auto& p : c.packages) {
    planned += p.planned_hours;
    for (const auto& a : p.actuals) actual += a.hours;
  }
  w.field("id", c.id)
      .field("version", c.version)
      .field("origin", c.origin)
      .field("incident_id", optional_text(c.incident_id))
      .field("inquiry_id", optional_text(c.inquiry_id))
      .field("title", c.title)
      .field("tenants", c.tenants)
      .field("status", c.status())
      .field("current_phase", optional_text(c.current_phase()))
      .field("counts_against_cap", counts_against_cap(c.origin))
      .field("planned_hours", hours(planned))
      .field("actual_hours", hours(actual))
      .field("registered_at", time_text(c.registered_at))
      .field("changed_at", time_text(c.changed_at));
}

json figure(const evm::Figure& f, double (*round)(double)) {
  return f.value ? json(round(*f.value)) : json(nullptr);
}

}  // namespace

double hours(double value) { return std::round(value * 1000.0) / 1000.0; }
double ratio(double value) { return std::round(value * 10000.0) / 10000.0; }

json ci_json(const ConfigurationItemState& item, const ChangeBook& book) {
  json relations = json::array();
  for (const auto& r : item.relations) {
    auto target = book.item(r.target_id);
    relations.push_back({{"kind", r.kind},
                         {"target_id", r.target_id},
                         {"target_code", target ? json(target->code) : json(nullptr)},
                         {"target_name", target ? json(target->name) : json(nullptr)}});
  }
  return {{"id", item.id},
          {"version", item.version},
          {"kind", item.kind},
          {"code", item.code},
          {"name", item.name},
          {"tenants", item.tenants},
          {"concerned_tenants", item.concerned()},
          {"location", item.location},
          {"attributes", item.attributes},
          {"relations", relations},
          {"status", item.retired_reason ? "retired" : "active"},
          {"retired_reason", item.retired_reason ? json(*item.retired_reason) : json(nullptr)},
          {"registered_at", time_text(item.registered_at)},
          {"changed_at", time_text(item.changed_at)}};
}

json change_summary_json(const ChangeState& c) {
  // Lists build on the summary as a tree; reading the written members back keeps one place for
  // what a summary holds.
  http::JsonWriter w;
  w.begin_object();
  write_summary_members(w, c);
  w.end_object();
  return json::parse(w.text());
}

std::string change_json(const ChangeState& c, const ChangeBook& book) {
  http::JsonWriter w;
  w.begin_object();
  write_summary_members(w, c);
  w.field("description", c.description).field("registered_by", c.registered_by);
  w.key("configuration_items").begin_array();
  for (const auto& id : c.configuration_items) {
    auto item = book.item(id);
    w.begin_object()
        .field("id", id)
        .field("code", item ? std::optional(item->code) : std::nullopt)
        .field("name", item ? std::optional(item->name) : std::nullopt)
        .end_object();
  }
  w.end_array();
  w.key("assessment");
  if (c.assessment)
    w.begin_object()
        .field("impact", c.assessment->impact)
        .field("effort_estimate_hours", hours(c.assessment->effort_estimate_hours))
        .field("at", time_text(c.assessment->at))
        .field("by", c.assessment->by)
        .end_object();
  else
    w.null();
  w.key("approval");
  if (c.approval)
    w.begin_object()
        .field("approver", c.approval->approver)
        .field("note", c.approval->note)
        .field("at", time_text(c.approval->at))
        .field("by", c.approval->by)
        .end_object();
  else
    w.null();
  w.key("phases").begin_array();
  for (auto phase : change_phases()) {
    w.begin_object()
        .field("phase", phase)
        .field("per_association", is_per_tenant_phase(phase))
        .field("done", c.phase_done(phase));
    w.key("records").begin_array();
    for (const auto& r : c.phases) {
      if (r.phase != phase) continue;
      w.begin_object().field("at", time_text(r.at)).field("by", r.by);
      if (r.skipped) {
        w.field("skipped", true).field("reason", r.note);
      } else {
        w.field("skipped", false).field("tenant", optional_text(r.tenant));
        w.key("evidence")
            .begin_object()
            .field("document_id", r.document_id)
            .field("document_version", r.document_version)
            .end_object();
        w.field("note", r.note);
      }
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
  w.field("open_phases", c.approval ? c.open_phases() : std::vector<std::string>{});
  w.key("work_packages").begin_array();
  for (const auto& p : c.packages) write_package(w, p);
  w.end_array();
  w.key("baselines").begin_array();
  for (const auto& b : c.baselines) {
    w.begin_object().field("number", std::uint64_t{b.number}).field("reason", b.reason);
    w.key("packages").begin_array();
    for (const auto& p : b.packages)
      w.begin_object()
          .field("package_id", p.package_id)
          .field("planned_hours", hours(p.planned_hours))
          .field("planned_start", date_text(p.planned_start))
          .field("planned_finish", date_text(p.planned_finish))
          .end_object();
    w.end_array();
    w.field("at", time_text(b.at)).field("by", b.by).end_object();
  }
  w.end_array();
  write_ending(w, "closed", c.closed, "note");
  write_ending(w, "rejected", c.rejected, "reason");
  write_ending(w, "withdrawn", c.withdrawn, "reason");
  w.end_object();
  return w.take();
}

json measures_json(const evm::Measures& m, double person_month_hours) {
  json undefined = json::object();
  auto note = [&](const std::string& key, const evm::Figure& f) {
    if (!f.value) undefined[key] = f.undefined_reason;
  };
  note("spi", m.spi);
  note("cpi", m.cpi);
  note("cr", m.cr);
  for (const auto& [name, by] : {std::pair{"etc", &m.etc}, {"eac", &m.eac}, {"vac", &m.vac}}) {
    note(std::string(name) + ".atypical", by->atypical);
    note(std::string(name) + ".cpi", by->cpi);
    note(std::string(name) + ".cpi_spi", by->cpi_spi);
  }
  note("tcpi.to_bac", m.tcpi_to_bac);
  note("tcpi.to_eac", m.tcpi_to_eac);
  note("es", m.es);
  note("spi_t", m.spi_t);
  if (!m.forecast_finish) undefined["forecast_finish"] = m.forecast_finish_undefined_reason;
  auto methods = [](const evm::ByMethod& by) {
    return json{{"atypical", figure(by.atypical, hours)},
                {"cpi", figure(by.cpi, hours)},
                {"cpi_spi", figure(by.cpi_spi, hours)}};
  };
  auto months = [&](double h) { return ratio(h / person_month_hours); };
  return {
      {"as_of", date_text(m.as_of)},
      {"pv", hours(m.pv)},
      {"ev", hours(m.ev)},
      {"ac", hours(m.ac)},
      {"bac", hours(m.bac)},
      {"sv", hours(m.sv)},
      {"cv", hours(m.cv)},
      {"spi", figure(m.spi, ratio)},
      {"cpi", figure(m.cpi, ratio)},
      {"cr", figure(m.cr, ratio)},
      {"etc", methods(m.etc)},
      {"eac", methods(m.eac)},
      {"vac", methods(m.vac)},
      {"tcpi",
       {{"to_bac", figure(m.tcpi_to_bac, ratio)}, {"to_eac", figure(m.tcpi_to_eac, ratio)}}},
      {"planned_start", m.planned_start ? json(date_text(*m.planned_start)) : json(nullptr)},
      {"planned_finish", m.planned_finish ? json(date_text(*m.planned_finish)) : json(nullptr)},
      {"planned_duration", m.planned_duration},
      {"at", m.actual_time},
      {"es", figure(m.es, ratio)},
      {"spi_t", figure(m.spi_t, ratio)},
      {"forecast_finish", m.forecast_finish ? json(date_text(*m.forecast_finish)) : json(nullptr)},
      {"person_months",
       {{"bac", months(m.bac)},
        {"ac", months(m.ac)},
        {"eac", m.eac.cpi.value ? json(months(*m.eac.cpi.value)) : json(nullptr)}}},
      {"units",
       {{"hours", "pv ev ac bac sv cv etc eac vac"},
        {"business_days", "planned_duration at es"},
        {"ratio", "spi cpi cr tcpi spi_t"}}},
      {"undefined", undefined}};
}

json term_effort_json(const TermEffort& t, const EffortCapState& recorded) {
  auto months = [&](double h) { return ratio(h / t.person_month_hours); };
  json changes = json::array();
  for (const auto& c : t.changes)
    changes.push_back({{"change_id", c.change_id},
                       {"title", c.title},
                       {"origin", c.origin},
                       {"status", c.status},
                       {"ac_hours", hours(c.ac_hours)},
                       {"eac_hours", hours(c.eac_hours)},
                       {"eac_basis", c.eac_basis}});
  json reached = json::array();
  for (const auto& r : recorded.reached)
    reached.push_back({{"threshold_percent", r.threshold_percent},
                       {"measure", r.measure},
                       {"hours", hours(r.hours)},
                       {"at", time_text(r.at)}});
  return {
      {"term", t.term},
      {"as_of", date_text(t.as_of)},
      {"person_month_hours", hours(t.person_month_hours)},
      {"cap", {{"hours", hours(t.cap_hours)}, {"person_months", months(t.cap_hours)}}},
      {"ac",
       {{"hours", hours(t.ac_hours)},
        {"person_months", months(t.ac_hours)},
        {"share_of_cap", t.cap_hours > 0 ? json(ratio(t.ac_hours / t.cap_hours)) : json(nullptr)}}},
      {"eac",
       {{"method", t.eac_method},
        {"hours", hours(t.eac_hours)},
        {"person_months", months(t.eac_hours)},
        {"share_of_cap",
         t.cap_hours > 0 ? json(ratio(t.eac_hours / t.cap_hours)) : json(nullptr)}}},
      {"remaining",
       {{"after_ac_hours", hours(t.cap_hours - t.ac_hours)},
        {"after_ac_person_months", months(t.cap_hours - t.ac_hours)},
        {"after_eac_hours", hours(t.cap_hours - t.eac_hours)},
        {"after_eac_person_months", months(t.cap_hours - t.eac_hours)}}},
      {"thresholds_reached", reached},
      {"changes", changes}};
}

}  // namespace opsdesk::changes::api
