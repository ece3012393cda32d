#pragma once
// One incident's life in the sla-year profile of bench/fill_incidents, planned on the business
// calendar the SLA engine judges it by: detection, first notices (mostly within 1h30m of business
// time), response work (some out of hours), daily progress reports until the recovery reports,
// the close, now and then a tenant added later or a reopening. Pure: the same inputs give the
// same commands; the decider checks them when they are written.

#include <cstdint>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/instant.hpp"
#include "services/incidents/domain/commands.hpp"

namespace opsdesk::bench {

struct PlannedCommand {
  core::Instant at;  // when the command is entered: its latest time field
  incidents::IncidentCommand command;
};

// What makes the written lives realistic, in figures (fill_incidents prints them).
struct SlaYearStats {
  std::uint64_t incidents = 0;
  std::uint64_t detected_in_hours = 0;
  std::uint64_t all_centre = 0;
  std::uint64_t affected = 0;  // tenant-incident pairs at detection
  std::uint64_t soumu = 0;     // incidents affecting soumu (the benchmark's table)
  std::uint64_t first_notices = 0;
  std::uint64_t first_notices_within_goal = 0;  // within 1h30m of business time
  std::uint64_t progress_reports = 0;
  std::uint64_t progress_reports_after_closing = 0;  // sent after 18:00 Tokyo
  std::uint64_t actions = 0;                         // response activities and vendor contacts
  std::uint64_t actions_out_of_hours = 0;
  std::uint64_t reopened = 0;
  std::uint64_t tenants_added = 0;
  std::uint64_t long_running = 0;  // restoration planned 4 or more business days out
  std::uint64_t commands = 0;
};

// The commands of incident `index` (its RNG stream) detected at `detected`, in time order and
// cut at `now`: a prefix of the life, so every command still finds what it needs before it.
// Adds the life's figures to `stats` when given.
std::vector<PlannedCommand> plan_sla_year_life(const calendar::BusinessCalendar& calendar,
                                               std::uint64_t seed, std::uint64_t index,
                                               const std::string& id, core::Instant detected,
                                               core::Instant now, SlaYearStats* stats);

}  // namespace opsdesk::bench
