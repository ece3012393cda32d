#pragma once
// The 19 mutual-aid associations (tenants) as reference data shipped with the binary
// (DOMAIN.md §Tenants, spec 別紙2/別紙6). Read-only; codes are the stable identifiers in APIs,
// tokens and events.

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::tenants {

struct Tenant {
  std::string_view code;     // e.g. "shugiin"
  std::string_view name_ja;  // e.g. "衆議院共済組合"
  std::chrono::year_month go_live;
  bool in_centre;  // false only for the Ministry of Defense association (bouei)
};

// "all_centre" in a request stands for every tenant that runs in the shared centre.
inline constexpr std::string_view kAllCentre = "all_centre";

std::span<const Tenant> all_tenants();
const Tenant* find_tenant(std::string_view code);
std::vector<std::string> in_centre_codes();
// Every code, in registry order.
std::vector<std::string> all_codes();
// "shugiin, sangiin, …" in registry order: the allowed values, for error messages.
std::string allowed_codes_text();

}  // namespace opsdesk::tenants
