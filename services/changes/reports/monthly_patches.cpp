#include "services/changes/reports/monthly_patches.hpp"

#include <algorithm>

#include "libs/core/tokyo_time.hpp"

namespace opsdesk::changes {

namespace {

// The Tokyo midnight that starts `day`.
core::Instant start_of(std::chrono::year_month_day day) {
  return core::from_tokyo(day, std::chrono::microseconds{0});
}

// The target's state just before `end`: its last step before then, pending before any.
std::string state_before(const TargetRollout& target, core::Instant end) {
  std::string state = "pending";
  for (const auto& step : target.steps)
    if (step.at < end) state = step.state;
  return state;
}

PatchReportLine line_of(const PatchState& p, const TargetRollout& t, std::string state,
                        std::optional<core::Instant> at, std::string note) {
  return {p.id,      p.vendor_id,    p.title,
          p.product, p.severity,     p.urgency ? p.urgency->urgency : "",
          t.ci_id,   t.code,         std::move(state),
          at,        std::move(note)};
}

bool by_time(const PatchReportLine& a, const PatchReportLine& b) {
  return a.at < b.at || (a.at == b.at && a.code < b.code);
}

}  // namespace

MonthlyPatches monthly_patches(const std::vector<PatchState>& patches,
                               std::chrono::year_month month,
                               const std::vector<std::string>& tenants, core::Instant now) {
  const auto first = start_of(month / std::chrono::day{1});
  const auto next = start_of((month + std::chrono::months{1}) / std::chrono::day{1});
  // What is recorded up to the month's end; for the current month, that is everything so far.
  MonthlyPatches report{month, std::min(next, now), {}};
  for (const auto& tenant : tenants) {
    AssociationPatches part{tenant, {}, {}, {}};
    for (const auto& patch : patches) {
      for (const auto& target : patch.targets) {
        if (std::ranges::find(target.tenants, tenant) == target.tenants.end()) continue;
        if (target.targeted_at >= next) continue;
        const auto state = state_before(target, next);
        for (const auto& step : target.steps) {
          if (step.at < first || step.at >= next) continue;
          if (step.state == "applied")
            part.applied.push_back(line_of(patch, target, state, step.at, step.note));
          if (step.state == "failed")
            part.failed.push_back(line_of(patch, target, state, step.at, step.note));
        }
        if (!is_settled_rollout_state(state))
          part.pending.push_back(line_of(patch, target, state, std::nullopt, ""));
      }
    }
    std::ranges::sort(part.applied, by_time);
    std::ranges::sort(part.failed, by_time);
    report.associations.push_back(std::move(part));
  }
  return report;
}

}  // namespace opsdesk::changes
