#include "services/changes/api/change_json.hpp"

#include <cmath>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::changes::api {

namespace {

using nlohmann::json;

std::string time_text(core::Instant at) { return core::format_tokyo_rfc3339(at); }
std::string date_text(Date d) { return calendar::format_iso_date(d); }

json ending_json(const std::optional<Ending>& e, const char* text_key) {
  if (!e) return nullptr;
  return {{text_key, e->note}, {"at", time_text(e->at)}, {"by", e->by}};
}

json package_json(const WorkPackage& p) {
  json progress = json::array();
  for (const auto& e : p.progress)
    progress.push_back({{"percent", ratio(e.percent)},
                        {"as_of", date_text(e.as_of)},
                        {"at", time_text(e.at)},
                        {"by", e.by}});
  json actuals = json::array();
  double total = 0;
  for (const auto& a : p.actuals) {
    total += a.hours;
    actuals.push_back({{"hours", hours(a.hours)},
                       {"by", a.worker},
                       {"date", date_text(a.date)},
                       {"activity", a.activity},
                       {"recorded_at", time_text(a.at)},
                       {"recorded_by", a.by}});
  }
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
  return {{"id", p.id},
          {"name", p.name},
          {"planned_hours", hours(p.planned_hours)},
          {"planned_start", date_text(p.planned_start)},
          {"planned_finish", date_text(p.planned_finish)},
          {"depends_on", p.depends_on},
          {"tenant", p.tenant.empty() ? json(nullptr) : json(p.tenant)},
          {"percent_complete", ratio(latest)},
          {"actual_hours", hours(total)},
          {"progress", progress},
          {"actuals", actuals}};
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
  double planned = 0;
  double actual = 0;
  for (const auto& p : c.packages) {
    planned += p.planned_hours;
    for (const auto& a : p.actuals) actual += a.hours;
  }
  return {{"id", c.id},
          {"version", c.version},
          {"origin", c.origin},
          {"incident_id", c.incident_id.empty() ? json(nullptr) : json(c.incident_id)},
          {"inquiry_id", c.inquiry_id.empty() ? json(nullptr) : json(c.inquiry_id)},
          {"title", c.title},
          {"tenants", c.tenants},
          {"status", c.status()},
          {"current_phase", c.current_phase().empty() ? json(nullptr) : json(c.current_phase())},
          {"counts_against_cap", counts_against_cap(c.origin)},
          {"planned_hours", hours(planned)},
          {"actual_hours", hours(actual)},
          {"registered_at", time_text(c.registered_at)},
          {"changed_at", time_text(c.changed_at)}};
}

json change_json(const ChangeState& c, const ChangeBook& book) {
  auto j = change_summary_json(c);
  j["description"] = c.description;
  j["registered_by"] = c.registered_by;
  json items = json::array();
  for (const auto& id : c.configuration_items) {
    auto item = book.item(id);
    items.push_back({{"id", id},
                     {"code", item ? json(item->code) : json(nullptr)},
                     {"name", item ? json(item->name) : json(nullptr)}});
  }
  j["configuration_items"] = items;
  j["assessment"] =
      c.assessment ? json{{"impact", c.assessment->impact},
                          {"effort_estimate_hours", hours(c.assessment->effort_estimate_hours)},
                          {"at", time_text(c.assessment->at)},
                          {"by", c.assessment->by}}
                   : json(nullptr);
  j["approval"] = c.approval ? json{{"approver", c.approval->approver},
                                    {"note", c.approval->note},
                                    {"at", time_text(c.approval->at)},
                                    {"by", c.approval->by}}
                             : json(nullptr);
  json phases = json::array();
  for (auto phase : change_phases()) {
    json records = json::array();
    for (const auto& r : c.phases) {
      if (r.phase != phase) continue;
      json record{{"at", time_text(r.at)}, {"by", r.by}};
      if (r.skipped) {
        record["skipped"] = true;
        record["reason"] = r.note;
      } else {
        record["skipped"] = false;
        record["tenant"] = r.tenant.empty() ? json(nullptr) : json(r.tenant);
        record["evidence"] = {{"document_id", r.document_id},
                              {"document_version", r.document_version}};
        record["note"] = r.note;
      }
      records.push_back(record);
    }
    phases.push_back({{"phase", phase},
                      {"per_association", is_per_tenant_phase(phase)},
                      {"done", c.phase_done(phase)},
                      {"records", records}});
  }
  j["phases"] = phases;
  j["open_phases"] = c.approval ? json(c.open_phases()) : json::array();
  json packages = json::array();
  for (const auto& p : c.packages) packages.push_back(package_json(p));
  j["work_packages"] = packages;
  json baselines = json::array();
  for (const auto& b : c.baselines) {
    json frozen = json::array();
    for (const auto& p : b.packages)
      frozen.push_back({{"package_id", p.package_id},
                        {"planned_hours", hours(p.planned_hours)},
                        {"planned_start", date_text(p.planned_start)},
                        {"planned_finish", date_text(p.planned_finish)}});
    baselines.push_back({{"number", b.number},
                         {"reason", b.reason},
                         {"packages", frozen},
                         {"at", time_text(b.at)},
                         {"by", b.by}});
  }
  j["baselines"] = baselines;
  j["closed"] = ending_json(c.closed, "note");
  j["rejected"] = ending_json(c.rejected, "reason");
  j["withdrawn"] = ending_json(c.withdrawn, "reason");
  return j;
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
