#include "libs/sla/incident_clocks.hpp"

#include <algorithm>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::sla {

namespace {

using calendar::BusinessCalendar;
using calendar::Schedule;
using std::chrono::year_month_day;

const Schedule& schedule_of(const BusinessCalendar& calendar, const SlaDefinition& definition) {
  // Definitions are validated against this calendar's schedules when loaded.
  return *calendar.find_schedule(definition.schedule);
}

bool within_hours(const BusinessCalendar& calendar, core::Instant at, const Schedule& schedule) {
  return calendar.is_within_business_hours(at, schedule).value_or(false);
}

int percent_of(microseconds part, microseconds whole) {
  if (whole <= microseconds{0}) return 0;
  return static_cast<int>(part.count() * 100 / whole.count());
}

// --- occurrences ---

// The fault as detected (0) and each reopening (n): a recurrence, with clocks of its own. A
// report belongs to the occurrence whose time window holds it (a report entered late still
// counts for its own time); a restoration or a close to the occurrence it was recorded in (the
// incidents service allows them only in that order).
struct Occurrence {
  int index = 0;
  std::optional<core::Instant> from;  // the reopening; empty for the detection
  std::optional<core::Instant> next;  // the next reopening, if any
  std::string from_event_id;
  const Notice* restoration = nullptr;
  const Notice* close = nullptr;

  bool holds(core::Instant at) const { return (!from || at >= *from) && (!next || at < *next); }
};

std::vector<Occurrence> occurrences_of(const IncidentRecord& record) {
  std::vector<Occurrence> occurrences(record.reopenings.size() + 1);
  for (std::size_t i = 0; i < occurrences.size(); ++i) {
    auto& o = occurrences[i];
    o.index = static_cast<int>(i);
    if (i > 0) {
      o.from = record.reopenings[i - 1].sent_at;
      o.from_event_id = record.reopenings[i - 1].evidence.event_id;
    }
    if (i < record.reopenings.size()) o.next = record.reopenings[i].sent_at;
  }
  auto first_of = [&](const std::vector<Notice>& moments, const Notice* Occurrence::*slot) {
    for (const auto& moment : moments) {
      const auto i = static_cast<std::size_t>(
          std::clamp<int>(moment.occurrence, 0, static_cast<int>(occurrences.size()) - 1));
      auto& target = occurrences[i].*slot;
      if (target == nullptr) target = &moment;
    }
  };
  first_of(record.restorations, &Occurrence::restoration);
  first_of(record.closes, &Occurrence::close);
  return occurrences;
}

// The first report to the tenant about an occurrence: the earliest sent in its window. For the
// tenant's first occurrence any earlier report counts too (a notice may predate the adding).
const Notice* first_report(const TenantFacts& tenant, const Occurrence& occurrence) {
  const Notice* first = nullptr;
  for (const auto& report : tenant.reports) {
    const bool own_first = occurrence.index == tenant.since_occurrence;
    const bool in_window = own_first ? (!occurrence.next || report.sent_at < *occurrence.next)
                                     : occurrence.holds(report.sent_at);
    if (in_window && (first == nullptr || report.sent_at < first->sent_at)) first = &report;
  }
  return first;
}

// The report that told the tenant of an occurrence in time to count: its first report, unless
// the incident was closed before it (then the tenant was never told while the fault was open).
const Notice* told_by(const TenantFacts& tenant, const Occurrence& occurrence) {
  const Notice* report = first_report(tenant, occurrence);
  if (report == nullptr) return nullptr;
  if (occurrence.close != nullptr && occurrence.close->sent_at < report->sent_at) return nullptr;
  return report;
}

struct ClockStart {
  core::Instant at;
  std::string event_id;
  std::string kind;  // detected | tenant_added | reopened
};

// Where a tenant's clock for an occurrence starts: the fault's occurred_at for the detection's
// tenants, the adding for a tenant added later, the reopening for a recurrence.
ClockStart clock_start(const IncidentRecord& record, const TenantFacts& tenant,
                       const Occurrence& occurrence) {
  if (occurrence.index != tenant.since_occurrence)
    return {*occurrence.from, occurrence.from_event_id, "reopened"};
  const bool detected = tenant.affected_by.event_id == record.detected_by.event_id;
  return {tenant.affected_since, tenant.affected_by.event_id,
          detected ? "detected" : "tenant_added"};
}

// A tenant that came in by "all_centre" is measured only from its go-live month (別紙2): an
// occurrence that began before it creates no clock. A tenant named explicitly always is.
std::optional<NotMeasured> before_go_live(const TenantFacts& tenant, core::Instant start) {
  if (tenant.named) return std::nullopt;
  const auto* known = tenants::find_tenant(tenant.tenant);
  if (known == nullptr) return std::nullopt;
  const year_month_day first_day{known->go_live / std::chrono::day{1}};
  if (start >= core::from_tokyo(first_day, {})) return std::nullopt;
  return NotMeasured{tenant.tenant, std::string(rule::kBeforeGoLive),
                     "included by all_centre, and the fault at " +
                         core::format_tokyo_rfc3339(start) + " came before its go-live month " +
                         calendar::format_iso_date(first_day).substr(0, 7)};
}

// --- first notice ---

FirstNoticeClock first_notice_clock(const IncidentRecord& record, const TenantFacts& tenant,
                                    const Occurrence& occurrence, const BusinessCalendar& calendar,
                                    const SlaDefinition& definition, core::Instant now) {
  const auto& schedule = schedule_of(calendar, definition);
  FirstNoticeClock clock;
  clock.tenant = tenant.tenant;
  clock.recurrence = occurrence.index;
  clock.reference_only = reference_only(tenant.tenant);
  clock.goal = definition.goal_duration;
  const auto start = clock_start(record, tenant, occurrence);
  clock.started_at = start.at;
  clock.start_event_id = start.event_id;
  clock.start_kind = start.kind;

  // The first report stops the clock; without one, the close does (the tenant was never told).
  if (const Notice* report = told_by(tenant, occurrence)) {
    clock.stopped_at = report->sent_at;
    clock.stop_kind = report->kind;
    clock.stop_event_id = report->evidence.event_id;
    clock.rule = rule::kFirstReport;
  } else if (const Notice* close = occurrence.close) {
    clock.stopped_at = close->sent_at;
    clock.stop_kind = "closed";
    clock.stop_event_id = close->evidence.event_id;
    clock.rule = rule::kClosedWithoutNotice;
  } else {
    clock.rule = rule::kRunning;
  }
  clock.running = !clock.stopped_at;
  // A report can predate a late-added tenant's adding: then no time elapsed for it.
  const core::Instant until =
      clock.stopped_at ? std::max(*clock.stopped_at, clock.started_at) : now;

  const auto counting_from = calendar.clock_start(clock.started_at, schedule);
  const auto breach_time = calendar.add_business_time(clock.started_at, clock.goal, schedule);
  const auto elapsed = clock.started_at < until
                           ? calendar.business_duration(clock.started_at, until, schedule)
                           : std::expected<microseconds, calendar::errc>(microseconds{0});
  if (!BusinessCalendar::covers(clock.started_at) || !BusinessCalendar::covers(until) ||
      !counting_from || !breach_time || !elapsed) {
    // Never a silent "met": the figure cannot be computed, and the answer says why.
    clock.state = ClockState::unmeasurable;
    clock.rule = rule::kOutsideCalendar;
    clock.error = "the clock from " + core::format_tokyo_rfc3339(clock.started_at) + " to " +
                  core::format_tokyo_rfc3339(until) + " " +
                  std::string(calendar::describe(calendar::errc::out_of_range));
    clock.counting_from = clock.started_at;
    clock.breach_time = clock.started_at + clock.goal;
    clock.wall_elapsed = std::max(until - clock.started_at, microseconds{0});
    return clock;
  }
  clock.counting_from = *counting_from;
  clock.breach_time = *breach_time;
  clock.business_elapsed = *elapsed;
  clock.wall_elapsed = std::max(until - clock.started_at, microseconds{0});
  clock.remaining = std::max(clock.goal - clock.business_elapsed, microseconds{0});
  clock.breached = clock.business_elapsed > clock.goal;
  clock.paused = clock.running && !within_hours(calendar, now, schedule);
  clock.percent_of_goal = percent_of(clock.business_elapsed, clock.goal);
  if (clock.running) {
    clock.state = ClockState::running;
  } else if (clock.rule == rule::kClosedWithoutNotice) {
    clock.state = ClockState::missed;
    clock.reason = "no_notice";
  } else {
    clock.state = clock.breached ? ClockState::missed : ClockState::met;
    if (clock.breached) clock.reason = "late";
  }
  return clock;
}

// --- progress cadence ---

using Report = CadenceReport;

year_month_day tokyo_date(core::Instant at) { return core::to_tokyo(at).date; }

year_month_day next_day(year_month_day day) {
  return year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}};
}

bool works_on(const BusinessCalendar& calendar, year_month_day day, const Schedule& schedule) {
  return schedule.every_day || calendar.is_business_day(day).value_or(false);
}

// Reports (of every kind) to the tenant, in time order.
std::vector<Report> reports_to(const TenantFacts& tenant) {
  std::vector<Report> reports;
  for (const auto& n : tenant.reports) reports.push_back({n.sent_at, n.evidence.event_id, n.kind});
  std::stable_sort(reports.begin(), reports.end(),
                   [](const auto& a, const auto& b) { return a.sent_at < b.sent_at; });
  return reports;
}

// The period of an occurrence in which the tenant is owed daily reports: from its first report
// about it until the service was restored (or, failing a restoration, the incident closed).
std::optional<CadencePeriod> cadence_period(const TenantFacts& tenant,
                                            const Occurrence& occurrence) {
  const Notice* told = told_by(tenant, occurrence);
  if (told == nullptr) return std::nullopt;  // never told: no progress is owed either
  CadencePeriod period;
  period.recurrence = occurrence.index;
  period.from = told->sent_at;
  period.from_event_id = told->evidence.event_id;
  if (const Notice* end = occurrence.restoration ? occurrence.restoration : occurrence.close) {
    period.until = end->sent_at;
    period.until_event_id = end->evidence.event_id;
    period.until_rule = occurrence.restoration ? rule::kRestoredBeforeOpening : rule::kClosed;
  } else if (occurrence.next) {
    // A reopening without a close is impossible, but the events are data: never overlap.
    period.until = *occurrence.next;
  }
  return period;
}

void add_cycles(const CadencePeriod& period, const std::vector<Report>& reports,
                const BusinessCalendar& calendar, const Schedule& schedule, int required,
                core::Instant now, ProgressCadence& cadence) {
  const auto last_day = tokyo_date(period.until ? std::max(*period.until, period.from) : now);
  // The day of the first report is covered by that report.
  for (auto day = next_day(tokyo_date(period.from)); day <= last_day; day = next_day(day)) {
    if (!works_on(calendar, day, schedule)) continue;
    const auto opening = core::from_tokyo(day, schedule.opens);
    // Restored at or before the day's opening: nothing more is owed (障害復旧が完了するまで).
    if (period.until && *period.until <= opening) break;
    CadenceCycle cycle;
    cycle.day = day;
    cycle.start = opening;
    cycle.breach_time = core::from_tokyo(day, schedule.closes);
    cycle.day_end = core::from_tokyo(next_day(day), {});
    std::vector<const Report*> that_day;
    for (const auto& r : reports)
      if (tokyo_date(r.sent_at) == day) that_day.push_back(&r);
    cycle.reports = static_cast<int>(that_day.size());

    if (that_day.size() >= static_cast<std::size_t>(required)) {
      // Met by the day's required-th report, whenever on the day it was sent.
      const Report& met_by = *that_day[required - 1];
      cycle.state = CycleState::met;
      cycle.stop = met_by.sent_at;
      cycle.report_event_id = met_by.event_id;
      cycle.out_of_hours = !within_hours(calendar, met_by.sent_at, schedule);
      cycle.rule = cycle.out_of_hours ? rule::kReportOutOfHours : rule::kReportOnDay;
      cycle.elapsed = business_time(calendar, cycle.start, met_by.sent_at, schedule);
      cycle.remaining = business_time(calendar, met_by.sent_at, cycle.breach_time, schedule);
      cadence.completed_cycles.push_back(std::move(cycle));
    } else if (now < cycle.day_end) {
      // The day is not over: a report still meets it (after 18:00, out of hours).
      cycle.state = CycleState::ongoing;
      cycle.elapsed = business_time(calendar, cycle.start, now, schedule);
      cycle.remaining =
          business_time(calendar, std::max(now, cycle.start), cycle.breach_time, schedule);
      cycle.paused = !within_hours(calendar, now, schedule);
      cadence.ongoing_cycle = std::move(cycle);
    } else {
      cycle.state = CycleState::missed;
      cycle.rule = rule::kNoReportOnDay;
      cycle.stop = cycle.day_end;
      cycle.elapsed = business_time(calendar, cycle.start, cycle.breach_time, schedule);
      cadence.completed_cycles.push_back(std::move(cycle));
    }
  }
}

void measure_gaps(const CadencePeriod& period, const std::vector<Report>& reports,
                  const BusinessCalendar& calendar, const Schedule& schedule, core::Instant now,
                  ProgressCadence& cadence) {
  Report previous{period.from, period.from_event_id, ""};
  const core::Instant end = period.until.value_or(now);
  for (const auto& report : reports) {
    if (report.sent_at < period.from || report.sent_at > end) continue;
    cadence.reports.push_back(report);
    if (report.event_id == period.from_event_id) continue;  // the period's own start
    cadence.gaps.push_back({business_time(calendar, previous.sent_at, report.sent_at, schedule),
                            previous.sent_at, report.sent_at, previous.event_id, report.event_id,
                            false});
    previous = report;
  }
  if (!period.until) {
    cadence.gaps.push_back({business_time(calendar, previous.sent_at, now, schedule),
                            previous.sent_at, now, previous.event_id, "", true});
  } else if (previous.sent_at < *period.until) {
    // The silence up to the restoration counts too.
    cadence.gaps.push_back({business_time(calendar, previous.sent_at, *period.until, schedule),
                            previous.sent_at, *period.until, previous.event_id,
                            period.until_event_id, false});
  }
}

// --- response hours ---

ResponseHours response_hours(const IncidentRecord& record, const BusinessCalendar& calendar,
                             const SlaDefinition& definition) {
  const auto& schedule = schedule_of(calendar, definition);
  ResponseHours hours;
  hours.schedule = schedule.name;
  for (const auto& action : record.actions) {
    ClassifiedAction classified{action, false, {}, {}};
    const auto end = std::max(action.ended_at, action.started_at);
    classified.wall = end - action.started_at;
    classified.business = business_time(calendar, action.started_at, end, schedule);
    classified.inside = classified.wall == microseconds{0}
                            ? within_hours(calendar, action.started_at, schedule)
                            : classified.business == classified.wall &&
                                  within_hours(calendar, action.started_at, schedule);
    ++(classified.inside ? hours.inside : hours.outside);
    hours.actions.push_back(std::move(classified));
  }
  return hours;
}

}  // namespace

std::string_view to_string(ClockState state) {
  switch (state) {
    case ClockState::running:
      return "running";
    case ClockState::met:
      return "met";
    case ClockState::missed:
      return "missed";
    case ClockState::unmeasurable:
      return "unmeasurable";
  }
  return "unknown";
}

std::string_view to_string(CycleState state) {
  switch (state) {
    case CycleState::ongoing:
      return "ongoing";
    case CycleState::met:
      return "met";
    case CycleState::missed:
      return "missed";
  }
  return "unknown";
}

bool reference_only(const std::string& tenant) {
  // Asked for every clock of every table: the few codes outside the centre, looked up once.
  static const std::vector<std::string> kOutside = [] {
    std::vector<std::string> codes;
    for (const auto& known : tenants::all_tenants())
      if (!known.in_centre) codes.emplace_back(known.code);
    return codes;
  }();
  return std::find(kOutside.begin(), kOutside.end(), tenant) != kOutside.end();
}

const ReportGap* ProgressCadence::longest_gap() const {
  const ReportGap* longest = nullptr;
  for (const auto& gap : gaps)
    if (longest == nullptr || gap.business > longest->business) longest = &gap;
  return longest;
}

bool settled(const IncidentClocks& clocks) {
  for (const auto& clock : clocks.first_notice)
    if (clock.running) return false;
  for (const auto& cadence : clocks.progress_cadence) {
    if (cadence.ongoing_cycle) return false;
    for (const auto& period : cadence.periods)
      if (!period.until) return false;
  }
  return true;
}

microseconds business_time(const BusinessCalendar& calendar, core::Instant from, core::Instant to,
                           const Schedule& schedule) {
  if (to <= from) return microseconds{0};
  return calendar.business_duration(from, to, schedule).value_or(microseconds{0});
}

IncidentClocks compute_clocks(const IncidentRecord& record, const BusinessCalendar& calendar,
                              const SlaDefinitions& definitions, core::Instant now) {
  IncidentClocks clocks;
  clocks.incident_id = record.id;
  clocks.computed_at = now;
  const auto* first_notice_row = definitions.find(TargetKind::first_notice);
  const auto* cadence_row = definitions.find(TargetKind::progress_cadence);
  const auto occurrences = occurrences_of(record);
  for (const auto& tenant : record.tenants) {
    ProgressCadence cadence;
    cadence.tenant = tenant.tenant;
    cadence.reference_only = reference_only(tenant.tenant);
    bool measured = false;
    for (const auto& occurrence : occurrences) {
      if (occurrence.index < tenant.since_occurrence) continue;
      const auto start = clock_start(record, tenant, occurrence);
      if (auto excluded = before_go_live(tenant, start.at)) {
        clocks.not_measured.push_back(std::move(*excluded));
        continue;
      }
      measured = true;
      if (first_notice_row != nullptr)
        clocks.first_notice.push_back(
            first_notice_clock(record, tenant, occurrence, calendar, *first_notice_row, now));
      if (auto period = cadence_period(tenant, occurrence))
        cadence.periods.push_back(std::move(*period));
    }
    if (!measured) continue;
    clocks.measured_tenants.push_back(tenant.tenant);
    if (cadence_row != nullptr) {
      const auto& schedule = schedule_of(calendar, *cadence_row);
      const auto reports = reports_to(tenant);
      cadence.started = !cadence.periods.empty();
      for (const auto& period : cadence.periods) {
        add_cycles(period, reports, calendar, schedule, cadence_row->reports_per_business_day, now,
                   cadence);
        measure_gaps(period, reports, calendar, schedule, now, cadence);
      }
      clocks.progress_cadence.push_back(std::move(cadence));
    }
  }
  if (const auto* row = definitions.find(TargetKind::response_hours))
    clocks.response_hours = response_hours(record, calendar, *row);
  return clocks;
}

}  // namespace opsdesk::sla
