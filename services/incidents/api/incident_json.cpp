#include "services/incidents/api/incident_json.hpp"

#include "proto-schemas/proto_time.hpp"
#include "services/incidents/event_codec.hpp"

namespace opsdesk::incidents::api {

namespace {

using nlohmann::json;

json time_or_null(const std::optional<core::Instant>& at) {
  return at ? json(core::format_rfc3339(*at)) : json(nullptr);
}

json notes_json(const std::vector<TimedNote>& notes) {
  json out = json::array();
  for (const auto& note : notes)
    out.push_back({{"at", core::format_rfc3339(note.at)}, {"summary", note.summary}});
  return out;
}

}  // namespace

json incident_json(const IncidentState& s) {
  json notices = json::object();
  for (const auto& [tenant, told] : s.notices) {
    notices[tenant] = {{"first_notice_at", time_or_null(told.first_notice_at)},
                       {"progress_reports", told.progress_reports},
                       {"last_progress_report_at", time_or_null(told.last_progress_report_at)},
                       {"recovery_report_at", time_or_null(told.recovery_report_at)}};
  }
  json vendor_contacts = json::array();
  for (const auto& c : s.vendor_contacts) {
    vendor_contacts.push_back(
        {{"vendor", c.vendor}, {"at", core::format_rfc3339(c.at)}, {"summary", c.summary}});
  }
  json activities = json::array();
  for (const auto& a : s.response_activities) {
    activities.push_back({{"started_at", core::format_rfc3339(a.started_at)},
                          {"ended_at", core::format_rfc3339(a.ended_at)},
                          {"by", a.by},
                          {"summary", a.summary}});
  }
  json fixes = json::array();
  for (const auto& f : s.permanent_fixes) {
    fixes.push_back(
        {{"change_id", f.change_id}, {"summary", f.summary}, {"at", core::format_rfc3339(f.at)}});
  }
  return json{{"id", s.id},
              {"version", s.version},
              {"status", to_string(s.status)},
              {"occurred_at", core::format_rfc3339(s.occurred_at)},
              {"source", s.source},
              {"severity", s.severity},
              {"title", s.title},
              {"description", s.description},
              {"affected_tenants", s.affected_tenants},
              {"configuration_items", s.configuration_items},
              {"inquiry_id", s.inquiry_id.empty() ? json(nullptr) : json(s.inquiry_id)},
              {"notices", notices},
              {"vendor_contacts", vendor_contacts},
              {"response_activities", activities},
              {"workarounds", notes_json(s.workarounds)},
              {"causes", notes_json(s.causes)},
              {"permanent_fixes", fixes},
              {"prevention_actions", notes_json(s.prevention_actions)},
              {"restored_at", time_or_null(s.restored_at)},
              {"closed_at", time_or_null(s.closed_at)},
              {"resolution", s.resolution.empty() ? json(nullptr) : json(s.resolution)},
              {"reopen_count", s.reopen_count}};
}

json summary_json(const IncidentSummary& s) {
  return json{{"id", s.id},
              {"version", s.version},
              {"status", to_string(s.status)},
              {"severity", s.severity},
              {"title", s.title},
              {"occurred_at", core::format_rfc3339(s.occurred_at)},
              {"affected_tenants", s.affected_tenants}};
}

json event_json(const eventstore::RecordedEvent& r, const IncidentEvent& event) {
  return json{{"event_id", r.event_id()},
              {"stream_id", r.stream_id()},
              {"stream_version", r.stream_version()},
              {"log_position", r.log_position()},
              {"type", r.type()},
              {"occurred_at", core::format_rfc3339(proto::from_timestamp(r.occurred_at()))},
              {"recorded_at", core::format_rfc3339(proto::from_timestamp(r.recorded_at()))},
              {"tenants", std::vector<std::string>(r.tenants().begin(), r.tenants().end())},
              {"actor", r.actor()},
              {"correlation_id", r.correlation_id()},
              {"causation_id", r.causation_id()},
              {"payload", json::parse(payload_json(event))}};
}

}  // namespace opsdesk::incidents::api
