#pragma once
// The approval of a plan as a decider: the annual centre schedule of a fiscal year (April –
// March, approved in April) and each month's detailed plan (approved at the monthly meeting,
// 仕様書 4.(3)④エ) are approved by each association's side, for the entries that concern that
// association. An approval names the plan's content by its digest: when the plan changes
// afterwards (a task revised, a window planned), the approval stays recorded and the plan shows
// it was approved in an earlier version. Pure: the route computes each association's plan and
// digest from the schedule.

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/scheduling/contract/schedule_events.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling {

struct PlanApproval {
  std::string tenant;
  std::string approver;
  std::string digest;
  std::uint32_t entries = 0;
  std::string note;
  core::Instant at{};
  std::string by;
  bool operator==(const PlanApproval&) const = default;
};

struct PlanApprovalState {
  std::string period;  // "2026" or "2026-12"
  std::uint64_t version = 0;
  std::vector<PlanApproval> approvals;  // in the order recorded

  // The association's latest approval, if any.
  const PlanApproval* latest(const std::string& tenant) const;
  bool operator==(const PlanApprovalState&) const = default;
};

// One association's part of the plan as it stands: what an approval of it records.
struct TenantPlan {
  std::string digest;
  std::uint32_t entries = 0;
  bool operator==(const TenantPlan&) const = default;
};

struct ApprovePlan {
  std::string period;
  std::vector<std::string> tenants;  // the associations whose side approves
  // Every association the plan concerns, with its part as it stands now.
  std::map<std::string, TenantPlan> plan;
  std::string approver;
  std::string note;
  std::string by;
  core::Instant at{};
};

using PlanCommand = std::variant<ApprovePlan>;

std::expected<std::vector<PlanEvent>, DomainError> decide(const PlanApprovalState& state,
                                                          const PlanCommand& command,
                                                          core::Instant now);
PlanApprovalState evolve(PlanApprovalState state, const PlanEvent& event);
std::vector<std::string> tenants_named(const PlanCommand& command);

}  // namespace opsdesk::scheduling
