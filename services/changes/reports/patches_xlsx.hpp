#pragma once
// The month's security patches as a workbook for the monthly report (仕様書 4.(2)⑤): one sheet
// per association with its applied, failed and pending patches, Japanese headings.

#include <expected>
#include <string>

#include "services/changes/reports/monthly_patches.hpp"

namespace opsdesk::changes {

std::expected<std::string, std::string> patches_xlsx(const MonthlyPatches& report,
                                                     core::Instant now);

// 適用済 / 失敗 / 未適用 …: a rollout state as the report writes it.
std::string rollout_state_ja(const std::string& state);

}  // namespace opsdesk::changes
