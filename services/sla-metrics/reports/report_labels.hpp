#pragma once
// Labels the SLA reports share, so the CSV and the workbook name a table's scope the same way
// (their times: core::format_tokyo_minute). Formatting only: never looks anything up beyond the
// static tenant registry.

#include <string>

namespace opsdesk::sla_metrics {

// "総務省共済組合 (soumu)" for a known tenant, the bare code for an unknown one, "センタ全体"
// for the whole centre (sla::kCentreWide).
std::string scope_label_ja(const std::string& tenant);

}  // namespace opsdesk::sla_metrics
