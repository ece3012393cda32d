#pragma once
// An incident's folded state in bytes and back (services/incidents/incident_state.proto), for
// the snapshots of long incident streams that the shared command plumbing keeps
// (libs/aggregate/repository.hpp). Exact: decoding what was encoded gives the same state.

#include <expected>
#include <string>
#include <string_view>

#include "services/incidents/domain/state.hpp"

namespace opsdesk::incidents {

std::string encode_state(const IncidentState& state);
// The error says why the bytes are not an incident state.
std::expected<IncidentState, std::string> decode_state(std::string_view bytes);

}  // namespace opsdesk::incidents
