#pragma once
// The incident decider: given the incident's state, a command and the time now, either the
// events that record it or the rule it breaks. Pure: no I/O, no clock, no globals.

#include <expected>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "services/incidents/domain/commands.hpp"
#include "services/incidents/domain/events.hpp"
#include "services/incidents/domain/state.hpp"

namespace opsdesk::incidents {

struct DomainError {
  enum class Kind {
    not_found,       // no such incident (HTTP 404)
    rule_violated,   // the command breaks a rule of the incident's lifecycle (409)
    invalid_fields,  // one or more fields have values the domain does not allow (422)
  };
  Kind kind;
  std::string rule;  // stable kebab-case name, e.g. "recovery-report-before-restoration"
  std::string message;
  struct Field {
    std::string field;
    std::string message;
  };
  std::vector<Field> fields;  // for invalid_fields
};

std::expected<std::vector<IncidentEvent>, DomainError> decide(const IncidentState& state,
                                                              const IncidentCommand& command,
                                                              core::Instant now);

}  // namespace opsdesk::incidents
