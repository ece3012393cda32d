#pragma once
// The one rule for "sees every tenant", shared by the token verifier (which fills
// Principal::all_tenants) and Principal's own checks. Internal to libs/auth.

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libs/auth/principal.hpp"

namespace opsdesk::auth {

// The `tenants` value that stands for every tenant (centre staff).
inline constexpr std::string_view kAllTenantsMarker = "*";

// Centre staff: a token holding "*". The tenants claim limits every role, maintainers
// included: a maintainer of soumu alone is not centre staff (DOMAIN.md §Scope words).
inline bool spans_all_tenants(const std::vector<std::string>& tenants) {
  return std::ranges::find(tenants, kAllTenantsMarker) != tenants.end();
}

}  // namespace opsdesk::auth
