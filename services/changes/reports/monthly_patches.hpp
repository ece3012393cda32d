#pragma once
// The month's security patches per association (仕様書 4.(2)⑤, for the monthly report): on the
// association's equipment, the targets applied in the month, the failed attempts in the month,
// and the targets still pending at the month's end (or now, for the current month). Pure.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "services/changes/domain/patch.hpp"

namespace opsdesk::changes {

struct PatchReportLine {
  std::string patch_id;
  std::string vendor_id;
  std::string title;
  std::string product;
  std::string severity;
  std::string urgency;  // empty while undecided
  std::string ci_id;
  std::string code;
  std::string state;                // the target's state at the period's end
  std::optional<core::Instant> at;  // applied / failed: when; pending: none
  std::string note;
};

struct AssociationPatches {
  std::string tenant;
  std::vector<PatchReportLine> applied;  // in the month, oldest first
  std::vector<PatchReportLine> failed;   // attempts that failed in the month, oldest first
  std::vector<PatchReportLine> pending;  // not applied nor not applicable at the period's end
};

struct MonthlyPatches {
  std::chrono::year_month month;
  core::Instant period_end;                      // the month's end, or now for the current month
  std::vector<AssociationPatches> associations;  // in the order of `tenants`
};

// `tenants`: the associations to report on (each gets its part, empty or not).
MonthlyPatches monthly_patches(const std::vector<PatchState>& patches,
                               std::chrono::year_month month,
                               const std::vector<std::string>& tenants, core::Instant now);

}  // namespace opsdesk::changes
