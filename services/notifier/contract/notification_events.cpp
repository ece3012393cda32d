#include "services/notifier/contract/notification_events.hpp"

#include "proto-schemas/decode_variant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::notifier {

std::string mail_stream_id_of(std::string_view mail_id) {
  return std::string(kMailStreamPrefix) + std::string(mail_id);
}

std::string mail_id_of(std::string_view stream_id) {
  if (!stream_id.starts_with(kMailStreamPrefix) || stream_id.size() == kMailStreamPrefix.size())
    return {};
  return std::string(stream_id.substr(kMailStreamPrefix.size()));
}

core::Instant occurred_at(const MailEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

std::expected<MailEvent, std::string> decode(const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (mail_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a mail stream");
  return proto::decode_variant<MailEvent>(record, "notifications");
}

}  // namespace opsdesk::notifier
