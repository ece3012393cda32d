#include "services/inquiries/api/inquiry_json.hpp"

#include "libs/aggregate/event_records.hpp"
#include "libs/aggregate/http_commands.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/http/json_writer.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/inquiries/domain/vocabulary.hpp"

namespace opsdesk::inquiries::api {

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

// The Japanese name of the inquiry's origin, for people reading the answer.
std::string tenant_name_ja(const std::string& tenant) {
  if (tenant == kCentreOps) return "共同利用センター運用チーム";
  const auto* known = tenants::find_tenant(tenant);
  return known == nullptr ? tenant : std::string(known->name_ja);
}

}  // namespace

std::string inquiry_json(const InquiryState& s, std::optional<std::uint64_t> position) {
  unsigned total_minutes = 0;
  for (const auto& [kind, minutes] : s.effort_minutes) total_minutes += minutes;
  http::JsonWriter w;
  w.begin_object()
      .field("id", s.id)
      .field("version", s.version)
      .field("status", to_string(s.status))
      .field("tenant", s.tenant)
      .field("tenant_name", tenant_name_ja(s.tenant))
      .field("channel", s.channel)
      .field("received_at", core::format_tokyo_rfc3339(s.received_at));
  w.key("requester")
      .begin_object()
      .field("name", s.requester_name)
      .field("role", s.requester_role)
      .end_object();
  w.field("subject", s.subject)
      .field("body", s.body)
      .field("category_hint", text_or_null(s.category_hint))
      .field("class", text_or_null(s.inquiry_class))
      .field("class_reason", text_or_null(s.class_reason))
      .field("escalated", s.escalated)
      .field("incident_id", text_or_null(s.incident_id))
      .field("change_id", text_or_null(s.change_id))
      .field("acknowledged_at", time_or_null(s.acknowledged_at))
      .field("pending_question", text_or_null(s.pending_question))
      .field("first_answered_at", time_or_null(s.first_answered_at))
      .field("answer", text_or_null(s.answer))
      .field("answered_at", time_or_null(s.answered_at))
      .field("answer_confirmed", s.answer_confirmed)
      .field("closed_at", time_or_null(s.closed_at))
      .field("close_reason", text_or_null(s.close_reason));
  w.key("effort_minutes").begin_object();
  for (const auto& [kind, minutes] : s.effort_minutes)
    w.field(kind, static_cast<std::uint64_t>(minutes));
  w.end_object();
  w.field("effort_minutes_total", static_cast<std::uint64_t>(total_minutes));
  if (position) w.field("position", *position);
  w.end_object();
  return w.take();
}

json summary_json(const InquirySummary& s) {
  return json{
      {"id", s.id},
      {"version", s.version},
      {"status", to_string(s.status)},
      {"tenant", s.tenant},
      {"tenant_name", tenant_name_ja(s.tenant)},
      {"channel", s.channel},
      {"received_at", core::format_tokyo_rfc3339(s.received_at)},
      {"requester_name", s.requester_name},
      {"subject", s.subject},
      {"class", s.inquiry_class.empty() ? json(nullptr) : json(s.inquiry_class)},
      {"incident_id", s.incident_id.empty() ? json(nullptr) : json(s.incident_id)},
      {"first_answered_at", s.first_answered_at
                                ? json(core::format_tokyo_rfc3339(*s.first_answered_at))
                                : json(nullptr)},
  };
}

json event_json(const eventstore::RecordedEvent& record, const InquiryEvent& event) {
  return aggregate::recorded_event_json(record, aggregate::payload_json(event));
}

}  // namespace opsdesk::inquiries::api
