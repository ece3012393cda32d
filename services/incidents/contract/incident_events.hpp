#pragma once
// The incidents domain's published contract, as readers use it: the events of
// proto-schemas/opsdesk/incidents/v1/events.proto as one sum type, decoded from a recorded
// event (the envelope of every store, relay and Kafka feed), the stream naming and the
// incident's status machine. Every reader (the incidents service itself, ops-board,
// sla-metrics, sla-watch) decodes through here and visits the variant with a handler for every
// alternative, so a new event type is a compile error in a reader that ignores it, and an event
// it cannot decode is an error, never a silent skip. Pure: protobuf only, no store, no I/O.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "libs/core/instant.hpp"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"
#include "opsdesk/incidents/v1/events.pb.h"
#include "proto-schemas/decode_variant.hpp"

namespace opsdesk::incidents {

namespace v1 = opsdesk::incidents::v1;

using IncidentEvent =
    std::variant<v1::IncidentDetected, v1::AffectedTenantAdded, v1::FirstNoticeSent,
                 v1::ProgressReportSent, v1::RecoveryReportSent, v1::VendorContacted,
                 v1::ResponseActivityRecorded, v1::WorkaroundApplied, v1::CauseIdentified,
                 v1::ServiceRestored, v1::PermanentFixPlanned, v1::PreventionActionRecorded,
                 v1::IncidentClosed, v1::IncidentReopened>;

// The domain's name: its topic is opsdesk.incidents.events.v1, its log "incidents".
inline const std::string kDomain = "incidents";

// Streams are "incident-<uuidv7>".
inline constexpr std::string_view kStreamPrefix = "incident-";
std::string stream_id_of(std::string_view incident_id);
// The incident id of a stream id, or empty when it is not an incident stream.
std::string incident_id_of(std::string_view stream_id);

// When the event happened in the world (the envelope's occurred_at).
core::Instant occurred_at(const IncidentEvent& event);

// The association an event is addressed to alone (a notice and its summary, the reason a tenant
// was added), or nothing for what every affected association shares. The one rule of
// tenant-private data: an answer shows such an event's content only to a caller holding that
// tenant (or to centre staff); the shared parts of an incident stay visible to every affected
// association.
std::optional<std::string> private_to(const IncidentEvent& event);

// The protobuf full name, e.g. "opsdesk.incidents.v1.IncidentDetected" (envelope type, ce_type).
std::string type_name(const IncidentEvent& event);

// Why a record cannot be an incident's event (its stream is not an incident stream), if so.
std::optional<std::string> not_an_incident_stream(
    const opsdesk::eventstore::v1::RecordedEvent& record);

// Fails, with the reason, for a type this contract does not have (a newer producer: upgrade the
// reader), a payload that does not parse, or a record of another stream kind.
std::expected<IncidentEvent, std::string> decode(
    const opsdesk::eventstore::v1::RecordedEvent& record);

// As decode, for a reader that handles only the types `Wanted` (say the detection and the
// closing): the payloads of the incident's other events, most of a stream (notices, reports,
// activities), are not parsed, and give nullopt. A type this contract does not have still fails.
template <typename... Wanted>
std::expected<std::optional<IncidentEvent>, std::string> decode_only(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (auto wrong = not_an_incident_stream(record)) return std::unexpected(std::move(*wrong));
  return proto::decode_variant_if<IncidentEvent, Wanted...>(record, kDomain);
}

// The lifecycle of an incident's status, in one place for every reader.
enum class Status { open, workaround_applied, restored, closed };
std::string to_string(Status status);
// "open", "workaround_applied", "restored", "closed"; nothing for any other text.
std::optional<Status> parse_status(std::string_view text);
// The status after `event` (detection opens; a workaround moves an open incident on;
// restoration, closing and reopening set it; every other event leaves it).
Status next_status(Status current, const IncidentEvent& event);

}  // namespace opsdesk::incidents
