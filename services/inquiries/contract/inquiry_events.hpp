#pragma once
// The inquiries domain's published contract, as readers use it: the events of
// proto-schemas/opsdesk/inquiries/v1/events.proto as one sum type, decoded from a recorded
// event, the stream naming and the inquiry's status machine. Readers (the inquiries service
// itself, the escalation process manager, the SLA engine's 受付時間 row) decode through here and
// visit the variant with a handler for every alternative. Pure: protobuf only.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "libs/core/instant.hpp"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"
#include "opsdesk/inquiries/v1/events.pb.h"

namespace opsdesk::inquiries {

namespace v1 = opsdesk::inquiries::v1;

using InquiryEvent =
    std::variant<v1::InquiryReceived, v1::InquiryAcknowledged, v1::InquiryClassified,
                 v1::IncidentLinked, v1::ChangeLinked, v1::InformationRequested,
                 v1::InformationRecorded, v1::InquiryAnswered, v1::AnswerConfirmed,
                 v1::InquiryReopened, v1::InquiryClosed, v1::EffortRecorded>;

// The domain's name: its topic is opsdesk.inquiries.events.v1, its log "inquiries".
inline const std::string kDomain = "inquiries";

// Streams are "inquiry-<uuidv7>".
inline constexpr std::string_view kStreamPrefix = "inquiry-";
std::string stream_id_of(std::string_view inquiry_id);
// The inquiry id of a stream id, or empty when it is not an inquiry stream.
std::string inquiry_id_of(std::string_view stream_id);

// When the event happened in the world (the envelope's occurred_at).
core::Instant occurred_at(const InquiryEvent& event);

// The protobuf full name, e.g. "opsdesk.inquiries.v1.InquiryReceived".
std::string type_name(const InquiryEvent& event);

// Fails, with the reason, for a type this contract does not have, a payload that does not
// parse, or a record of another stream kind.
std::expected<InquiryEvent, std::string> decode(
    const opsdesk::eventstore::v1::RecordedEvent& record);

// The lifecycle of an inquiry, in one place for every reader:
// received -> in_progress (acknowledged or classified, information came back, reopened)
//          -> waiting_for_information (asked the requester) -> answered -> closed.
enum class Status { received, in_progress, waiting_for_information, answered, closed };
std::string to_string(Status status);
std::optional<Status> parse_status(std::string_view text);
// The status after `event`; facts that change nothing of the lifecycle leave it.
Status next_status(Status current, const InquiryEvent& event);

}  // namespace opsdesk::inquiries
