#include "services/incidents/api/incident_json.hpp"

#include "libs/aggregate/http_commands.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/http/json_writer.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/event_codec.hpp"

namespace opsdesk::incidents::api {

namespace {

using nlohmann::json;

std::optional<std::string> time_or_null(const std::optional<core::Instant>& at) {
  if (!at) return std::nullopt;
  return core::format_tokyo_rfc3339(*at);
}

std::optional<std::string> text_or_null(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

void write_notes(http::JsonWriter& w, std::string_view name, const std::vector<TimedNote>& notes) {
  w.key(name).begin_array();
  for (const auto& note : notes) {
    w.begin_object()
        .field("at", core::format_tokyo_rfc3339(note.at))
        .field("summary", note.summary)
        .end_object();
  }
  w.end_array();
}

}  // namespace

std::string incident_json(const IncidentState& s, const auth::Principal& viewer,
                          std::optional<std::uint64_t> position) {
  http::JsonWriter w;
  w.begin_object()
      .field("id", s.id)
      .field("version", s.version)
      .field("status", to_string(s.status))
      .field("occurred_at", core::format_tokyo_rfc3339(s.occurred_at))
      .field("source", s.source)
      .field("severity", s.severity)
      .field("title", s.title)
      .field("description", s.description)
      .field("affected_tenants", s.affected_tenants);
  // The caller's associations by their Japanese names, for people reading the answer (keyed by
  // code, so only the caller's own: no answer has another association's code as a key).
  w.key("tenant_names").begin_object();
  for (const auto& code : s.affected_tenants) {
    const auto* known = tenants::find_tenant(code);
    if (known != nullptr && viewer.can_see_tenant(code)) w.field(code, std::string(known->name_ja));
  }
  w.end_object();
  w.field("configuration_items", s.configuration_items)
      .field("inquiry_id", text_or_null(s.inquiry_id));
  w.key("notices").begin_object();
  for (const auto& [tenant, told] : s.notices) {
    if (!viewer.can_see_tenant(tenant)) continue;  // addressed to another association
    w.key(tenant)
        .begin_object()
        .field("first_notice_at", time_or_null(told.first_notice_at))
        .field("progress_reports", told.progress_reports)
        .field("last_progress_report_at", time_or_null(told.last_progress_report_at))
        .field("recovery_report_at", time_or_null(told.recovery_report_at))
        .end_object();
  }
  w.end_object();
  w.key("vendor_contacts").begin_array();
  for (const auto& c : s.vendor_contacts) {
    w.begin_object()
        .field("vendor", c.vendor)
        .field("at", core::format_tokyo_rfc3339(c.at))
        .field("summary", c.summary)
        .end_object();
  }
  w.end_array();
  w.key("response_activities").begin_array();
  for (const auto& a : s.response_activities) {
    w.begin_object()
        .field("started_at", core::format_tokyo_rfc3339(a.started_at))
        .field("ended_at", core::format_tokyo_rfc3339(a.ended_at))
        .field("by", a.by)
        .field("summary", a.summary)
        .end_object();
  }
  w.end_array();
  write_notes(w, "workarounds", s.workarounds);
  write_notes(w, "causes", s.causes);
  w.key("permanent_fixes").begin_array();
  for (const auto& f : s.permanent_fixes) {
    w.begin_object()
        .field("change_id", f.change_id)
        .field("summary", f.summary)
        .field("at", core::format_tokyo_rfc3339(f.at))
        .end_object();
  }
  w.end_array();
  write_notes(w, "prevention_actions", s.prevention_actions);
  w.field("service_stopped", s.service_stopped);
  w.field("restored_at", time_or_null(s.restored_at))
      .field("closed_at", time_or_null(s.closed_at))
      .field("resolution", text_or_null(s.resolution))
      .field("reopen_count", s.reopen_count);
  if (position) w.field("position", *position);
  w.end_object();
  return w.take();
}

json summary_json(const IncidentSummary& s) {
  return json{{"id", s.id},
              {"version", s.version},
              {"status", to_string(s.status)},
              {"severity", s.severity},
              {"title", s.title},
              {"occurred_at", core::format_tokyo_rfc3339(s.occurred_at)},
              {"affected_tenants", s.affected_tenants}};
}

json event_json(const eventstore::RecordedEvent& r, const IncidentEvent& event,
                const auth::Principal& viewer) {
  const auto addressed_to = private_to(event);
  const bool redacted = addressed_to && !viewer.can_see_tenant(*addressed_to);
  return aggregate::recorded_event_json(
      r, redacted ? std::nullopt : std::optional(payload_json(event)));
}

}  // namespace opsdesk::incidents::api
