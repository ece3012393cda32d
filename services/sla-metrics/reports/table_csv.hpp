#pragma once
// The SLA tables (別表1) as one CSV file that Excel opens as it is: RFC 4180 with CRLF line
// ends, UTF-8 with a byte order mark (without it Excel reads the Japanese as Shift_JIS). One
// line per table row; a row without data leaves its counts empty rather than writing a zero.

#include <string>
#include <vector>

#include "libs/sla/sla_table.hpp"

namespace opsdesk::sla_metrics {

// Header: 対象,期間,項目,内容,評価及び測定方法,設定指標値（目標値）,実績値,達成率,遵守,件数,
// 根拠インシデント; then every row of every table, in order.
std::string table_csv(const std::vector<sla::SlaTable>& tables);

}  // namespace opsdesk::sla_metrics
