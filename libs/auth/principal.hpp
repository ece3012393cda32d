#pragma once
// Who is calling and what they may see: the verified claims of a bearer token. Tenant scope is
// decided here, in one place: only "*" tokens (centre staff) see every tenant; the tenants
// claim limits every role, maintainers included.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::auth {

enum class Role {
  maintainer,         // contractor staff: runs commands, for the tenants of its token
  association_admin,  // an association's HQ system administrator: reads its tenants
  viewer,             // read-only
  committee,          // the Standard Kyosai System committee (専門委員会)
};

std::optional<Role> parse_role(std::string_view text);
std::string_view to_string(Role role);
// "maintainer, association_admin, viewer, committee": the allowed values, for error messages.
std::string allowed_roles_text();

struct Principal {
  std::string subject{};  // `sub`
  std::set<Role> roles{};
  std::vector<std::string> tenants{};  // as in the token; ["*"] for centre staff
  bool all_tenants = false;            // "*" in tenants: centre staff

  bool has_role(Role role) const { return roles.contains(role); }
  bool can_see_tenant(std::string_view tenant) const;
  // True if the principal holds at least one of `tenants` (an incident affecting several).
  bool can_see_any(const std::vector<std::string>& tenants) const;
};

// A service's own process manager (a watch) acting for the centre: every association, with the
// desk's role, as the desk's staff would. `subject` names it in the events' actor.
inline Principal centre_watch(std::string subject) {
  return Principal{std::move(subject), {Role::maintainer}, {"*"}, true};
}

}  // namespace opsdesk::auth
