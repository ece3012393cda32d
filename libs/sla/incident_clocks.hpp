#pragma once
// The SLA clocks of one incident, computed from its record, the business calendar and the
// definitions at a given instant `now` (the live answer, or the end of an as-of day). Pure: the
// same inputs always give the same clocks, so tables are reproducible and replays identical.
//
// Per affected tenant:
//  - first notice: starts at the fault's occurred_at (at the adding, for a tenant added later),
//    stops at that tenant's first notice; met when its business time is within the goal.
//  - progress cadence: from the first notice (and again from each reopening) until the recovery
//    report (or the close), every business day after the day the period began needs the goal's
//    number of reports (1 by default) to the tenant before the day's closing time; each such day
//    is a cycle, in the shape Jira Service Management gives an SLA's cycles. A day the period
//    ended on before its closing, without the reports, owes nothing.
// Per incident:
//  - response hours: every response activity and every maintainer action, inside or outside the
//    response-hours schedule; out-of-hours work is listed, never hidden.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/sla/incident_record.hpp"
#include "libs/sla/sla_definitions.hpp"

namespace opsdesk::sla {

using std::chrono::microseconds;

struct FirstNoticeClock {
  std::string tenant;
  core::Instant started_at;                 // occurred_at, or when the tenant was added
  core::Instant counting_from;              // the first working instant at or after started_at
  std::optional<core::Instant> stopped_at;  // the first notice; empty while running
  core::Instant breach_time;                // when business time reaches the goal
  microseconds goal{};
  microseconds business_elapsed{};  // up to the notice, or up to now while running
  microseconds wall_elapsed{};
  microseconds remaining{};  // goal - business_elapsed, never below zero
  bool running = true;
  bool paused = false;    // running and now outside the schedule's hours
  bool breached = false;  // over the goal (a running clock past its breach time included)
  int percent_of_goal = 0;
  std::string start_event_id;
  std::string stop_event_id;  // empty while running
};

// One business day of the progress cadence.
struct CadenceCycle {
  std::chrono::year_month_day day;    // Tokyo date
  core::Instant start;                // the day's opening on the schedule
  core::Instant breach_time;          // the day's closing
  std::optional<core::Instant> stop;  // the day's first report; the closing for a missed day
  bool breached = false;              // no report before the closing
  microseconds elapsed{};             // business time from the opening to stop (or now)
  microseconds remaining{};           // business time left before the closing
  bool paused = false;                // ongoing and now outside the schedule's hours
  std::string report_event_id;        // the report that met (or late-met) the day, if any
};

// A stretch in which the tenant is owed daily reports.
struct CadencePeriod {
  core::Instant from;                  // the first notice, or a reopening
  std::optional<core::Instant> until;  // the recovery report or the close; empty while open
  std::string from_event_id;
  std::string until_event_id;
};

struct ReportGap {
  microseconds business{};
  core::Instant from;
  core::Instant to;  // now, when `ongoing`
  std::string from_event_id;
  std::string to_event_id;  // empty when ongoing
  bool ongoing = false;
};

struct CadenceReport {
  core::Instant sent_at;
  std::string event_id;
};

struct ProgressCadence {
  std::string tenant;
  bool started = false;  // false until the tenant's first notice
  std::vector<CadencePeriod> periods;
  std::vector<CadenceCycle> completed_cycles;
  std::optional<CadenceCycle> ongoing_cycle;
  std::vector<CadenceReport> reports;  // progress and recovery reports within the periods
  std::vector<ReportGap> gaps;         // business time between consecutive reports, per period

  const ReportGap* longest_gap() const;
};

struct ClassifiedAction {
  ResponseAction action;
  bool inside = false;      // wholly within the schedule's working hours
  microseconds wall{};      // ended_at - started_at (zero for instant actions)
  microseconds business{};  // the part of it inside working hours
};

struct ResponseHours {
  std::string schedule;
  std::vector<ClassifiedAction> actions;
  int inside = 0;
  int outside = 0;
};

struct IncidentClocks {
  std::string incident_id;
  std::vector<std::string> tenants;  // affected, in the record's order
  core::Instant computed_at;
  std::vector<FirstNoticeClock> first_notice;  // one per affected tenant (if the row exists)
  std::vector<ProgressCadence> progress_cadence;
  std::optional<ResponseHours> response_hours;
};

IncidentClocks compute_clocks(const IncidentRecord& record,
                              const calendar::BusinessCalendar& calendar,
                              const SlaDefinitions& definitions, core::Instant now);

// Business time on the schedule between two instants; zero when `to` is not after `from` or
// either lies outside the calendar's range.
microseconds business_time(const calendar::BusinessCalendar& calendar, core::Instant from,
                           core::Instant to, const calendar::Schedule& schedule);

// Hours, minutes and seconds, largest first, zero parts left out: "1h15m", "31h", "1h0m30s",
// "45s", "0s"; fractions of a second are dropped; a negative duration gets a leading "-".
std::string duration_text(microseconds duration);

}  // namespace opsdesk::sla
