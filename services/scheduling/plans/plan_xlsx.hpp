#pragma once
// The plans as workbooks for the associations' meetings: the annual centre schedule (年間運用
// 計画: a row per task, a month per column) and a month's detailed plan (月間運用計画: a row per
// occurrence), each with the maintenance windows of the period and where each association's
// approval stands. Japanese headings; Tokyo times.

#include <expected>
#include <string>
#include <vector>

#include "services/scheduling/plans/centre_plan.hpp"

namespace opsdesk::scheduling {

// `approvals` and the plan's entries are those the reader may see; `now` judges the statuses and
// goes into the document properties.
std::expected<std::string, std::string> plan_xlsx(const CentrePlan& plan,
                                                  const std::vector<TenantApproval>& approvals,
                                                  const calendar::BusinessCalendar& calendar,
                                                  core::Instant now);

}  // namespace opsdesk::scheduling
