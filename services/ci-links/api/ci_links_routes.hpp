#pragma once
// The ci-links HTTP API (docs/api/ci-links.yaml): GET /v1/configuration-items/{id}/incidents
// (an item's incidents: its history of faults) and GET /v1/configuration-links?incident=…
// (the items an incident names, for the board). An incident is seen by the holders of one of
// its associations, an item by the holders of one of the associations it serves.

#include "libs/http/router.hpp"
#include "libs/projection/view_store.hpp"

namespace opsdesk::ci_links::api {

void add_ci_links_routes(http::Router& router, const projection::ViewStore& view);

}  // namespace opsdesk::ci_links::api
