#pragma once
// Turns incident events into the event store's records (the record's `type` is the protobuf
// full name, so any consumer can decode the payload with the published contract, see
// contract/incident_events.hpp), and a decoded event's payload into JSON for GET …/events.

#include <string>

#include "libs/eventstore/event_store.hpp"
#include "services/incidents/domain/events.hpp"

namespace opsdesk::incidents {

eventstore::NewEvent encode(const IncidentEvent& event);

// The payload as JSON with the schema's snake_case field names (for GET …/events).
std::string payload_json(const IncidentEvent& event);

}  // namespace opsdesk::incidents
