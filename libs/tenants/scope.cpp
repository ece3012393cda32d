#include "libs/tenants/scope.hpp"

#include <algorithm>

#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::tenants {

std::vector<std::string> concerned_codes(const std::vector<std::string>& scope) {
  const bool all_centre = std::ranges::find(scope, kAllCentre) != scope.end();
  // In the registry's order, as every list of associations is shown.
  std::vector<std::string> ordered;
  for (const auto& tenant : all_tenants()) {
    const bool named = std::ranges::find(scope, tenant.code) != scope.end();
    if (named || (all_centre && tenant.in_centre)) ordered.emplace_back(tenant.code);
  }
  return ordered;
}

std::optional<std::string> scope_problem(const std::vector<std::string>& scope) {
  if (scope.empty())
    return "must name at least one association code, or [\"all_centre\"] for the 18 "
           "associations of the centre";
  const bool all_centre = std::ranges::find(scope, kAllCentre) != scope.end();
  if (all_centre && scope.size() > 1)
    return "\"all_centre\" stands for the 18 associations of the centre and must be the only "
           "entry";
  for (const auto& code : scope) {
    if (code != kAllCentre && find_tenant(code) == nullptr)
      return "unknown association code '" + code + "'; allowed: " + allowed_codes_text() +
             ", or \"all_centre\" alone";
  }
  return std::nullopt;
}

std::string scope_text_ja(const std::vector<std::string>& scope) {
  std::string text;
  for (const auto& code : scope) {
    const auto* tenant = find_tenant(code);
    const std::string name = code == "all_centre" ? "全センタ"
                             : tenant             ? std::string(tenant->name_ja)
                                                  : code;
    text += (text.empty() ? "" : "、") + name;
  }
  return text;
}

}  // namespace opsdesk::tenants
