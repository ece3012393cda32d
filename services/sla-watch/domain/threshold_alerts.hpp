#pragma once
// Which warning thresholds of an incident's SLA clocks have been reached by `now` (pure). A
// threshold of p % is reached when the running clock's business time reaches p % of its goal:
//  - first notice: p % of the goal (1h30m) after the clock started (at detection, or at a
//    reopening), unless the association's first report about it, or the close, came first;
//  - progress cadence: p % of the business day's working time after its opening, unless a
//    report reached the association first (100 % is the day's closing).
// Each alert has a key naming the clock, incident, tenant, cycle and percent: the process
// manager records an alert once per key, so a restart neither loses nor repeats one.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/sla/incident_clocks.hpp"
#include "libs/sla/sla_definitions.hpp"

namespace opsdesk::sla_watch {

struct ThresholdAlert {
  std::string key;  // e.g. "first_notice/<incident>/soumu/75", ".../soumu/reopen-1/75"
  sla::TargetKind clock = sla::TargetKind::first_notice;
  std::string definition_id;
  std::string incident_id;
  std::string tenant;
  int percent = 0;
  core::Instant due_at;
  std::optional<std::chrono::year_month_day> cycle_day;  // progress cadence only
  int recurrence = 0;                                    // first notice: the occurrence
  std::chrono::microseconds goal{};                      // business time of the goal
  std::string schedule;
};

// Every threshold reached by `now`, in due order (earliest first).
std::vector<ThresholdAlert> reached_thresholds(const sla::IncidentClocks& clocks,
                                               const sla::SlaDefinitions& definitions,
                                               const calendar::BusinessCalendar& calendar,
                                               core::Instant now);

// The earliest instant after `now` at which one of these clocks, as they stand, reaches a
// threshold while still running; none when no clock has one to come. A clock that begins
// without an event (the next business day's cadence cycle of an open incident) is not among
// them yet: the caller looks at an open incident again by then anyway.
std::optional<core::Instant> next_threshold_due(const sla::IncidentClocks& clocks,
                                                const sla::SlaDefinitions& definitions,
                                                const calendar::BusinessCalendar& calendar,
                                                core::Instant now);

}  // namespace opsdesk::sla_watch
