#pragma once
// Turns incident events into the event store's records and back. The record's `type` is the
// protobuf full name, so any consumer (relay, projection, kafka-python) can decode the payload.

#include <expected>
#include <string>

#include "libs/eventstore/event_store.hpp"
#include "services/incidents/domain/events.hpp"

namespace opsdesk::incidents {

eventstore::NewEvent encode(const IncidentEvent& event);

// Fails (with the reason) for a type this service does not know or a payload that does not parse.
std::expected<IncidentEvent, std::string> decode(const eventstore::RecordedEvent& record);

// The payload as JSON with the schema's snake_case field names (for GET …/events).
std::string payload_json(const IncidentEvent& event);

}  // namespace opsdesk::incidents
