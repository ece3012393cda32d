// The changes domain's states in snapshots as JSON: exact (instants in microseconds, dates as
// ISO text, hours as JSON numbers, which nlohmann writes with every digit a double needs).

#include <nlohmann/json.hpp>

#include "libs/calendar/date_text.hpp"
#include "services/changes/change_aggregates.hpp"

namespace opsdesk::changes {

namespace {

using nlohmann::json;

std::int64_t micros(core::Instant at) { return core::to_unix_micros(at); }
core::Instant instant(const json& j) { return core::from_unix_micros(j.get<std::int64_t>()); }
std::string text(Date d) { return calendar::format_iso_date(d); }
Date date(const json& j) {
  auto parsed = calendar::parse_iso_date(j.get<std::string>());
  if (!parsed) throw std::invalid_argument("a date that does not parse");
  return *parsed;
}
std::vector<std::string> strings(const json& j) { return j.get<std::vector<std::string>>(); }

json ending_json(const std::optional<Ending>& e) {
  if (!e) return nullptr;
  return {{"note", e->note}, {"at_us", micros(e->at)}, {"by", e->by}};
}
std::optional<Ending> ending_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return Ending{j.at("note"), instant(j.at("at_us")), j.at("by")};
}

json package_json(const WorkPackage& p) {
  json progress = json::array();
  for (const auto& e : p.progress)
    progress.push_back({e.percent, text(e.as_of), micros(e.at), e.by});
  json actuals = json::array();
  for (const auto& a : p.actuals)
    actuals.push_back({a.hours, a.worker, text(a.date), a.activity, micros(a.at), a.by});
  return {{"id", p.id},
          {"name", p.name},
          {"planned_hours", p.planned_hours},
          {"planned_start", text(p.planned_start)},
          {"planned_finish", text(p.planned_finish)},
          {"depends_on", p.depends_on},
          {"tenant", p.tenant},
          {"progress", progress},
          {"actuals", actuals}};
}

WorkPackage package_of(const json& j) {
  WorkPackage p;
  p.id = j.at("id");
  p.name = j.at("name");
  p.planned_hours = j.at("planned_hours");
  p.planned_start = date(j.at("planned_start"));
  p.planned_finish = date(j.at("planned_finish"));
  p.depends_on = strings(j.at("depends_on"));
  p.tenant = j.at("tenant");
  for (const auto& e : j.at("progress"))
    p.progress.push_back({e.at(0), date(e.at(1)), instant(e.at(2)), e.at(3)});
  for (const auto& a : j.at("actuals"))
    p.actuals.push_back({a.at(0), a.at(1), date(a.at(2)), a.at(3), instant(a.at(4)), a.at(5)});
  return p;
}

template <typename State>
std::expected<State, std::string> decoded(std::string_view bytes, State (*from)(const json&)) {
  try {
    return from(json::parse(bytes));
  } catch (const std::exception& e) {
    return std::unexpected(std::string("state does not decode: ") + e.what());
  }
}

ConfigurationItemState ci_from(const json& j) {
  ConfigurationItemState s;
  s.id = j.at("id");
  s.version = j.at("version");
  s.kind = j.at("kind");
  s.code = j.at("code");
  s.name = j.at("name");
  s.tenants = strings(j.at("tenants"));
  s.location = j.at("location");
  s.attributes = j.at("attributes").get<Attributes>();
  for (const auto& r : j.at("relations")) s.relations.push_back({r.at(0), r.at(1)});
  s.registered_at = instant(j.at("registered_at_us"));
  if (!j.at("retired_reason").is_null()) s.retired_reason = j.at("retired_reason");
  s.changed_at = instant(j.at("changed_at_us"));
  return s;
}

ChangeState change_from(const json& j) {
  ChangeState s;
  s.id = j.at("id");
  s.version = j.at("version");
  s.origin = j.at("origin");
  s.incident_id = j.at("incident_id");
  s.inquiry_id = j.at("inquiry_id");
  s.title = j.at("title");
  s.description = j.at("description");
  s.tenants = strings(j.at("tenants"));
  s.configuration_items = strings(j.at("configuration_items"));
  s.registered_at = instant(j.at("registered_at_us"));
  s.registered_by = j.at("registered_by");
  if (const auto& a = j.at("assessment"); !a.is_null())
    s.assessment = Assessment{a.at("impact"), a.at("hours"), instant(a.at("at_us")), a.at("by")};
  if (const auto& a = j.at("approval"); !a.is_null())
    s.approval = Approval{a.at("approver"), a.at("note"), instant(a.at("at_us")), a.at("by")};
  for (const auto& r : j.at("phases"))
    s.phases.push_back(
        {r.at(0), r.at(1), r.at(2), r.at(3), r.at(4), r.at(5), instant(r.at(6)), r.at(7)});
  for (const auto& p : j.at("packages")) s.packages.push_back(package_of(p));
  for (const auto& b : j.at("baselines")) {
    Baseline baseline{b.at("number"), {}, b.at("reason"), instant(b.at("at_us")), b.at("by")};
    for (const auto& p : b.at("packages"))
      baseline.packages.push_back({p.at(0), p.at(1), date(p.at(2)), date(p.at(3))});
    s.baselines.push_back(std::move(baseline));
  }
  s.closed = ending_of(j.at("closed"));
  s.rejected = ending_of(j.at("rejected"));
  s.withdrawn = ending_of(j.at("withdrawn"));
  s.changed_at = instant(j.at("changed_at_us"));
  return s;
}

EffortCapState cap_from(const json& j) {
  EffortCapState s;
  s.term = j.at("term");
  s.version = j.at("version");
  for (const auto& r : j.at("reached"))
    s.reached.push_back({r.at(0), r.at(1), r.at(2), instant(r.at(3))});
  return s;
}

json optional_micros(const std::optional<core::Instant>& at) {
  return at ? json(micros(*at)) : json(nullptr);
}
std::optional<core::Instant> optional_instant(const json& j) {
  if (j.is_null()) return std::nullopt;
  return instant(j);
}

PatchState patch_from(const json& j) {
  PatchState s;
  s.id = j.at("id");
  s.version = j.at("version");
  s.product = j.at("product");
  s.vendor_id = j.at("vendor_id");
  s.title = j.at("title");
  s.published = date(j.at("published"));
  s.severity = j.at("severity");
  s.description = j.at("description");
  s.registered_at = instant(j.at("registered_at_us"));
  s.registered_by = j.at("registered_by");
  if (const auto& a = j.at("assessment"); !a.is_null())
    s.assessment = PatchAssessment{a.at(0), a.at(1), instant(a.at(2)), a.at(3)};
  if (const auto& u = j.at("urgency"); !u.is_null())
    s.urgency =
        UrgencyDecision{u.at(0), u.at(1), u.at(2), u.at(3), u.at(4), instant(u.at(5)), u.at(6)};
  for (const auto& v : j.at("verifications"))
    s.verifications.push_back({v.at(0), v.at(1), v.at(2), instant(v.at(3)), v.at(4)});
  for (const auto& p : j.at("procedures"))
    s.procedures.push_back({p.at(0), p.at(1), instant(p.at(2)), p.at(3)});
  s.change_id = j.at("change_id");
  for (const auto& t : j.at("targets")) {
    TargetRollout row;
    row.ci_id = t.at("ci_id");
    row.code = t.at("code");
    row.tenants = strings(t.at("tenants"));
    row.state = t.at("state");
    for (const auto& step : t.at("steps"))
      row.steps.push_back(
          {step.at(0), step.at(1), optional_instant(step.at(2)), instant(step.at(3)), step.at(4)});
    row.targeted_at = instant(t.at("targeted_at_us"));
    row.targeted_by = t.at("targeted_by");
    s.targets.push_back(std::move(row));
  }
  if (const auto& o = j.at("overdue"); !o.is_null())
    s.overdue = PatchOverdue{instant(o.at(0)), o.at(1), instant(o.at(2)), strings(o.at(3)),
                             instant(o.at(4))};
  s.changed_at = instant(j.at("changed_at_us"));
  return s;
}

DocumentState document_from(const json& j) {
  DocumentState s;
  s.id = j.at("id");
  s.version = j.at("version");
  s.title = j.at("title");
  s.kind = j.at("kind");
  s.tenants = strings(j.at("tenants"));
  s.description = j.at("description");
  s.registered_at = instant(j.at("registered_at_us"));
  s.registered_by = j.at("registered_by");
  for (const auto& v : j.at("versions")) {
    DocumentVersion version{v.at(0), v.at(1), v.at(2),          v.at(3), v.at(4),
                            v.at(5), v.at(6), instant(v.at(7)), v.at(8), std::nullopt};
    if (const auto& a = v.at(9); !a.is_null())
      version.approval = VersionApproval{a.at(0), a.at(1), instant(a.at(2)), a.at(3)};
    s.versions.push_back(std::move(version));
  }
  if (const auto& f = j.at("filing"); !f.is_null())
    s.filing = Filing{f.at(0), f.at(1), f.at(2), instant(f.at(3)), f.at(4)};
  if (const auto& r = j.at("retired"); !r.is_null())
    s.retired = DocumentRetirement{r.at(0), instant(r.at(1)), r.at(2)};
  s.changed_at = instant(j.at("changed_at_us"));
  return s;
}

MeetingState meeting_from(const json& j) {
  MeetingState s;
  s.id = j.at("id");
  s.version = j.at("version");
  s.date = date(j.at("date"));
  s.held_at = j.at("held_at");
  s.kind = j.at("kind");
  s.title = j.at("title");
  s.attendees = strings(j.at("attendees"));
  s.tenants = strings(j.at("tenants"));
  s.minutes_due_at = instant(j.at("minutes_due_at_us"));
  s.recorded_at = instant(j.at("recorded_at_us"));
  s.recorded_by = j.at("recorded_by");
  if (const auto& m = j.at("minutes"); !m.is_null())
    s.minutes = MeetingMinutes{m.at(0), m.at(1), m.at(2), instant(m.at(3)), m.at(4)};
  s.overdue_at = optional_instant(j.at("overdue_at_us"));
  s.changed_at = instant(j.at("changed_at_us"));
  return s;
}

json files_json(const std::vector<AssetFile>& files) {
  json out = json::array();
  for (const auto& f : files) out.push_back({f.name, f.sha256});
  return out;
}
std::vector<AssetFile> files_from(const json& j) {
  std::vector<AssetFile> files;
  for (const auto& f : j) files.push_back({f.at(0), f.at(1)});
  return files;
}

CheckoutState checkout_from(const json& j) {
  CheckoutState s;
  s.id = j.at("id");
  s.version = j.at("version");
  s.asset_kind = j.at("asset_kind");
  s.ci_id = j.at("ci_id");
  s.code = j.at("code");
  s.document_id = j.at("document_id");
  s.document_version = j.at("document_version");
  s.recipient = j.at("recipient");
  s.purpose = j.at("purpose");
  if (const auto& d = j.at("due_back"); !d.is_null()) s.due_back = date(d);
  s.tenants = strings(j.at("tenants"));
  s.master = files_from(j.at("master"));
  s.checked_out_at = instant(j.at("checked_out_at_us"));
  s.checked_out_by = j.at("checked_out_by");
  if (const auto& r = j.at("returned"); !r.is_null())
    s.returned = AssetReturn{r.at(0), instant(r.at(1)), r.at(2)};
  for (const auto& c : j.at("checks")) {
    ConsistencyCheck check{c.at(0), files_from(c.at(1)), {}, c.at(3), instant(c.at(4)), c.at(5)};
    for (const auto& d : c.at(2)) check.differences.push_back({d.at(0), d.at(1), d.at(2), d.at(3)});
    s.checks.push_back(std::move(check));
  }
  s.changed_at = instant(j.at("changed_at_us"));
  return s;
}

}  // namespace

std::string encode_state(const ConfigurationItemState& s) {
  json relations = json::array();
  for (const auto& r : s.relations) relations.push_back({r.kind, r.target_id});
  return json{{"id", s.id},
              {"version", s.version},
              {"kind", s.kind},
              {"code", s.code},
              {"name", s.name},
              {"tenants", s.tenants},
              {"location", s.location},
              {"attributes", s.attributes},
              {"relations", relations},
              {"registered_at_us", micros(s.registered_at)},
              {"retired_reason", s.retired_reason ? json(*s.retired_reason) : json(nullptr)},
              {"changed_at_us", micros(s.changed_at)}}
      .dump();
}

std::expected<ConfigurationItemState, std::string> decode_configuration_item_state(
    std::string_view bytes) {
  return decoded(bytes, ci_from);
}

std::string encode_state(const ChangeState& s) {
  json phases = json::array();
  for (const auto& r : s.phases)
    phases.push_back({r.phase, r.tenant, r.skipped, r.document_id, r.document_version, r.note,
                      micros(r.at), r.by});
  json packages = json::array();
  for (const auto& p : s.packages) packages.push_back(package_json(p));
  json baselines = json::array();
  for (const auto& b : s.baselines) {
    json frozen = json::array();
    for (const auto& p : b.packages)
      frozen.push_back(
          {p.package_id, p.planned_hours, text(p.planned_start), text(p.planned_finish)});
    baselines.push_back({{"number", b.number},
                         {"packages", frozen},
                         {"reason", b.reason},
                         {"at_us", micros(b.at)},
                         {"by", b.by}});
  }
  json assessment = nullptr;
  if (s.assessment)
    assessment = {{"impact", s.assessment->impact},
                  {"hours", s.assessment->effort_estimate_hours},
                  {"at_us", micros(s.assessment->at)},
                  {"by", s.assessment->by}};
  json approval = nullptr;
  if (s.approval)
    approval = {{"approver", s.approval->approver},
                {"note", s.approval->note},
                {"at_us", micros(s.approval->at)},
                {"by", s.approval->by}};
  return json{{"id", s.id},
              {"version", s.version},
              {"origin", s.origin},
              {"incident_id", s.incident_id},
              {"inquiry_id", s.inquiry_id},
              {"title", s.title},
              {"description", s.description},
              {"tenants", s.tenants},
              {"configuration_items", s.configuration_items},
              {"registered_at_us", micros(s.registered_at)},
              {"registered_by", s.registered_by},
              {"assessment", assessment},
              {"approval", approval},
              {"phases", phases},
              {"packages", packages},
              {"baselines", baselines},
              {"closed", ending_json(s.closed)},
              {"rejected", ending_json(s.rejected)},
              {"withdrawn", ending_json(s.withdrawn)},
              {"changed_at_us", micros(s.changed_at)}}
      .dump();
}

std::expected<ChangeState, std::string> decode_change_state(std::string_view bytes) {
  return decoded(bytes, change_from);
}

std::string encode_state(const EffortCapState& s) {
  json reached = json::array();
  for (const auto& r : s.reached)
    reached.push_back({r.threshold_percent, r.measure, r.hours, micros(r.at)});
  return json{{"term", s.term}, {"version", s.version}, {"reached", reached}}.dump();
}

std::expected<EffortCapState, std::string> decode_effort_cap_state(std::string_view bytes) {
  return decoded(bytes, cap_from);
}

std::string encode_state(const PatchState& s) {
  json assessment = nullptr;
  if (s.assessment)
    assessment = {s.assessment->impact, s.assessment->needs_modification, micros(s.assessment->at),
                  s.assessment->by};
  json urgency = nullptr;
  if (s.urgency)
    urgency = {s.urgency->urgency,     s.urgency->reason,     s.urgency->measure, s.urgency->plan,
               s.urgency->agreed_with, micros(s.urgency->at), s.urgency->by};
  json verifications = json::array();
  for (const auto& v : s.verifications)
    verifications.push_back({v.result, v.environment, v.note, micros(v.at), v.by});
  json procedures = json::array();
  for (const auto& p : s.procedures)
    procedures.push_back({p.document_id, p.document_version, micros(p.at), p.by});
  json targets = json::array();
  for (const auto& t : s.targets) {
    json steps = json::array();
    for (const auto& step : t.steps)
      steps.push_back(
          {step.state, step.note, optional_micros(step.scheduled_for), micros(step.at), step.by});
    targets.push_back({{"ci_id", t.ci_id},
                       {"code", t.code},
                       {"tenants", t.tenants},
                       {"state", t.state},
                       {"steps", steps},
                       {"targeted_at_us", micros(t.targeted_at)},
                       {"targeted_by", t.targeted_by}});
  }
  json overdue = nullptr;
  if (s.overdue)
    overdue = {micros(s.overdue->decided_at), s.overdue->business_days, micros(s.overdue->due_at),
               s.overdue->open_targets, micros(s.overdue->at)};
  return json{{"id", s.id},
              {"version", s.version},
              {"product", s.product},
              {"vendor_id", s.vendor_id},
              {"title", s.title},
              {"published", text(s.published)},
              {"severity", s.severity},
              {"description", s.description},
              {"registered_at_us", micros(s.registered_at)},
              {"registered_by", s.registered_by},
              {"assessment", assessment},
              {"urgency", urgency},
              {"verifications", verifications},
              {"procedures", procedures},
              {"change_id", s.change_id},
              {"targets", targets},
              {"overdue", overdue},
              {"changed_at_us", micros(s.changed_at)}}
      .dump();
}

std::expected<PatchState, std::string> decode_patch_state(std::string_view bytes) {
  return decoded(bytes, patch_from);
}

std::string encode_state(const DocumentState& s) {
  json versions = json::array();
  for (const auto& v : s.versions) {
    json approval = nullptr;
    if (v.approval)
      approval = {v.approval->approver, v.approval->note, micros(v.approval->at), v.approval->by};
    versions.push_back({v.version, v.sha256, v.size, v.has_content, v.file_name, v.media_type,
                        v.note, micros(v.at), v.by, approval});
  }
  json filing = nullptr;
  if (s.filing)
    filing = {s.filing->location, s.filing->label, s.filing->index, micros(s.filing->at),
              s.filing->by};
  json retired = nullptr;
  if (s.retired) retired = {s.retired->reason, micros(s.retired->at), s.retired->by};
  return json{{"id", s.id},
              {"version", s.version},
              {"title", s.title},
              {"kind", s.kind},
              {"tenants", s.tenants},
              {"description", s.description},
              {"registered_at_us", micros(s.registered_at)},
              {"registered_by", s.registered_by},
              {"versions", versions},
              {"filing", filing},
              {"retired", retired},
              {"changed_at_us", micros(s.changed_at)}}
      .dump();
}

std::expected<DocumentState, std::string> decode_document_state(std::string_view bytes) {
  return decoded(bytes, document_from);
}

std::string encode_state(const MeetingState& s) {
  json minutes = nullptr;
  if (s.minutes)
    minutes = {s.minutes->document_id, s.minutes->document_version, s.minutes->late,
               micros(s.minutes->at), s.minutes->by};
  return json{{"id", s.id},
              {"version", s.version},
              {"date", text(s.date)},
              {"held_at", s.held_at},
              {"kind", s.kind},
              {"title", s.title},
              {"attendees", s.attendees},
              {"tenants", s.tenants},
              {"minutes_due_at_us", micros(s.minutes_due_at)},
              {"recorded_at_us", micros(s.recorded_at)},
              {"recorded_by", s.recorded_by},
              {"minutes", minutes},
              {"overdue_at_us", optional_micros(s.overdue_at)},
              {"changed_at_us", micros(s.changed_at)}}
      .dump();
}

std::expected<MeetingState, std::string> decode_meeting_state(std::string_view bytes) {
  return decoded(bytes, meeting_from);
}

std::string encode_state(const CheckoutState& s) {
  json returned = nullptr;
  if (s.returned) returned = {s.returned->note, micros(s.returned->at), s.returned->by};
  json checks = json::array();
  for (const auto& c : s.checks) {
    json differences = json::array();
    for (const auto& d : c.differences)
      differences.push_back({d.name, d.change, d.master_sha256, d.found_sha256});
    checks.push_back({c.result, files_json(c.found), differences, c.note, micros(c.at), c.by});
  }
  return json{{"id", s.id},
              {"version", s.version},
              {"asset_kind", s.asset_kind},
              {"ci_id", s.ci_id},
              {"code", s.code},
              {"document_id", s.document_id},
              {"document_version", s.document_version},
              {"recipient", s.recipient},
              {"purpose", s.purpose},
              {"due_back", s.due_back ? json(text(*s.due_back)) : json(nullptr)},
              {"tenants", s.tenants},
              {"master", files_json(s.master)},
              {"checked_out_at_us", micros(s.checked_out_at)},
              {"checked_out_by", s.checked_out_by},
              {"returned", returned},
              {"checks", checks},
              {"changed_at_us", micros(s.changed_at)}}
      .dump();
}

std::expected<CheckoutState, std::string> decode_checkout_state(std::string_view bytes) {
  return decoded(bytes, checkout_from);
}

}  // namespace opsdesk::changes
