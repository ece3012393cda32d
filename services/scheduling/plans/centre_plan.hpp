#pragma once
// The centre's plans as the associations approve them (仕様書 4.(3)④エ): the annual centre
// schedule of a fiscal year (April – March, approved in April: which work falls in which month)
// and the detailed plan of one month (approved at the monthly meeting: every occurrence with its
// day and times), with the maintenance windows of the period. Each association approves its
// part: the entries that concern it, named by a digest of their content (not their progress),
// so that an approval can be told from one of an earlier version of the plan. Pure.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/scheduling/domain/plan_approval.hpp"
#include "services/scheduling/domain/window.hpp"
#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling {

struct PlanPeriod {
  std::string name;  // "2026" (fiscal year 2026) or "2026-12"
  bool annual = false;
  Date first;
  Date last;
  std::vector<std::chrono::year_month> months;  // April … March, or the one month
};

// "2026" → April 2026 – March 2027; "2026-12" → December 2026. nullopt for anything else (a
// year before 2000 or after 2098 included).
std::optional<PlanPeriod> parse_plan_period(std::string_view text);
PlanPeriod annual_plan_period(int fiscal_year);
PlanPeriod monthly_plan_period(std::chrono::year_month month);

struct CentrePlan {
  PlanPeriod period;
  // By planned start; skipped ones too (their plan stands; the skip is progress, not a change).
  std::vector<ScheduledOccurrence> occurrences;
  std::vector<WindowState> windows;  // by planned start; cancelled ones left out

  // Every association with an entry, in registry order.
  std::vector<std::string> concerned() const;
  // The part of the plan that concerns `tenant`: its digest and number of entries.
  TenantPlan part_of(const std::string& tenant) const;
  std::map<std::string, TenantPlan> parts() const;
};

// The plan from the schedule's occurrences and windows in the period.
CentrePlan centre_plan(const PlanPeriod& period, std::vector<ScheduledOccurrence> occurrences,
                       std::vector<WindowState> windows);

// The annual schedule's rows: one per task, with the days of each month it falls on.
struct AnnualRow {
  std::string task_id;
  std::string title;  // as the latest occurrence has it
  std::string kind;
  std::string owner;
  std::vector<std::string> tenants;  // every association of its occurrences, registry order
  std::map<std::chrono::year_month, std::vector<Date>> days;
  std::size_t count = 0;
};
std::vector<AnnualRow> annual_rows(const CentrePlan& plan);

// Where each association stands with the plan as it is now.
struct TenantApproval {
  std::string tenant;
  TenantPlan current;
  std::string status;                    // approved | changed_since_approval | not_approved
  const PlanApproval* latest = nullptr;  // points into the approvals state given
};
std::vector<TenantApproval> tenant_approvals(const CentrePlan& plan,
                                             const PlanApprovalState& approvals);
// approved (every association concerned approved the plan as it is) | partially_approved |
// not_approved (none did; also a plan without entries).
std::string approval_status(const std::vector<TenantApproval>& approvals);

}  // namespace opsdesk::scheduling
