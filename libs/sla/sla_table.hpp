#pragma once
// The SLA table (別表1) for one tenant (or the whole centre) over one period: for each
// definition row the target, the measured value, the compliance (met / total), the number of
// incidents behind it and the evidence (incident and event ids). Pure aggregation of the
// incidents' clocks; rows whose source domain does not exist yet say no_data and why.
//
// Which period a figure belongs to (Asia/Tokyo): a first-notice clock to the period its clock
// started in; a cadence cycle to its business day; a response action to when it started.

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

// One incident (and tenant, where the figure is per tenant) behind a row's figures.
struct EvidenceItem {
  std::string incident_id;
  std::string tenant;                  // empty for per-incident figures
  std::string what;                    // e.g. "first notice 1h15m, met"
  bool counts_against = false;         // a miss, a breach, out-of-hours work
  std::vector<std::string> event_ids;  // the events the figure comes from
};

struct FirstNoticeFigures {
  int clocks = 0;     // clocks started in the period
  int completed = 0;  // stopped by a first notice
  int running = 0;
  std::optional<microseconds> mean_business, p90_business, max_business;  // over completed
  std::optional<microseconds> mean_wall;
};

struct CadenceFigures {
  int cycles = 0;  // completed business-day cycles in the period
  int breached = 0;
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
  int outside = 0;
  std::optional<double> share_inside;  // 0..1
};

using Figures =
    std::variant<std::monostate, FirstNoticeFigures, CadenceFigures, ResponseHoursFigures>;

struct TableRow {
  SlaDefinition definition;
  bool has_data = true;
  std::string no_data_reason;             // set when has_data is false
  int items = 0;                          // incidents behind the row
  std::vector<std::string> incident_ids;  // sorted
  int met = 0;                            // compliance: met / total
  int total = 0;
  std::optional<double> achievement_percent;  // 100 * met / total; empty when total is 0
  Figures figures;
  std::vector<EvidenceItem> evidence;
};

struct SlaTable {
  std::string tenant;  // a tenant code, or "*" for the whole centre
  TablePeriod period;
  core::Instant computed_at;  // the clocks' "now": live, or the end of the as-of day
  std::vector<TableRow> rows;
  std::vector<std::string> incident_ids;  // every incident behind any row, sorted
};

inline constexpr std::string_view kCentreWide = "*";

// `tenant` is a code, or kCentreWide for every tenant's figures together.
SlaTable build_table(const std::vector<IncidentClocks>& incidents, const std::string& tenant,
                     const TablePeriod& period, const SlaDefinitions& definitions,
                     core::Instant computed_at);

}  // namespace opsdesk::sla
