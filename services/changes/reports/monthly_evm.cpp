#include "services/changes/reports/monthly_evm.hpp"

#include <algorithm>

#include "libs/core/tokyo_time.hpp"

namespace opsdesk::changes {

namespace {

using std::chrono::sys_days;

bool in_period(const ChangeState& c, Date first, Date last) {
  if (sys_days{core::to_tokyo(c.registered_at).date} > sys_days{last}) return false;
  for (const auto* ending : {&c.closed, &c.rejected, &c.withdrawn}) {
    if (*ending && sys_days{core::to_tokyo((*ending)->at).date} < sys_days{first}) return false;
  }
  return true;
}

std::vector<evm::Package> packages_of(const ChangeState& c,
                                      const std::optional<std::string>& tenant) {
  auto all = c.evm_packages();
  if (!tenant) return all;
  std::vector<evm::Package> part;
  for (auto& p : all)
    if (p.tenant == *tenant) part.push_back(std::move(p));
  return part;
}

}  // namespace

namespace {

MonthlyEvm period_evm(std::span<const ChangeState> visible_changes, MonthlyEvm r,
                      const std::optional<std::string>& tenant, Date today, const Term& term,
                      const CapSettings& cap, bool centre_staff,
                      const calendar::BusinessCalendar& calendar) {
  r.as_of = sys_days{today} < sys_days{r.last} ? today : r.last;
  if (sys_days{r.as_of} < sys_days{r.first}) r.as_of = r.first;  // a period to come: its start
  r.tenant = tenant;
  std::vector<evm::Package> shown;
  for (const auto& change : visible_changes) {
    if (!in_period(change, r.first, r.last)) continue;
    if (tenant && std::ranges::find(change.tenants, *tenant) == change.tenants.end()) continue;
    auto packages = packages_of(change, tenant);
    r.changes.push_back({change, evm::measure(packages, r.as_of, calendar)});
    shown.insert(shown.end(), packages.begin(), packages.end());
  }
  std::ranges::sort(r.changes, {}, [](const MonthlyChangeRow& row) { return row.change.id; });
  r.totals = evm::measure(shown, r.as_of, calendar);
  r.series = evm::daily_series(shown, r.first, r.last, calendar);
  if (centre_staff) r.term_effort = term_effort(visible_changes, term, r.as_of, cap, calendar);
  return r;
}

}  // namespace

MonthlyEvm monthly_evm(std::span<const ChangeState> visible_changes, std::chrono::year_month month,
                       const std::optional<std::string>& tenant, Date today, const Term& term,
                       const CapSettings& cap, bool centre_staff,
                       const calendar::BusinessCalendar& calendar) {
  MonthlyEvm r;
  r.month = month;
  r.first = Date{month / std::chrono::day{1}};
  r.last = Date{month / std::chrono::last};
  return period_evm(visible_changes, std::move(r), tenant, today, term, cap, centre_staff,
                    calendar);
}

MonthlyEvm yearly_evm(std::span<const ChangeState> visible_changes, std::chrono::year year,
                      const std::optional<std::string>& tenant, Date today, const Term& term,
                      const CapSettings& cap, bool centre_staff,
                      const calendar::BusinessCalendar& calendar) {
  MonthlyEvm r;
  r.month = year / std::chrono::April;
  r.fiscal_year = true;
  r.first = Date{year / std::chrono::April / 1};
  r.last = Date{(year + std::chrono::years{1}) / std::chrono::March / 31};
  return period_evm(visible_changes, std::move(r), tenant, today, term, cap, centre_staff,
                    calendar);
}

}  // namespace opsdesk::changes
