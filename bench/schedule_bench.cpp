// The centre's schedule (issue 18 §6, docs/performance.md "Schedule"): 1,000 task definitions
// of the shapes the contract has (daily, weekly, monthly by day and by weekday, half-yearly,
// yearly; shifted off closed days) expanded by libical over the rolling horizon (today − 31 …
// + 400 days) on the business calendar, and a month of occurrences queried from the schedule
// read model, as GET /v1/schedule/occurrences does. References measured in the same run: for
// the expansion, the calendar listing the horizon's business days once per task (the least any
// expansion on the business calendar walks); for the query, a scan of one flat vector of the
// month's planned occurrences. Prints the figures, the ratios and whether the targets (expansion
// <= 1 s, query p99 <= 20 ms) hold. Never fails on a figure.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "services/scheduling/schedule_book.hpp"

namespace {

using namespace opsdesk::scheduling;
using opsdesk::calendar::BusinessCalendar;
using Clock = std::chrono::steady_clock;
using std::chrono::sys_days;

constexpr int kTasks = 1000;
constexpr int kQueries = 2000;
constexpr double kTargetExpansionMs = 1000.0;
constexpr double kTargetQueryP99Ms = 20.0;

const std::vector<std::string> kRules{"FREQ=DAILY",
                                      "FREQ=WEEKLY;BYDAY=FR",
                                      "FREQ=WEEKLY;BYDAY=MO,WE",
                                      "FREQ=MONTHLY;BYMONTHDAY=1",
                                      "FREQ=MONTHLY;BYMONTHDAY=23",
                                      "FREQ=MONTHLY;BYDAY=-1FR",
                                      "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=15",
                                      "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=10"};
const std::vector<std::string> kCalendarRules{"skip", "previous_business_day", "next_business_day"};
const std::vector<std::string> kScopes{"all_centre", "soumu", "houmu", "zaimu", "bouei", "keisan"};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::vector<TaskState> tasks(Date today) {
  std::mt19937 random(18);
  std::vector<TaskState> out;
  for (int i = 0; i < kTasks; ++i) {
    DefineTask c;
    char id[48];
    std::snprintf(id, sizeof id, "01a24290-0000-7000-8000-%012d", i);
    c.task_id = id;
    c.title = "定常作業 " + std::to_string(i);
    c.kind = "backup_check";
    c.tenants = {kScopes[random() % kScopes.size()]};
    // A quarter of them daily, as the centre's checks are; the rest spread over the others.
    c.rrule = i % 4 == 0 ? kRules[0] : kRules[1 + random() % (kRules.size() - 1)];
    c.dtstart = Date{sys_days{today} - std::chrono::days{400}};
    c.time_of_day = std::chrono::minutes{9 * 60 + static_cast<int>(random() % 480)};
    c.duration = std::chrono::minutes{30};
    c.calendar_rule = kCalendarRules[random() % kCalendarRules.size()];
    c.due_within = std::chrono::minutes{120};
    c.owner = "運用";
    c.by = "bench";
    c.at = opsdesk::core::from_tokyo(today, std::chrono::hours{8});
    TaskState state;
    auto events = decide(state, TaskCommand{c}, c.at);
    if (!events) {
      std::fprintf(stderr, "task %d refused: %s\n", i, events.error().message.c_str());
      std::exit(1);
    }
    for (const auto& e : *events) state = evolve(std::move(state), e);
    out.push_back(std::move(state));
  }
  return out;
}

}  // namespace

int main() {
  const auto calendar = BusinessCalendar::standard();
  const Date today =
      opsdesk::core::to_tokyo(
          std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()))
          .date;
  const auto all = tasks(today);

  // Expansion: every task over the horizon, as the read model does when the day changes.
  ScheduleBook book(calendar);
  book.move_horizon(Date{sys_days{today} - std::chrono::days{1}});
  for (const auto& t : all) book.upsert(t);
  const auto started = Clock::now();
  book.move_horizon(today);
  const double expansion = ms(Clock::now() - started);
  const auto figures = book.figures();

  const Date first{sys_days{today} - kHorizonPast};
  const Date last{sys_days{today} + kHorizonAhead};
  const auto reference_started = Clock::now();
  std::size_t days = 0;
  for (int i = 0; i < kTasks; ++i) days += calendar.business_days(first, last).value().size();
  const double reference = ms(Clock::now() - reference_started);

  std::printf(
      "schedule expansion: %d tasks over %s..%s -> %zu occurrences in %.1f ms "
      "(reference: the horizon's business days listed %d times, %zu days, %.1f ms; "
      "ratio %.2fx) target <= %.0f ms: %s\n",
      kTasks, opsdesk::calendar::format_iso_date(first).c_str(),
      opsdesk::calendar::format_iso_date(last).c_str(), figures.planned_in_horizon, expansion,
      kTasks, days, reference, expansion / reference, kTargetExpansionMs,
      expansion <= kTargetExpansionMs ? "met" : "NOT met");

  // A month's occurrences for one association (or the centre), as the API's query asks.
  std::vector<PlannedOccurrence> flat;
  for (const auto& o : book.occurrences(first, last, [](const PlannedOccurrence&) { return true; }))
    flat.push_back(o.plan);
  std::mt19937 random(7);
  std::vector<double> latencies;
  std::vector<double> reference_latencies;
  std::size_t returned = 0;
  for (int q = 0; q < kQueries; ++q) {
    const Date month_first{sys_days{today} + std::chrono::days{static_cast<int>(random() % 360)}};
    const Date month_last{sys_days{month_first} + std::chrono::days{30}};
    const std::string tenant = q % 2 == 0 ? "" : "soumu";
    auto keep = [&](const PlannedOccurrence& o) {
      return tenant.empty() || std::ranges::find(o.tenants, tenant) != o.tenants.end();
    };
    auto t0 = Clock::now();
    auto found = book.occurrences(month_first, month_last, keep);
    latencies.push_back(ms(Clock::now() - t0));
    returned += found.size();
    auto t1 = Clock::now();
    std::vector<PlannedOccurrence> scanned;
    for (const auto& o : flat) {
      if (sys_days{o.day} >= sys_days{month_first} && sys_days{o.day} <= sys_days{month_last} &&
          keep(o))
        scanned.push_back(o);
    }
    reference_latencies.push_back(ms(Clock::now() - t1));
  }
  auto percentile = [](std::vector<double> values, double p) {
    std::ranges::sort(values);
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
  };
  const double p50 = percentile(latencies, 0.50);
  const double p99 = percentile(latencies, 0.99);
  const double ref_p99 = percentile(reference_latencies, 0.99);
  std::printf(
      "schedule month query: %d queries (half for soumu), %.0f occurrences each on "
      "average: p50 %.2f ms, p99 %.2f ms (reference: a flat vector scanned, p99 %.2f "
      "ms; ratio %.2fx) target p99 <= %.0f ms: %s\n",
      kQueries, static_cast<double>(returned) / kQueries, p50, p99, ref_p99, p99 / ref_p99,
      kTargetQueryP99Ms, p99 <= kTargetQueryP99Ms ? "met" : "NOT met");
  return 0;
}
