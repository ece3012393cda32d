#include "services/scheduling/plans/centre_plan.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "libs/auth/digests.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::scheduling {

namespace {

using std::chrono::sys_days;
using std::chrono::year_month;

std::string micros(core::Instant at) { return std::to_string(core::to_unix_micros(at)); }

bool names(const std::vector<std::string>& tenants, const std::string& tenant) {
  return std::ranges::find(tenants, tenant) != tenants.end();
}

// Registry order, each once.
std::vector<std::string> in_registry_order(const std::set<std::string>& codes) {
  std::vector<std::string> ordered;
  for (const auto& code : tenants::all_codes())
    if (codes.contains(code)) ordered.push_back(code);
  return ordered;
}

}  // namespace

PlanPeriod annual_plan_period(int fiscal_year) {
  PlanPeriod period;
  period.name = std::to_string(fiscal_year);
  period.annual = true;
  const year_month april{std::chrono::year{fiscal_year}, std::chrono::April};
  for (int i = 0; i < 12; ++i) period.months.push_back(april + std::chrono::months{i});
  period.first = april / std::chrono::day{1};
  period.last = period.months.back() / std::chrono::last;
  return period;
}

PlanPeriod monthly_plan_period(year_month month) {
  PlanPeriod period;
  period.name = calendar::format_iso_month(month);
  period.months = {month};
  period.first = month / std::chrono::day{1};
  period.last = month / std::chrono::last;
  return period;
}

std::optional<PlanPeriod> parse_plan_period(std::string_view text) {
  if (text.size() == 4) {
    int year = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc{} || end != text.data() + text.size() || year < 2000 || year > 2098)
      return std::nullopt;
    return annual_plan_period(year);
  }
  const auto month = calendar::parse_iso_month(text);
  if (!month || month->year() < std::chrono::year{2000} || month->year() > std::chrono::year{2099})
    return std::nullopt;
  return monthly_plan_period(*month);
}

CentrePlan centre_plan(const PlanPeriod& period, std::vector<ScheduledOccurrence> occurrences,
                       std::vector<WindowState> windows) {
  std::erase_if(windows, [](const WindowState& w) { return w.status() == "cancelled"; });
  return {period, std::move(occurrences), std::move(windows)};
}

std::vector<std::string> CentrePlan::concerned() const {
  std::set<std::string> codes;
  for (const auto& o : occurrences)
    codes.insert(o.current_plan().tenants.begin(), o.current_plan().tenants.end());
  for (const auto& w : windows) codes.insert(w.tenants.begin(), w.tenants.end());
  return in_registry_order(codes);
}

TenantPlan CentrePlan::part_of(const std::string& tenant) const {
  // What an association approves: which work, when, by whom; not how far it has got.
  std::string text = "plan " + period.name + " for " + tenant + "\n";
  std::uint32_t entries = 0;
  for (const auto& o : occurrences) {
    const auto& p = o.current_plan();
    if (!names(p.tenants, tenant)) continue;
    ++entries;
    text += "occurrence|" + p.id + "|" + micros(p.planned_start) + "|" + micros(p.planned_end) +
            "|" + micros(p.due_at) + "|" + p.kind + "|" + p.title + "|" + p.owner + "\n";
  }
  for (const auto& w : windows) {
    if (!names(w.tenants, tenant)) continue;
    ++entries;
    text += "window|" + w.id + "|" + micros(w.planned_start) + "|" + micros(w.planned_end) + "|" +
            w.kind + "|" + w.title + "|" + (w.stops_service ? "stops" : "runs") + "\n";
  }
  return {auth::sha256_hex(text), entries};
}

std::map<std::string, TenantPlan> CentrePlan::parts() const {
  std::map<std::string, TenantPlan> parts;
  for (const auto& tenant : concerned()) parts[tenant] = part_of(tenant);
  return parts;
}

std::vector<AnnualRow> annual_rows(const CentrePlan& plan) {
  std::vector<AnnualRow> rows;
  std::map<std::string, std::size_t> row_of_task;
  std::map<std::string, std::set<std::string>> tenants_of_task;
  for (const auto& o : plan.occurrences) {
    const auto& p = o.current_plan();
    auto [it, added] = row_of_task.try_emplace(p.task_id, rows.size());
    if (added) {
      rows.emplace_back();
      rows.back().task_id = p.task_id;
    }
    auto& row = rows[it->second];
    row.title = p.title;
    row.kind = p.kind;
    row.owner = p.owner;
    row.days[p.day.year() / p.day.month()].push_back(p.day);
    ++row.count;
    tenants_of_task[p.task_id].insert(p.tenants.begin(), p.tenants.end());
  }
  for (auto& row : rows) {
    row.tenants = in_registry_order(tenants_of_task[row.task_id]);
    for (auto& [month, days] : row.days)
      std::ranges::sort(days, {}, [](Date d) { return sys_days{d}; });
  }
  return rows;
}

std::vector<TenantApproval> tenant_approvals(const CentrePlan& plan,
                                             const PlanApprovalState& approvals) {
  std::vector<TenantApproval> out;
  for (const auto& tenant : plan.concerned()) {
    TenantApproval approval{tenant, plan.part_of(tenant), "not_approved", approvals.latest(tenant)};
    if (approval.latest != nullptr)
      approval.status = approval.latest->digest == approval.current.digest
                            ? "approved"
                            : "changed_since_approval";
    out.push_back(std::move(approval));
  }
  return out;
}

std::string approval_status(const std::vector<TenantApproval>& approvals) {
  const auto approved = std::ranges::count_if(
      approvals, [](const TenantApproval& a) { return a.status == "approved"; });
  if (approved == 0) return "not_approved";
  return approved == static_cast<std::ptrdiff_t>(approvals.size()) ? "approved"
                                                                   : "partially_approved";
}

}  // namespace opsdesk::scheduling
