#pragma once
// The routes every opsdesk process serves besides its services': /healthz and /readyz (open,
// for probes), /metrics (Prometheus text) and /openapi.json (the API description), which need
// a token like everything else.

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/router.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::cli {

struct OperationalRoutes {
  observability::Registry& metrics;
  const core::Clock& clock;
  // Filled once every route is added, before the server starts.
  std::shared_ptr<const nlohmann::json> openapi;
  // {"status": "ready" | "not_ready", "services": {...}, "not_ready": [...]}: 503 unless ready.
  std::function<nlohmann::json()> readiness;
};

void add_operational_routes(http::Router& router, OperationalRoutes routes);

// The OpenAPI documents of docs/api/ named by the running modules, merged into one titled for
// opsdesk (paths and components, converted from YAML), keeping only the operations `router`
// serves. The operational paths (/healthz, …) come from the incidents document.
nlohmann::json openapi_document(const std::vector<std::string>& documents,
                                const http::Router& router);

}  // namespace opsdesk::cli
