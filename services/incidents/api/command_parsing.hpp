#pragma once
// HTTP bodies to incident commands: field presence, JSON types, lengths and enumerations
// (the table, libs/aggregate/command_table.hpp, reports them and unknown fields at once as a
// 422). Rules that need the incident's state or the tenant registry are the decider's.

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libs/aggregate/command_table.hpp"
#include "libs/core/instant.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/problem.hpp"
#include "services/incidents/domain/commands.hpp"

namespace opsdesk::incidents::api {

// The incident commands: "detect" is the command of POST /v1/incidents, the others those of
// POST /v1/incidents/{id}/{command}. Each parser is given the incident's id and the time now
// (optional times, "at", default to it).
using IncidentCommands = aggregate::CommandTable<IncidentCommand, std::string, core::Instant>;
const IncidentCommands& command_table();

}  // namespace opsdesk::incidents::api
