#include "services/inquiries/state_codec.hpp"

#include <optional>

#include "services/inquiries/inquiry_state.pb.h"

namespace opsdesk::inquiries {

namespace {

namespace pb = opsdesk::inquiries::snapshot;

std::int64_t micros(core::Instant at) { return core::to_unix_micros(at); }
core::Instant instant(std::int64_t micros) { return core::from_unix_micros(micros); }

// A proto3 `optional int64` time: its presence and its value (0 when absent).
std::optional<core::Instant> optional_instant(bool present, std::int64_t at_us) {
  if (!present) return std::nullopt;
  return instant(at_us);
}

}  // namespace

std::string encode_state(const InquiryState& s) {
  pb::InquiryState out;
  out.set_version(s.version);
  out.set_id(s.id);
  out.set_status(to_string(s.status));
  out.set_tenant(s.tenant);
  out.set_channel(s.channel);
  out.set_received_at_us(micros(s.received_at));
  out.set_requester_name(s.requester_name);
  out.set_requester_role(s.requester_role);
  out.set_subject(s.subject);
  out.set_body(s.body);
  out.set_category_hint(s.category_hint);
  out.set_inquiry_class(s.inquiry_class);
  out.set_class_reason(s.class_reason);
  out.set_escalated(s.escalated);
  out.set_incident_id(s.incident_id);
  out.set_change_id(s.change_id);
  if (s.acknowledged_at) out.set_acknowledged_at_us(micros(*s.acknowledged_at));
  if (s.first_answered_at) out.set_first_answered_at_us(micros(*s.first_answered_at));
  out.set_answer(s.answer);
  if (s.answered_at) out.set_answered_at_us(micros(*s.answered_at));
  out.set_answer_confirmed(s.answer_confirmed);
  out.set_pending_question(s.pending_question);
  if (s.closed_at) out.set_closed_at_us(micros(*s.closed_at));
  out.set_close_reason(s.close_reason);
  for (const auto& [kind, minutes] : s.effort_minutes) {
    auto& e = *out.add_effort();
    e.set_kind(kind);
    e.set_minutes(minutes);
  }
  return out.SerializeAsString();
}

std::expected<InquiryState, std::string> decode_state(std::string_view bytes) {
  pb::InquiryState in;
  if (!in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return std::unexpected(std::string("not an encoded inquiry state"));
  auto status = parse_status(in.status());
  if (!status) return std::unexpected("unknown inquiry status \"" + in.status() + "\"");

  InquiryState s;
  s.version = in.version();
  s.id = in.id();
  s.status = *status;
  s.tenant = in.tenant();
  s.channel = in.channel();
  s.received_at = instant(in.received_at_us());
  s.requester_name = in.requester_name();
  s.requester_role = in.requester_role();
  s.subject = in.subject();
  s.body = in.body();
  s.category_hint = in.category_hint();
  s.inquiry_class = in.inquiry_class();
  s.class_reason = in.class_reason();
  s.escalated = in.escalated();
  s.incident_id = in.incident_id();
  s.change_id = in.change_id();
  s.acknowledged_at = optional_instant(in.has_acknowledged_at_us(), in.acknowledged_at_us());
  s.first_answered_at = optional_instant(in.has_first_answered_at_us(), in.first_answered_at_us());
  s.answer = in.answer();
  s.answered_at = optional_instant(in.has_answered_at_us(), in.answered_at_us());
  s.answer_confirmed = in.answer_confirmed();
  s.pending_question = in.pending_question();
  s.closed_at = optional_instant(in.has_closed_at_us(), in.closed_at_us());
  s.close_reason = in.close_reason();
  for (const auto& e : in.effort()) s.effort_minutes[e.kind()] = e.minutes();
  return s;
}

}  // namespace opsdesk::inquiries
