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

// The tenants a command names by itself: a new incident's ("all_centre" stands for the tenants
// in the centre), a notice's recipient, an added tenant. Who may send it must hold each.
std::vector<std::string> tenants_named(const IncidentCommand& command);

}  // namespace opsdesk::incidents
