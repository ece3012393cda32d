#pragma once
// The incident decider: given the incident's state, a command and the time now, either the
// events that record it or the rule it breaks. Pure: no I/O, no clock, no globals.

#include <expected>
#include <string>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/incidents/domain/commands.hpp"
#include "services/incidents/domain/events.hpp"
#include "services/incidents/domain/state.hpp"

namespace opsdesk::incidents {

// Why the decider refused: the shape every command service shares (libs/aggregate).
using DomainError = aggregate::DomainError;

std::expected<std::vector<IncidentEvent>, DomainError> decide(const IncidentState& state,
                                                              const IncidentCommand& command,
                                                              core::Instant now);

}  // namespace opsdesk::incidents
