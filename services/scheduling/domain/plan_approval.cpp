#include "services/scheduling/domain/plan_approval.hpp"

#include <algorithm>

#include "libs/aggregate/field_check.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling {

namespace {

using proto::from_timestamp;
using proto::to_timestamp;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

const PlanApproval* PlanApprovalState::latest(const std::string& tenant) const {
  for (auto it = approvals.rbegin(); it != approvals.rend(); ++it)
    if (it->tenant == tenant) return &*it;
  return nullptr;
}

std::expected<std::vector<PlanEvent>, DomainError> decide(const PlanApprovalState& state,
                                                          const PlanCommand& command,
                                                          core::Instant now) {
  const auto& c = std::get<ApprovePlan>(command);
  aggregate::FieldCheck check(now, kAllowedClockSkew);
  std::vector<std::string> concerned;
  for (const auto& [tenant, part] : c.plan) concerned.push_back(tenant);
  if (c.tenants.empty()) check.add("tenants", "name at least one association");
  for (std::size_t i = 0; i < c.tenants.size(); ++i)
    if (std::find(c.tenants.begin(), c.tenants.begin() + static_cast<std::ptrdiff_t>(i),
                  c.tenants[i]) != c.tenants.begin() + static_cast<std::ptrdiff_t>(i))
      check.add("tenants", "names '" + c.tenants[i] + "' twice");
  for (const auto& tenant : c.tenants)
    if (!c.plan.contains(tenant))
      check.add("tenants",
                "the plan has no entry for '" + tenant + "'; it concerns: " +
                    (concerned.empty() ? std::string("no association") : joined(concerned)));
  check.not_blank("approver", c.approver);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();

  std::vector<std::string> already;
  for (const auto& tenant : c.tenants)
    if (const auto* approval = state.latest(tenant);
        approval && approval->digest == c.plan.at(tenant).digest)
      already.push_back(tenant);
  if (!already.empty())
    return aggregate::rule_violated(
        "already-approved",
        "plan " + c.period + " as it stands is already approved for " + joined(already));
  std::vector<PlanEvent> events;
  for (const auto& tenant : c.tenants) {
    v1::PlanApproved e;
    e.set_period(c.period);
    e.set_tenant(tenant);
    e.set_approver(c.approver);
    e.set_plan_digest(c.plan.at(tenant).digest);
    e.set_entries(c.plan.at(tenant).entries);
    e.set_note(c.note);
    *e.mutable_at() = to_timestamp(c.at);
    e.set_by(c.by);
    events.emplace_back(std::move(e));
  }
  return events;
}

PlanApprovalState evolve(PlanApprovalState s, const PlanEvent& event) {
  const auto& e = std::get<v1::PlanApproved>(event);
  s.period = e.period();
  s.approvals.push_back({e.tenant(), e.approver(), e.plan_digest(), e.entries(), e.note(),
                         from_timestamp(e.at()), e.by()});
  ++s.version;
  return s;
}

std::vector<std::string> tenants_named(const PlanCommand& command) {
  return std::get<ApprovePlan>(command).tenants;
}

}  // namespace opsdesk::scheduling
