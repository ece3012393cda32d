#pragma once
// The notifications domain's published contract (proto-schemas/opsdesk/notifications/v1/
// events.proto, topic opsdesk.notifications.events.v1): the mails the notifier sent, one stream
// "mail-<uuidv7>" each.

#include <expected>
#include <string>
#include <string_view>
#include <variant>

#include "libs/core/instant.hpp"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"
#include "opsdesk/notifications/v1/events.pb.h"

namespace opsdesk::notifier {

namespace v1 = opsdesk::notifications::v1;

inline const std::string kDomain = "notifications";

using MailEvent = std::variant<v1::MailSent>;

inline constexpr std::string_view kMailStreamPrefix = "mail-";
std::string mail_stream_id_of(std::string_view mail_id);
// The mail id of a stream id, or empty when it is not a mail stream.
std::string mail_id_of(std::string_view stream_id);

core::Instant occurred_at(const MailEvent& event);
std::expected<MailEvent, std::string> decode(const opsdesk::eventstore::v1::RecordedEvent& record);

}  // namespace opsdesk::notifier
