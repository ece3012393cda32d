#pragma once
// The two rows of the centre's routine operations (別表1), from what the scheduling service
// records, the way the fault rows come from the incidents:
//
// - (運用状況の) 経過報告間隔 (ops_report_cadence): every business day owes each association one
//   daily operations report. A day is met by a report to the association sent that Tokyo day
//   (any hour: one sent after 18:00 is listed as out of hours but counts); a day without one is
//   missed once it has ended; today is judged when it ends.
// - 運用時間 (operating_hours): the share of scheduled operations work (an occurrence's result
//   for an association, at the time the work was done) done within the row's schedule. Work
//   outside it is listed; work the contract permits out of hours (仕様書 4.(2)④: system backups
//   and periodic inspections after 18:00 or on holidays) or done inside a maintenance window
//   that association approved is `permitted`, never a miss; other out-of-hours work is a miss.
//
// Both measure an association from its go-live month and leave out bouei, whose operations are
// its own (仕様書 4.(4)): the centre's table never counts it, and bouei's own table says no_data.
// Each row says no_data until the scheduling service has recorded anything of its kind (a
// daily report; a result of work), rather than a month of misses nobody could have recorded.

#include <optional>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/sla/sla_table.hpp"

namespace opsdesk::sla {

// A daily operations report as one association received it.
struct DailyReportRecord {
  std::string tenant;
  std::string report_id;
  std::string event_id;
  core::Instant sent_at;
};

// A result of scheduled work (OccurrenceCompleted) for the associations it names.
struct WorkRecord {
  std::string occurrence_id;
  std::string event_id;
  std::string kind;  // the task's kind: system_backup, inspection, backup_check, …
  std::string title;
  std::string result;  // ok | failed | manual_done
  std::vector<std::string> tenants;
  core::Instant done_at;
};

// A maintenance window one association approved: work for it inside the window may be done
// out of hours.
struct ApprovedWindow {
  std::string window_id;
  std::string tenant;
  core::Instant start;
  core::Instant end;
};

// What the scheduling service recorded, for one table (a tenant's, or the centre's: every
// association's records), as seen at the table's cut-off.
struct OperationsRecords {
  bool reports_recorded = false;           // a daily report exists at all (any tenant, any time)
  bool work_recorded = false;              // a result of work exists at all
  std::vector<DailyReportRecord> reports;  // sent in the period
  std::vector<WorkRecord> work;            // done in the period
  std::vector<ApprovedWindow> windows;     // approved windows of the tenants concerned
};

// The two rows for `scope` (a tenant code or kCentreWide) over `period`, judged at `now`, with
// what `detail` names behind their figures (record ids, evidence items).
struct OperationsRows {
  TableRow report_cadence;
  TableRow operating_hours;
};
OperationsRows operations_rows(const OperationsRecords& records, const std::string& scope,
                               const TablePeriod& period, core::Instant now,
                               const SlaDefinitions& definitions,
                               const calendar::BusinessCalendar& calendar, TableDetail detail);

// The task kinds the contract lets the centre do outside the service hours (仕様書 4.(2)④:
// システムバックアップ、システム定期点検は平日の18:00以降又は休日の対応もあり得る).
bool permitted_out_of_hours(const std::string& kind);

// The tenants these rows measure in `scope`: the centre's associations (not bouei) for the
// centre, the one association otherwise; empty for bouei.
std::vector<std::string> operations_tenants(const std::string& scope);

}  // namespace opsdesk::sla
