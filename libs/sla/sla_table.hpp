#pragma once
// The SLA table (別表1) for one tenant (or the whole centre) over one period: for each
// definition row the target, the measured value, the compliance (met / total), the number of
// incidents behind it and the evidence (incident and event ids). Pure aggregation of the
// incidents' clocks; rows whose source domain does not exist yet say no_data and why.
//
// Which period a figure belongs to (Asia/Tokyo): a first-notice clock to the period its clock
// started in; a cadence cycle to its business day; a response action to when it started.
//
// The first-notice row is judged on its mean (別表1: 一報通知までの平均時間), beside the share of
// clocks met. The centre's table (kCentreWide) covers the tenants in the centre only (bouei is
// outside it) and averages one value per incident occurrence: the longest of its tenants'
// clocks. A tenant's table averages its own clocks; bouei's is marked for reference.

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/sla/incident_clocks.hpp"
#include "libs/sla/sla_definitions.hpp"

namespace opsdesk::sla {

struct TablePeriod {
  std::string label;    // "2026-11", or "2026-04-01..2027-03-31" for a term
  core::Instant from;   // Tokyo midnight of the first day
  core::Instant until;  // Tokyo midnight after the last day (exclusive)

  bool contains(core::Instant at) const { return at >= from && at < until; }
};

TablePeriod month_period(std::chrono::year_month month);
// Both days included.
TablePeriod term_period(std::chrono::year_month_day first, std::chrono::year_month_day last);

// An event behind a figure: its id, the time it states and what it was.
struct EvidenceEvent {
  std::string id;
  core::Instant at;
  std::string kind;  // detected, tenant_added, reopened, first_notice, progress_report, …
};

// One incident (and tenant, where the figure is per tenant) behind a row's figures; for the
// 受付時間 row, one inquiry; for the 運用時間 row, one result of scheduled work (an occurrence);
// for the 運用状況の経過報告 row, one association's business day and its daily report.
struct EvidenceItem {
  std::string incident_id{};
  std::string inquiry_id{};
  std::string occurrence_id{};
  std::string daily_report_id{};
  std::string tenant;                 // empty for per-incident figures
  std::string what;                   // e.g. "first report after 1h15m business time, met"
  std::string what_ja;                // the same in Japanese, Tokyo times, for the reports
  std::string rule;                   // the rule applied (rule::k… in incident_clocks.hpp)
  bool counts_against = false;        // a miss: a late or missing notice, a day without a report
  bool permitted = false;             // out-of-hours work: listed, never a miss
  std::vector<EvidenceEvent> events;  // the events the figure comes from

  std::vector<std::string> event_ids() const {
    std::vector<std::string> ids;
    for (const auto& e : events)
      if (!e.id.empty()) ids.push_back(e.id);
    return ids;
  }
};

// The mean is over clocks (a tenant's table) or incident occurrences (the centre's): stopped
// ones, and running ones already past the goal with their business time so far.
struct FirstNoticeFigures {
  std::string averaged_per;  // "clock" or "incident"
  int clocks = 0;            // clocks started in the period
  int completed = 0;         // stopped by a first report
  int closed_without_notice = 0;
  int running = 0;
  int unmeasurable = 0;  // outside the calendar's range: in no figure, listed as evidence
  int averaged = 0;      // values in the mean
  int running_in_mean = 0;
  std::optional<microseconds> mean_business, p90_business, max_business;
  std::optional<microseconds> mean_wall;
  std::optional<bool> mean_met;  // the verdict on the mean; empty when nothing was averaged
};

struct CadenceFigures {
  int cycles = 0;        // owed business days judged in the period
  int breached = 0;      // missed: no report that day
  int out_of_hours = 0;  // met by a report outside the schedule's hours
  int ongoing = 0;
  int reports_on_cycle_days = 0;
  std::optional<double> reports_per_business_day;
  std::optional<ReportGap> longest_gap;
  std::string longest_gap_incident;
  std::string longest_gap_tenant;
};

struct ResponseHoursFigures {
  int actions = 0;
  int inside = 0;
  int outside = 0;                     // permitted out-of-hours work (emergency response)
  std::optional<double> share_inside;  // 0..1
};

// 受付時間: inquiries received inside the schedule's hours. One received outside (an emergency
// call at night) is listed, never hidden, and never a miss: the desk took it.
struct ReceptionFigures {
  int received = 0;
  int inside = 0;
  int outside = 0;
  std::optional<double> share_inside;  // 0..1; empty without receptions
  std::string schedule;
};

// An inquiry's reception, as the 受付時間 row counts it.
struct Reception {
  std::string inquiry_id;
  core::Instant received_at;
  bool inside_hours = false;  // set by classify_receptions
};

// 運用時間: results of scheduled work done inside the schedule's hours; out-of-hours work is
// permitted (a system backup or inspection, or inside an approved window) or a miss.
struct OperatingHoursFigures {
  int work = 0;
  int inside = 0;
  int permitted_outside = 0;
  int missed_outside = 0;
  std::optional<double> share_inside;  // 0..1; empty without work
  std::string schedule;
};

using Figures = std::variant<std::monostate, FirstNoticeFigures, CadenceFigures,
                             ResponseHoursFigures, ReceptionFigures, OperatingHoursFigures>;

struct TableRow {
  SlaDefinition definition;
  bool has_data = true;
  std::string no_data_reason;  // set when has_data is false
  int items = 0;  // incidents behind the row (inquiries, daily reports, results of work)
  // The ids behind the row (none with TableDetail::figures):
  std::vector<std::string> incident_ids;  // sorted
  std::vector<std::string> inquiry_ids;   // the 受付時間 row's inquiries, in reception order
  // The operations rows' records: the daily reports behind 運用状況の経過報告's met days, the
  // occurrences behind 運用時間's work; sorted.
  std::vector<std::string> record_ids;
  int met = 0;  // compliance: met / total
  int total = 0;
  std::optional<double> achievement_percent;  // 100 * met / total; empty when total is 0
  // 達成: whether the row's target holds. First notice: the mean within the goal. Cadence:
  // every owed day met. Hours: every item inside the window or permitted out-of-hours work.
  // Empty when there is nothing to judge.
  std::optional<bool> achieved;
  Figures figures;
  std::vector<EvidenceItem> evidence;
};

struct SlaTable {
  std::string tenant;  // a tenant code, or "*" for the whole centre
  // A tenant outside the centre's SLA (bouei, 仕様書 4.(4)): its figures are for reference.
  bool reference_only = false;
  TablePeriod period;
  core::Instant computed_at;  // the clocks' "now": live, or the end of the as-of day
  std::vector<TableRow> rows;
  // Every incident behind any row, sorted (none with TableDetail::figures).
  std::vector<std::string> incident_ids;
};

inline constexpr std::string_view kCentreWide = "*";

// What an evidence event's kind (detected, first_notice, opening, report, …) is called on the
// Japanese report: "検知", "第一報", "始業", "報告"; an unknown kind as it is.
std::string event_kind_ja(const std::string& kind);

// `tenant` is a code, or kCentreWide for every tenant's figures together.
SlaTable build_table(const std::vector<IncidentClocks>& incidents, const std::string& tenant,
                     const TablePeriod& period, const SlaDefinitions& definitions,
                     core::Instant computed_at);
// The same over clocks kept elsewhere (a cache's), without copying them, listing only what its
// reader will show of what lies behind the figures: the evidence items are most of a table's
// cost, and a term's incident lists most of the rest.
using ClocksList = std::vector<const IncidentClocks*>;
enum class TableDetail {
  figures,   // the figures and their counts (items), without id lists or evidence
  ids,       // and the ids behind each row and the table (csv)
  evidence,  // and every evidence item (JSON with evidence, xlsx)
};
struct OperationsRows;  // libs/sla/operations_rows.hpp
// The rows' sources besides the incidents. One left out (nullptr: a reader that does not read
// that domain) makes its rows say no_data.
struct OtherSources {
  // The tenant's inquiries received in the period (classify_receptions): the 受付時間 row.
  const std::vector<Reception>* receptions = nullptr;
  // The scheduling service's rows, 運用時間 and (運用状況の) 経過報告間隔 (operations_rows).
  const OperationsRows* operations = nullptr;
};
SlaTable build_table_of(const ClocksList& incidents, const std::string& tenant,
                        const TablePeriod& period, const SlaDefinitions& definitions,
                        core::Instant computed_at, TableDetail detail,
                        const OtherSources& sources = {});

// Marks each reception inside or outside the hours of the 受付時間 row's schedule (all outside
// when the definitions have no such row; a time beyond the calendar's years counts outside).
void classify_receptions(std::vector<Reception>& receptions, const SlaDefinitions& definitions,
                         const calendar::BusinessCalendar& calendar);

// Whether an incident's figures in `period`, computed at `now`, can change with the time alone
// (no new event): a first-notice clock still running that the period counts, a day in it still
// open, a silence since a report in it still growing, or owed days still to come in it. A table
// none of whose incidents moves is the same table at any later instant until an event changes
// one of them.
bool moves_with_time(const IncidentClocks& incident, const TablePeriod& period, core::Instant now);

}  // namespace opsdesk::sla
