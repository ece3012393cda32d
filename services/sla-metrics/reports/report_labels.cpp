#include "services/sla-metrics/reports/report_labels.hpp"

#include "libs/sla/sla_table.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::sla_metrics {

std::string scope_label_ja(const std::string& tenant) {
  if (tenant == sla::kCentreWide) return "センタ全体";
  const auto* known = tenants::find_tenant(tenant);
  if (known == nullptr) return tenant;
  return std::string(known->name_ja) + " (" + tenant + ")" +
         (sla::reference_only(tenant) ? "（参考）" : "");
}

}  // namespace opsdesk::sla_metrics
