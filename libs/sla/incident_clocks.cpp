#include "libs/sla/incident_clocks.hpp"

#include <algorithm>

#include "libs/core/tokyo_time.hpp"

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

FirstNoticeClock first_notice_clock(const TenantFacts& tenant, const BusinessCalendar& calendar,
                                    const SlaDefinition& definition, core::Instant now) {
  const auto& schedule = schedule_of(calendar, definition);
  FirstNoticeClock clock;
  clock.tenant = tenant.tenant;
  clock.started_at = tenant.affected_since;
  clock.counting_from = calendar.clock_start(clock.started_at, schedule).value_or(clock.started_at);
  clock.goal = definition.goal_duration;
  clock.breach_time = calendar.add_business_time(clock.started_at, clock.goal, schedule)
                          .value_or(clock.started_at + clock.goal);
  clock.start_event_id = tenant.affected_by.event_id;

  core::Instant until = now;
  if (tenant.first_notice) {
    // A notice can predate a late-added tenant's adding: then no time elapsed for it.
    until = std::max(tenant.first_notice->sent_at, clock.started_at);
    clock.stopped_at = tenant.first_notice->sent_at;
    clock.stop_event_id = tenant.first_notice->evidence.event_id;
    clock.running = false;
  }
  clock.business_elapsed = business_time(calendar, clock.started_at, until, schedule);
  clock.wall_elapsed = std::max(until - clock.started_at, microseconds{0});
  clock.remaining = std::max(clock.goal - clock.business_elapsed, microseconds{0});
  clock.breached = clock.business_elapsed > clock.goal;
  clock.paused = clock.running && !within_hours(calendar, now, schedule);
  clock.percent_of_goal = percent_of(clock.business_elapsed, clock.goal);
  return clock;
}

// --- progress cadence ---

using Report = CadenceReport;

// The periods in which the tenant is owed daily reports: from its first notice, and from each
// later reopening, until the first recovery report to it or the first close after that start.
std::vector<CadencePeriod> cadence_periods(const IncidentRecord& record,
                                           const TenantFacts& tenant) {
  std::vector<CadencePeriod> periods;
  if (!tenant.first_notice) return periods;
  std::vector<CadencePeriod> starts{
      {tenant.first_notice->sent_at, std::nullopt, tenant.first_notice->evidence.event_id, ""}};
  for (const auto& reopening : record.reopenings) {
    if (reopening.sent_at >= tenant.first_notice->sent_at)
      starts.push_back({reopening.sent_at, std::nullopt, reopening.evidence.event_id, ""});
  }
  std::sort(starts.begin(), starts.end(),
            [](const auto& a, const auto& b) { return a.from < b.from; });

  std::vector<CadenceReport> ends;
  for (const auto& report : tenant.recovery_reports)
    ends.push_back({report.sent_at, report.evidence.event_id});
  for (const auto& action : record.actions)
    if (action.kind == "closed") ends.push_back({action.started_at, action.evidence.event_id});
  std::sort(ends.begin(), ends.end(),
            [](const auto& a, const auto& b) { return a.sent_at < b.sent_at; });

  for (std::size_t i = 0; i < starts.size(); ++i) {
    auto period = starts[i];
    for (const auto& end : ends) {
      const bool before_next = i + 1 == starts.size() || end.sent_at <= starts[i + 1].from;
      if (end.sent_at >= period.from && before_next) {
        period.until = end.sent_at;
        period.until_event_id = end.event_id;
        break;
      }
    }
    // A period that never ended before the next start ends there (a reopening without a close
    // is impossible, but the events are data: never let periods overlap).
    if (!period.until && i + 1 < starts.size()) {
      period.until = starts[i + 1].from;
      period.until_event_id = starts[i + 1].from_event_id;
    }
    periods.push_back(std::move(period));
  }
  return periods;
}

// Reports (progress and recovery) to the tenant, in time order.
std::vector<Report> reports_to(const TenantFacts& tenant) {
  std::vector<Report> reports;
  for (const auto& n : tenant.progress_reports) reports.push_back({n.sent_at, n.evidence.event_id});
  for (const auto& n : tenant.recovery_reports) reports.push_back({n.sent_at, n.evidence.event_id});
  std::stable_sort(reports.begin(), reports.end(),
                   [](const auto& a, const auto& b) { return a.sent_at < b.sent_at; });
  return reports;
}

year_month_day tokyo_date(core::Instant at) { return core::to_tokyo(at).date; }

year_month_day next_day(year_month_day day) {
  return year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}};
}

bool works_on(const BusinessCalendar& calendar, year_month_day day, const Schedule& schedule) {
  return schedule.every_day || calendar.is_business_day(day).value_or(false);
}

void add_cycles(const CadencePeriod& period, const std::vector<Report>& reports,
                const BusinessCalendar& calendar, const Schedule& schedule, int required,
                core::Instant now, ProgressCadence& cadence) {
  const core::Instant end = period.until.value_or(now);
  const auto last_day = tokyo_date(end);
  // The day the period began is met by the notice (or is the reopening's own day).
  for (auto day = next_day(tokyo_date(period.from)); day <= last_day; day = next_day(day)) {
    if (!works_on(calendar, day, schedule)) continue;
    CadenceCycle cycle;
    cycle.day = day;
    cycle.start = core::from_tokyo(day, schedule.opens);
    cycle.breach_time = core::from_tokyo(day, schedule.closes);
    std::vector<const Report*> that_day;
    for (const auto& r : reports)
      if (r.sent_at >= period.from && r.sent_at <= end && tokyo_date(r.sent_at) == day)
        that_day.push_back(&r);

    if (that_day.size() >= static_cast<std::size_t>(required)) {
      // Met by the day's required-th report; late when that came after the closing.
      const Report& met_by = *that_day[required - 1];
      cycle.stop = met_by.sent_at;
      cycle.report_event_id = met_by.event_id;
      cycle.breached = met_by.sent_at >= cycle.breach_time;
      cycle.elapsed = business_time(calendar, cycle.start, met_by.sent_at, schedule);
      cycle.remaining = business_time(calendar, met_by.sent_at, cycle.breach_time, schedule);
      cadence.completed_cycles.push_back(std::move(cycle));
    } else if (period.until && *period.until < cycle.breach_time) {
      // The period ended (a close without a report) before the day's closing: nothing was owed.
      continue;
    } else if (!period.until && now < cycle.breach_time) {
      // Today, not enough sent yet, and the day is not over: the cycle is still running.
      cycle.elapsed = business_time(calendar, cycle.start, now, schedule);
      cycle.remaining =
          business_time(calendar, std::max(now, cycle.start), cycle.breach_time, schedule);
      cycle.paused = !within_hours(calendar, now, schedule);
      cadence.ongoing_cycle = std::move(cycle);
    } else {
      cycle.stop = cycle.breach_time;
      cycle.breached = true;
      cycle.elapsed = business_time(calendar, cycle.start, cycle.breach_time, schedule);
      cadence.completed_cycles.push_back(std::move(cycle));
    }
  }
}

void measure_gaps(const CadencePeriod& period, const std::vector<Report>& reports,
                  const BusinessCalendar& calendar, const Schedule& schedule, core::Instant now,
                  ProgressCadence& cadence) {
  Report previous{period.from, period.from_event_id};
  const core::Instant end = period.until.value_or(now);
  for (const auto& report : reports) {
    if (report.sent_at < period.from || report.sent_at > end) continue;
    cadence.reports.push_back(report);
    cadence.gaps.push_back({business_time(calendar, previous.sent_at, report.sent_at, schedule),
                            previous.sent_at, report.sent_at, previous.event_id, report.event_id,
                            false});
    previous = report;
  }
  if (!period.until) {
    cadence.gaps.push_back({business_time(calendar, previous.sent_at, now, schedule),
                            previous.sent_at, now, previous.event_id, "", true});
  } else if (previous.sent_at < *period.until) {
    // Ended by a close without a final report: the silence up to the close still counts.
    cadence.gaps.push_back({business_time(calendar, previous.sent_at, *period.until, schedule),
                            previous.sent_at, *period.until, previous.event_id,
                            period.until_event_id, false});
  }
}

ProgressCadence progress_cadence(const IncidentRecord& record, const TenantFacts& tenant,
                                 const BusinessCalendar& calendar, const SlaDefinition& definition,
                                 core::Instant now) {
  const auto& schedule = schedule_of(calendar, definition);
  ProgressCadence cadence;
  cadence.tenant = tenant.tenant;
  cadence.periods = cadence_periods(record, tenant);
  cadence.started = !cadence.periods.empty();
  const auto reports = reports_to(tenant);
  for (const auto& period : cadence.periods) {
    add_cycles(period, reports, calendar, schedule, definition.reports_per_business_day, now,
               cadence);
    measure_gaps(period, reports, calendar, schedule, now, cadence);
  }
  return cadence;
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

const ReportGap* ProgressCadence::longest_gap() const {
  const ReportGap* longest = nullptr;
  for (const auto& gap : gaps)
    if (longest == nullptr || gap.business > longest->business) longest = &gap;
  return longest;
}

microseconds business_time(const BusinessCalendar& calendar, core::Instant from, core::Instant to,
                           const Schedule& schedule) {
  if (to <= from) return microseconds{0};
  return calendar.business_duration(from, to, schedule).value_or(microseconds{0});
}

std::string duration_text(microseconds duration) {
  if (duration < microseconds{0}) return "-" + duration_text(-duration);
  const auto total = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  const auto hours = total / 3600;
  const auto minutes = total / 60 % 60;
  const auto seconds = total % 60;
  std::string text;
  if (hours > 0) text += std::to_string(hours) + "h";
  if (minutes > 0 || (hours > 0 && seconds > 0)) text += std::to_string(minutes) + "m";
  if (seconds > 0 || text.empty()) text += std::to_string(seconds) + "s";
  return text;
}

IncidentClocks compute_clocks(const IncidentRecord& record, const BusinessCalendar& calendar,
                              const SlaDefinitions& definitions, core::Instant now) {
  IncidentClocks clocks;
  clocks.incident_id = record.id;
  clocks.computed_at = now;
  for (const auto& tenant : record.tenants) clocks.tenants.push_back(tenant.tenant);
  if (const auto* row = definitions.find(TargetKind::first_notice)) {
    for (const auto& tenant : record.tenants)
      clocks.first_notice.push_back(first_notice_clock(tenant, calendar, *row, now));
  }
  if (const auto* row = definitions.find(TargetKind::progress_cadence)) {
    for (const auto& tenant : record.tenants)
      clocks.progress_cadence.push_back(progress_cadence(record, tenant, calendar, *row, now));
  }
  if (const auto* row = definitions.find(TargetKind::response_hours))
    clocks.response_hours = response_hours(record, calendar, *row);
  return clocks;
}

}  // namespace opsdesk::sla
