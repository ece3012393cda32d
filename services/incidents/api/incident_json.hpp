#pragma once
// How incidents look in the HTTP API: snake_case JSON, RFC 3339 UTC times, null for "not yet".

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "libs/auth/principal.hpp"
#include "libs/eventstore/event_store.hpp"
#include "services/incidents/domain/events.hpp"
#include "services/incidents/domain/state.hpp"
#include "services/incidents/incident_index.hpp"

namespace opsdesk::incidents::api {

// The incident as JSON text, written directly (every command answers with it, so it is on the
// hot path); with `position`, also the log position the command reached. `viewer` sees the
// notices of the tenants it holds only (tenant-private data, contract/private_to).
std::string incident_json(const IncidentState& state, const auth::Principal& viewer,
                          std::optional<std::uint64_t> position = std::nullopt);
nlohmann::json summary_json(const IncidentSummary& summary);
// The envelope's fields and the decoded payload; an event private to a tenant `viewer` does not
// hold keeps its envelope, with `"payload": null` and `"redacted": true`, so that versions stay
// contiguous for every reader.
nlohmann::json event_json(const eventstore::RecordedEvent& record, const IncidentEvent& event,
                          const auth::Principal& viewer);

}  // namespace opsdesk::incidents::api
