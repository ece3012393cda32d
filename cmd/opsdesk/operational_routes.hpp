#pragma once
// The routes every opsdesk process serves besides its services': /healthz and /readyz (open,
// for probes), /metrics (Prometheus text) and /openapi.json (the API description), which need
// a token like everything else.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/router.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::cli {

struct OperationalRoutes {
  observability::Registry& metrics;
  const auth::TokenVerifier& verifier;
  const core::Clock& clock;
  nlohmann::json openapi;
  // Readiness details per service; ready when every service answered.
  std::function<nlohmann::json()> readiness;
};

void add_operational_routes(http::Router& router, OperationalRoutes routes);

// The OpenAPI documents of docs/api/ for the given services, merged into one (paths and
// components), converted from YAML.
nlohmann::json openapi_document(const std::vector<std::string>& services);

}  // namespace opsdesk::cli
