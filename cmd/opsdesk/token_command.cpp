#include "cmd/opsdesk/token_command.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::cli {

namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

int fail(const std::string& message) {
  std::cerr << "opsdesk token: " << message << "\n";
  return 2;
}

}  // namespace

int mint_token(const Settings& settings, const TokenRequest& request) {
  if (settings.jwt_secret.empty())
    return fail("no secret to sign with: set OPSDESK_JWT_SECRET (at least 32 characters)");
  if (request.subject.empty()) return fail("--sub: must not be empty");
  auto roles = split_list(request.roles);
  if (roles.empty()) return fail("--roles: name at least one of " + auth::allowed_roles_text());
  for (const auto& role : roles) {
    if (!auth::parse_role(role))
      return fail("--roles: unknown role '" + role + "'; allowed: " + auth::allowed_roles_text());
  }
  auto tenants = split_list(request.tenants);
  for (const auto& tenant : tenants) {
    if (tenant != "*" && tenants::find_tenant(tenant) == nullptr) {
      return fail("--tenants: unknown tenant code '" + tenant +
                  "'; allowed: " + tenants::allowed_codes_text() + ", or * for all");
    }
  }
  if (tenants.empty())
    return fail("--tenants: every token needs tenants: tenant codes, or * for centre staff");
  const bool centre = std::find(tenants.begin(), tenants.end(), "*") != tenants.end();
  if (!centre && std::find(roles.begin(), roles.end(), "maintainer") != roles.end()) {
    std::cerr << "opsdesk token: warning: this maintainer token is limited to the tenants "
              << request.tenants << "; it may not read or change anything of another tenant "
              << "(give --tenants '*' for centre staff)\n";
  }
  auto ttl = parse_duration(request.ttl);
  if (!ttl) return fail("--ttl: " + ttl.error());
  if (*ttl > kLongestTtl && !request.allow_long_ttl)
    return fail("--ttl: " + request.ttl +
                " is longer than 30d; give --allow-long-ttl as well if it must be (a service "
                "token, say), or a shorter --ttl");

  const auto now = core::SystemClock{}.now();
  auth::TokenClaims claims{request.subject, roles, tenants, now, now + *ttl};
  std::cout << auth::mint_hs256(claims, settings.jwt_secret) << "\n";
  return 0;
}

}  // namespace opsdesk::cli
