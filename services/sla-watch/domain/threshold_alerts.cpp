#include "services/sla-watch/domain/threshold_alerts.hpp"

#include <algorithm>

#include "libs/calendar/date_text.hpp"

namespace opsdesk::sla_watch {

namespace {

using std::chrono::microseconds;

// A threshold of one running stretch of a clock: it counts from `start` towards `goal`, and
// `stopped_at` (if any) is when it stopped.
struct Stretch {
  std::string key_prefix;
  sla::TargetKind clock;
  const sla::SlaDefinition* definition;
  std::string incident_id;
  std::string tenant;
  core::Instant start;
  std::chrono::microseconds goal;
  std::optional<core::Instant> stopped_at;
  std::optional<std::chrono::year_month_day> cycle_day;
  int recurrence = 0;
};

std::vector<Stretch> stretches_of(const sla::IncidentClocks& clocks,
                                  const sla::SlaDefinitions& definitions,
                                  const calendar::BusinessCalendar& calendar) {
  std::vector<Stretch> stretches;
  if (const auto* row = definitions.find(sla::TargetKind::first_notice)) {
    for (const auto& clock : clocks.first_notice) {
      if (clock.state == sla::ClockState::unmeasurable) continue;
      // The fault's first occurrence keeps the key it always had; a recurrence adds its number.
      const std::string occurrence =
          clock.recurrence > 0 ? "reopen-" + std::to_string(clock.recurrence) + "/" : "";
      stretches.push_back(
          {"first_notice/" + clocks.incident_id + "/" + clock.tenant + "/" + occurrence,
           sla::TargetKind::first_notice, row, clocks.incident_id, clock.tenant, clock.started_at,
           clock.goal, clock.stopped_at, std::nullopt, clock.recurrence});
    }
  }
  if (const auto* row = definitions.find(sla::TargetKind::progress_cadence)) {
    const auto* schedule = calendar.find_schedule(row->schedule);
    for (const auto& cadence : clocks.progress_cadence) {
      auto add = [&](const sla::CadenceCycle& cycle) {
        std::optional<core::Instant> reported;
        if (!cycle.report_event_id.empty()) reported = cycle.stop;
        stretches.push_back(
            {"progress_cadence/" + clocks.incident_id + "/" + cadence.tenant + "/" +
                 calendar::format_iso_date(cycle.day) + "/",
             sla::TargetKind::progress_cadence, row, clocks.incident_id, cadence.tenant,
             cycle.start, sla::business_time(calendar, cycle.start, cycle.breach_time, *schedule),
             reported, cycle.day, 0});
      };
      for (const auto& cycle : cadence.completed_cycles) add(cycle);
      if (cadence.ongoing_cycle) add(*cadence.ongoing_cycle);
    }
  }
  return stretches;
}

core::Instant due_at(const Stretch& stretch, int percent,
                     const calendar::BusinessCalendar& calendar) {
  const auto* schedule = calendar.find_schedule(stretch.definition->schedule);
  const std::chrono::microseconds part{stretch.goal.count() * percent / 100};
  return calendar.add_business_time(stretch.start, part, *schedule).value_or(stretch.start + part);
}

}  // namespace

std::vector<ThresholdAlert> reached_thresholds(const sla::IncidentClocks& clocks,
                                               const sla::SlaDefinitions& definitions,
                                               const calendar::BusinessCalendar& calendar,
                                               core::Instant now) {
  std::vector<ThresholdAlert> alerts;
  for (const auto& stretch : stretches_of(clocks, definitions, calendar)) {
    if (stretch.goal <= std::chrono::microseconds{0}) continue;
    for (int percent : stretch.definition->thresholds) {
      const auto due = due_at(stretch, percent, calendar);
      // Reached only while the clock still ran: a notice or report before it stops it.
      if (due > now || (stretch.stopped_at && *stretch.stopped_at <= due)) continue;
      alerts.push_back({stretch.key_prefix + std::to_string(percent), stretch.clock,
                        stretch.definition->id, stretch.incident_id, stretch.tenant, percent, due,
                        stretch.cycle_day, stretch.recurrence, stretch.goal,
                        stretch.definition->schedule});
    }
  }
  std::stable_sort(alerts.begin(), alerts.end(),
                   [](const auto& a, const auto& b) { return a.due_at < b.due_at; });
  return alerts;
}

std::optional<core::Instant> next_threshold_due(const sla::IncidentClocks& clocks,
                                                const sla::SlaDefinitions& definitions,
                                                const calendar::BusinessCalendar& calendar,
                                                core::Instant now) {
  std::optional<core::Instant> next;
  for (const auto& stretch : stretches_of(clocks, definitions, calendar)) {
    if (stretch.goal <= std::chrono::microseconds{0}) continue;
    for (int percent : stretch.definition->thresholds) {
      const auto due = due_at(stretch, percent, calendar);
      if (due <= now || (stretch.stopped_at && *stretch.stopped_at <= due)) continue;
      if (!next || due < *next) next = due;
    }
  }
  return next;
}

}  // namespace opsdesk::sla_watch
