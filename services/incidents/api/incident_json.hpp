#pragma once
// How incidents look in the HTTP API: snake_case JSON, RFC 3339 UTC times, null for "not yet".

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "libs/eventstore/event_store.hpp"
#include "services/incidents/domain/events.hpp"
#include "services/incidents/domain/state.hpp"
#include "services/incidents/incident_index.hpp"

namespace opsdesk::incidents::api {

// The incident as JSON text, written directly (every command answers with it, so it is on the
// hot path); with `position`, also the log position the command reached.
std::string incident_json(const IncidentState& state,
                          std::optional<std::uint64_t> position = std::nullopt);
nlohmann::json summary_json(const IncidentSummary& summary);
// The envelope's fields and the decoded payload.
nlohmann::json event_json(const eventstore::RecordedEvent& record, const IncidentEvent& event);

}  // namespace opsdesk::incidents::api
