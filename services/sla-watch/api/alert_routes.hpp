#pragma once
// The sla-watch HTTP API (docs/api/sla-watch.yaml):
//   GET /v1/sla/alerts?incident=&limit=  the threshold alerts recorded, newest first, scoped to
//                                        the caller's tenants

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/router.hpp"

namespace opsdesk::sla_watch::api {

struct AlertApi {
  const eventstore::EventStore& store;
  const core::Clock& clock;
};

void add_alert_routes(http::Router& router, AlertApi api);

// An alert event as the API shows it.
nlohmann::json alert_json(const eventstore::RecordedEvent& event);

}  // namespace opsdesk::sla_watch::api
