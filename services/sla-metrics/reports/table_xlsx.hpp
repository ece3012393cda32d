#pragma once
// The SLA tables (別表1) as an Excel workbook for the monthly report: one sheet per table laid
// out like the contract's 別表1, and an "incidents" sheet with the evidence behind every
// figure. A pure function of its inputs (the generation time is a parameter); the only side
// effect is a temporary file, removed before returning.

#include <expected>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "libs/sla/sla_table.hpp"

namespace opsdesk::sla_metrics {

// The .xlsx bytes, or what went wrong (no temporary directory, libxlsxwriter's error).
std::expected<std::string, std::string> table_xlsx(const std::vector<sla::SlaTable>& tables,
                                                   core::Instant generated_at);

}  // namespace opsdesk::sla_metrics
