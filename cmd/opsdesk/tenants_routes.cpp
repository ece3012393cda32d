#include "cmd/opsdesk/tenants_routes.hpp"

#include <cstdio>

#include "libs/auth/http_guard.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::cli {

namespace {

using nlohmann::json;

std::string month_text(std::chrono::year_month month) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(month.year()),
                static_cast<unsigned>(month.month()));
  return text;
}

// The caller's tenants in registry order (every one for centre staff).
http::Response list_tenants(const http::Request& request) {
  const auto& who = auth::caller_of(request);
  json items = json::array();
  for (const auto& tenant : tenants::all_tenants()) {
    if (!who.can_see_tenant(tenant.code)) continue;
    items.push_back({{"code", tenant.code},
                     {"name_ja", tenant.name_ja},
                     {"go_live", month_text(tenant.go_live)},
                     {"in_centre", tenant.in_centre}});
  }
  return http::Response::json(200, json{{"items", std::move(items)}});
}

class TenantsService final : public modules::Service {
 public:
  void add_routes(http::Router& router) override {
    router.add("GET", "/v1/tenants", http::Access::any_role_own_tenants(), list_tenants);
  }
};

}  // namespace

modules::Module tenants_module() {
  return {
      .name = "tenants",
      .kind = modules::Kind::infrastructure,
      .description = "the associations (共済組合): codes, Japanese names, go-live months",
      .in_every_process = true,
      .openapi = "tenants",
      .open = [](modules::Context&)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        return std::make_unique<TenantsService>();
      },
  };
}

}  // namespace opsdesk::cli
