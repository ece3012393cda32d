#include "services/changes/contract/change_events.hpp"

#include "proto-schemas/decode_variant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::changes {

namespace {

std::string strip_prefix(std::string_view stream_id, std::string_view prefix) {
  if (!stream_id.starts_with(prefix) || stream_id.size() == prefix.size()) return {};
  return std::string(stream_id.substr(prefix.size()));
}

template <typename Variant>
core::Instant at_of(const Variant& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

}  // namespace

std::string configuration_item_stream_id_of(std::string_view ci_id) {
  return std::string(kConfigurationItemStreamPrefix) + std::string(ci_id);
}

std::string configuration_item_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kConfigurationItemStreamPrefix);
}

std::string change_stream_id_of(std::string_view change_id) {
  return std::string(kChangeStreamPrefix) + std::string(change_id);
}

std::string change_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kChangeStreamPrefix);
}

std::string effort_cap_stream_id_of(std::string_view term) {
  return std::string(kEffortCapStreamPrefix) + std::string(term);
}

std::string effort_cap_term_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kEffortCapStreamPrefix);
}

std::string patch_stream_id_of(std::string_view patch_id) {
  return std::string(kPatchStreamPrefix) + std::string(patch_id);
}

std::string patch_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kPatchStreamPrefix);
}

std::string document_stream_id_of(std::string_view document_id) {
  return std::string(kDocumentStreamPrefix) + std::string(document_id);
}

std::string document_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kDocumentStreamPrefix);
}

std::string meeting_stream_id_of(std::string_view meeting_id) {
  return std::string(kMeetingStreamPrefix) + std::string(meeting_id);
}

std::string meeting_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kMeetingStreamPrefix);
}

std::string checkout_stream_id_of(std::string_view checkout_id) {
  return std::string(kCheckoutStreamPrefix) + std::string(checkout_id);
}

std::string checkout_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kCheckoutStreamPrefix);
}

core::Instant occurred_at(const ConfigurationItemEvent& event) { return at_of(event); }
core::Instant occurred_at(const ChangeEvent& event) { return at_of(event); }
core::Instant occurred_at(const EffortCapEvent& event) { return at_of(event); }
core::Instant occurred_at(const PatchEvent& event) { return at_of(event); }
core::Instant occurred_at(const DocumentEvent& event) { return at_of(event); }
core::Instant occurred_at(const MeetingEvent& event) { return at_of(event); }
core::Instant occurred_at(const CheckoutEvent& event) { return at_of(event); }

std::expected<ConfigurationItemEvent, std::string> decode_configuration_item(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (configuration_item_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() +
                           "' is not a configuration item stream");
  return proto::decode_variant<ConfigurationItemEvent>(record, "changes (configuration items)");
}

std::expected<ChangeEvent, std::string> decode_change(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (change_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a change stream");
  return proto::decode_variant<ChangeEvent>(record, "changes (change requests)");
}

std::expected<EffortCapEvent, std::string> decode_effort_cap(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (effort_cap_term_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not an effort cap stream");
  return proto::decode_variant<EffortCapEvent>(record, "changes (effort cap)");
}

std::expected<PatchEvent, std::string> decode_patch(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (patch_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a patch stream");
  return proto::decode_variant<PatchEvent>(record, "changes (security patches)");
}

std::expected<DocumentEvent, std::string> decode_document(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (document_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a document stream");
  return proto::decode_variant<DocumentEvent>(record, "changes (controlled documents)");
}

std::expected<MeetingEvent, std::string> decode_meeting(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (meeting_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a meeting stream");
  return proto::decode_variant<MeetingEvent>(record, "changes (meetings)");
}

std::expected<CheckoutEvent, std::string> decode_checkout(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (checkout_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a check-out stream");
  return proto::decode_variant<CheckoutEvent>(record, "changes (check-outs)");
}

}  // namespace opsdesk::changes
