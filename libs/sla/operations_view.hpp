#pragma once
// The scheduling service's events in the SLA view: what the 運用時間 and (運用状況の)
// 経過報告間隔 rows are computed from (operations_rows.hpp). Kept as they were recorded, indexed
// by when they happened, and nothing judged: the calendar and definitions of the moment judge
// them when a table is asked for.

#include <optional>
#include <string>

#include "libs/eventstore/event_store.hpp"
#include "libs/projection/projection.hpp"
#include "libs/sla/operations_rows.hpp"

namespace opsdesk::sla {

// View keys.
// + <sent_at micros>/<report id> -> "<recorded_at micros> <event id> <tenant>,<tenant>…"
inline constexpr std::string_view kOpsReportPrefix = "ops-report/";
// + <done at micros>/<occurrence id>/<stream version> -> the result, tab-separated:
// recorded_at micros, event id, kind, result, tenants (comma-separated), title.
inline constexpr std::string_view kOpsWorkPrefix = "ops-work/";
// + <window id> -> "<planned start micros> <planned end micros> <open|cancelled>"
inline constexpr std::string_view kOpsWindowPrefix = "ops-window/";
// + <window id>/<tenant> -> "<recorded_at micros>": the association's approval of the window.
inline constexpr std::string_view kOpsApprovalPrefix = "ops-approval/";
// "report" / "work" -> the recorded_at micros of the first of its kind: whether (and since when)
// the scheduling service records that work at all.
inline constexpr std::string_view kOpsFirstPrefix = "ops-first/";

// Applies an event of the scheduling domain; false for a stream of another domain.
bool apply_schedule_event(const eventstore::RecordedEvent& event, projection::ViewWriter& view);

// What the rows of one table read: the daily reports sent and the work done in `period` (every
// association's; the rows pick theirs), the approved windows, as recorded before
// `recorded_before` when given.
OperationsRecords operations_records(const projection::ViewReader& view, const TablePeriod& period,
                                     std::optional<core::Instant> recorded_before);

}  // namespace opsdesk::sla
