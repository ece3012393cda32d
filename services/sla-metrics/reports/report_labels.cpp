#include "services/sla-metrics/reports/report_labels.hpp"

#include <chrono>
#include <cstdio>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
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

std::string tokyo_minute_text(core::Instant at) {
  const auto civil = core::to_tokyo(at);
  const std::chrono::hh_mm_ss time{
      std::chrono::duration_cast<std::chrono::minutes>(civil.time_of_day)};
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()));
  return calendar::format_iso_date(civil.date) + " " + clock;
}

}  // namespace opsdesk::sla_metrics
