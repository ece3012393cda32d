#pragma once
// The 実績値 (measured value), 達成 and 達成率 cells of the SLA table in Japanese, for the people
// who read the report: every figure exact and traceable to the row's numbers, never rounded up into
// compliance, and a row without data says so (and why) instead of showing a zero.

#include <chrono>
#include <string>

#include "libs/sla/sla_table.hpp"

namespace opsdesk::sla_metrics {

// e.g. "平均 1時間23分（2件、p90 1時間31分、最大 1時間31分）／遵守 1/2件"; "対象なし" when nothing
// in the period counts; "データなし：…" with the reason when the row has no source yet.
std::string measured_text_ja(const sla::TableRow& row);

// "50.0%", or "—" when nothing was judged (an empty period is not 0 %).
std::string achievement_text(const sla::TableRow& row);

// 達成: "○" when the row's target holds (first notice: the mean within the goal), "×" when it
// does not, "—" when there is nothing to judge.
std::string achieved_text(const sla::TableRow& row);

}  // namespace opsdesk::sla_metrics
