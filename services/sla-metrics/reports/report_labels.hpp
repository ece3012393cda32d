#pragma once
// Labels the SLA reports share, so the CSV and the workbook name a table's scope and its times
// the same way. Formatting only: never looks anything up beyond the static tenant registry.

#include <string>

#include "libs/core/instant.hpp"

namespace opsdesk::sla_metrics {

// "総務省共済組合 (soumu)" for a known tenant, the bare code for an unknown one, "センタ全体"
// for the whole centre (sla::kCentreWide).
std::string scope_label_ja(const std::string& tenant);

// "2026-12-10 09:05" in Tokyo time: what people in the centre read on a report.
std::string tokyo_minute_text(core::Instant at);

}  // namespace opsdesk::sla_metrics
