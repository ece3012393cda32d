#include "services/inquiries/contract/faq_events.hpp"

#include "proto-schemas/decode_variant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::inquiries {

std::string faq_stream_id_of(std::string_view faq_id) {
  return std::string(kFaqStreamPrefix) + std::string(faq_id);
}

std::string faq_id_of(std::string_view stream_id) {
  if (!stream_id.starts_with(kFaqStreamPrefix)) return {};
  return std::string(stream_id.substr(kFaqStreamPrefix.size()));
}

core::Instant occurred_at(const FaqEntryEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

core::Instant occurred_at(const FaqFileEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

std::expected<FaqEntryEvent, std::string> decode_faq_entry(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (faq_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not an FAQ entry stream");
  return proto::decode_variant<FaqEntryEvent>(record, "inquiries (FAQ)");
}

std::expected<FaqFileEvent, std::string> decode_faq_file(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (record.stream_id() != kFaqFileStream)
    return std::unexpected("stream '" + record.stream_id() + "' is not the FAQ file stream");
  return proto::decode_variant<FaqFileEvent>(record, "inquiries (FAQ files)");
}

}  // namespace opsdesk::inquiries
