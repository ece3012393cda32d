#pragma once
// The incidents HTTP API (docs/api/incidents.yaml): commands as POSTs, the incident, its
// history and the list as GETs. Authentication, roles and tenant scope are checked here;
// command execution is the shared command plumbing's (libs/aggregate).

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/incidents/incident_aggregate.hpp"
#include "services/incidents/incident_index.hpp"

namespace opsdesk::incidents::api {

struct IncidentApi {
  CommandHandler& commands;
  IncidentRepository& repository;
  IncidentIndex& index;
  const core::Clock& clock;
  core::UuidV7Generator& ids;
  http::InstantRange instants{};  // the times a command may name
};

void add_incident_routes(http::Router& router, IncidentApi api);

}  // namespace opsdesk::incidents::api
