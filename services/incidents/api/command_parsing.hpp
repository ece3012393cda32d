#pragma once
// HTTP bodies to incident commands: field presence, JSON types, lengths, enumerations and
// unknown fields, all reported at once as a 422. Rules that need the incident's state or the
// tenant registry are the decider's.

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/problem.hpp"
#include "services/incidents/domain/commands.hpp"

namespace opsdesk::incidents::api {

// The command names of POST /v1/incidents/{id}/{command}.
const std::vector<std::string>& command_names();

bool is_command(const std::string& name);  // "detect" or one of command_names()
// 404 naming the commands there are.
http::Problem unknown_command_problem(const std::string& name);

// `detect` is the command of POST /v1/incidents. Optional times ("at") default to `now`.
std::expected<IncidentCommand, http::Problem> parse_command(const std::string& name,
                                                            const nlohmann::json& body,
                                                            const std::string& incident_id,
                                                            core::Instant now,
                                                            const http::InstantRange& instants);

}  // namespace opsdesk::incidents::api
