#pragma once
// The SLA clocks of one incident, computed from its record, the business calendar and the
// definitions at a given instant `now` (the live answer, or the end of an as-of day). Pure: the
// same inputs always give the same clocks, so tables are reproducible and replays identical.
//
// The fault occurs once at detection and again at each reopening (a recurrence). Per affected
// tenant and occurrence:
//  - first notice: starts at the fault's occurred_at (at the adding, for a tenant added later;
//    at the reopening, for a recurrence) and stops at the first report the tenant receives about
//    that occurrence, whatever its kind (rule first_report), met when its business time is
//    within the goal; a clock still running when the incident is closed stops at the close,
//    missed (rule closed_without_notice);
//  - progress cadence: a business day after the day of that first report is owed the goal's
//    number of reports (1 by default) when the service was not yet restored at the day's
//    opening; any report to the tenant on the day meets it (one after the closing is marked out
//    of hours); each owed day is a cycle, in the shape Jira Service Management gives an SLA's.
// Per incident:
//  - response hours: every response activity and every maintainer action, inside or outside the
//    response-hours schedule; out-of-hours work is permitted emergency work (仕様書 4.(1)③エ),
//    listed, never hidden and never a miss.
// Scope: bouei's clocks are for reference (outside the centre's SLA); a tenant that came in by
// "all_centre" gets no clock for an occurrence that began before its go-live month.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/duration_text.hpp"
#include "libs/sla/incident_record.hpp"
#include "libs/sla/sla_definitions.hpp"

namespace opsdesk::sla {

using std::chrono::microseconds;

// The rules a figure was decided by, as the evidence names them: a reviewer at the association
// can follow each one by hand (docs/sla.md).
namespace rule {
// first notice
inline constexpr std::string_view kFirstReport = "first_report";
inline constexpr std::string_view kClosedWithoutNotice = "closed_without_notice";
inline constexpr std::string_view kRunning = "running";
inline constexpr std::string_view kOutsideCalendar = "outside_calendar";
inline constexpr std::string_view kBeforeGoLive = "before_go_live";
// progress cadence
inline constexpr std::string_view kNotRestoredAtOpening = "not_restored_at_opening";
inline constexpr std::string_view kRestoredBeforeOpening = "restored_before_opening";
inline constexpr std::string_view kClosed = "closed";
inline constexpr std::string_view kReportOnDay = "report_on_day";
inline constexpr std::string_view kReportOutOfHours = "report_out_of_hours";
inline constexpr std::string_view kNoReportOnDay = "no_report_on_day";
// response hours
inline constexpr std::string_view kInsideHours = "inside_hours";
inline constexpr std::string_view kPermittedOutOfHours = "permitted_out_of_hours";
// reception hours (an inquiry's reception)
inline constexpr std::string_view kReceivedOutOfHours = "received_out_of_hours";
// operating hours (scheduled work; the daily reports use the cadence's report rules)
inline constexpr std::string_view kPermittedKind = "permitted_kind";
inline constexpr std::string_view kApprovedWindow = "approved_window";
inline constexpr std::string_view kOutOfHoursWork = "out_of_hours_work";
}  // namespace rule

enum class ClockState { running, met, missed, unmeasurable };
std::string_view to_string(ClockState state);

struct FirstNoticeClock {
  std::string tenant;
  int recurrence = 0;           // 0: the fault as detected; n: its n-th reopening
  bool reference_only = false;  // outside the centre's SLA (bouei): shown, never in the centre's
  ClockState state = ClockState::running;
  std::string rule;             // one of rule::k… : first_report, closed_without_notice, …
  std::string reason;           // when missed: "late" or "no_notice"
  std::string error;            // when unmeasurable: why (an instant outside the calendar)
  core::Instant started_at;     // occurred_at, the adding, or the reopening
  std::string start_kind;       // detected | tenant_added | reopened
  core::Instant counting_from;  // the first working instant at or after started_at
  std::optional<core::Instant> stopped_at;  // the first report, or the close; empty while running
  std::string stop_kind;      // first_notice | progress_report | recovery_report | closed
  core::Instant breach_time;  // when business time reaches the goal
  microseconds goal{};
  microseconds business_elapsed{};  // up to the stop, or up to now while running
  microseconds wall_elapsed{};
  microseconds remaining{};  // goal - business_elapsed, never below zero
  bool running = true;
  bool paused = false;    // running and now outside the schedule's hours
  bool breached = false;  // over the goal (a running clock past its breach time included)
  int percent_of_goal = 0;
  std::string start_event_id;
  std::string stop_event_id;  // empty while running
};

// A tenant of the incident that has no clocks, and why (rule::kBeforeGoLive).
struct NotMeasured {
  std::string tenant;
  std::string rule;
  std::string detail;
};

enum class CycleState { ongoing, met, missed };
std::string_view to_string(CycleState state);

// One owed business day of the progress cadence.
struct CadenceCycle {
  std::chrono::year_month_day day;  // Tokyo date
  CycleState state = CycleState::ongoing;
  std::string rule;                   // report_on_day | report_out_of_hours | no_report_on_day
  core::Instant start;                // the day's opening on the schedule
  core::Instant breach_time;          // the day's closing: a report after it is out of hours
  core::Instant day_end;              // midnight after the day: until then a report still meets it
  std::optional<core::Instant> stop;  // the report that met the day; the day's end when missed
  bool out_of_hours = false;          // met by a report outside the schedule's hours
  microseconds elapsed{};             // business time from the opening to stop (or now)
  microseconds remaining{};           // business time left before the closing
  bool paused = false;                // ongoing and now outside the schedule's hours
  std::string report_event_id;        // the report that met the day, if any
  int reports = 0;                    // reports to the tenant on the day

  bool missed() const { return state == CycleState::missed; }  // the day ended without a report
};

// A stretch in which the tenant is owed daily reports: from the first report about an
// occurrence until the service was restored.
struct CadencePeriod {
  int recurrence = 0;
  core::Instant from;                  // the occurrence's first report to the tenant
  std::optional<core::Instant> until;  // the restoration (or the close); empty while down
  std::string from_event_id;
  std::string until_event_id;
  std::string until_rule;  // restored_before_opening | closed; empty while down
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
  std::string kind;  // progress_report | recovery_report | first_notice
};

struct ProgressCadence {
  std::string tenant;
  bool reference_only = false;
  bool started = false;  // false until the tenant's first report
  std::vector<CadencePeriod> periods;
  std::vector<CadenceCycle> completed_cycles;
  std::optional<CadenceCycle> ongoing_cycle;
  std::vector<CadenceReport> reports;  // reports within the periods
  std::vector<ReportGap> gaps;         // business time between consecutive reports, per period

  const ReportGap* longest_gap() const;
};

struct ClassifiedAction {
  ResponseAction action;
  bool inside = false;      // wholly within the schedule's working hours; else permitted
                            // out-of-hours work (emergency response)
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
  // The affected tenants with clocks (all but those only before their go-live), in the
  // record's order; the others are in not_measured.
  std::vector<std::string> measured_tenants;
  std::vector<NotMeasured> not_measured;
  core::Instant computed_at;
  // One per measured tenant and occurrence (if the row exists), in the record's tenant order.
  std::vector<FirstNoticeClock> first_notice;
  std::vector<ProgressCadence> progress_cadence;
  std::optional<ResponseHours> response_hours;
};

// Whether a tenant is outside the centre's SLA (bouei, 仕様書 4.(4)): its clocks and table are
// for reference, and the centre's table leaves it out. An unknown code counts as in the centre.
bool reference_only(const std::string& tenant);

IncidentClocks compute_clocks(const IncidentRecord& record,
                              const calendar::BusinessCalendar& calendar,
                              const SlaDefinitions& definitions, core::Instant now);

// Whether no later `now` can change these clocks: every first-notice clock stopped, every owed
// day decided and every stretch of owed reports ended (the service restored). Only the incident's
// next event can change settled clocks, so a table cache keeps them until then.
bool settled(const IncidentClocks& clocks);

// Business time on the schedule between two instants; zero when `to` is not after `from` or
// either lies outside the calendar's range.
microseconds business_time(const calendar::BusinessCalendar& calendar, core::Instant from,
                           core::Instant to, const calendar::Schedule& schedule);

// Durations as text (libs/core/duration_text.hpp), as the clocks and tables write them.
using core::duration_text;
using core::duration_text_ja;

}  // namespace opsdesk::sla
