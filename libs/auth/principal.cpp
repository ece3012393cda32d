#include "libs/auth/principal.hpp"

#include <algorithm>
#include <array>

#include "libs/auth/tenant_scope.hpp"

namespace opsdesk::auth {

namespace {

constexpr std::array<Role, 4> kRoles{Role::maintainer, Role::association_admin, Role::viewer,
                                     Role::committee};

}  // namespace

std::optional<Role> parse_role(std::string_view text) {
  for (const Role role : kRoles) {
    if (to_string(role) == text) return role;
  }
  return std::nullopt;
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::maintainer:
      return "maintainer";
    case Role::association_admin:
      return "association_admin";
    case Role::viewer:
      return "viewer";
    case Role::committee:
      return "committee";
  }
  return "unknown";
}

std::string allowed_roles_text() {
  std::string text;
  for (const Role role : kRoles) {
    if (!text.empty()) text += ", ";
    text += to_string(role);
  }
  return text;
}

bool Principal::can_see_tenant(std::string_view tenant) const {
  // The rule is re-applied to roles and tenants, not only read from all_tenants, so a Principal
  // built by hand (tests, internal jobs) gets the same scope as one the verifier made.
  if (all_tenants || spans_all_tenants(tenants)) return true;
  return std::ranges::find(tenants, tenant) != tenants.end();
}

bool Principal::can_see_any(const std::vector<std::string>& resource_tenants) const {
  // A resource with no tenant is centre-wide: only principals that span every tenant see it.
  if (all_tenants || spans_all_tenants(tenants)) return true;
  return std::ranges::any_of(resource_tenants,
                             [this](const std::string& t) { return can_see_tenant(t); });
}

}  // namespace opsdesk::auth
