// Business-time arithmetic (libs/calendar) on spans up to a month: add and diff, each against
// references measured in the same run on the same inputs: plain std::chrono arithmetic (the
// floor: what the operation would cost if business time were wall-clock time) and a naive
// minute-by-minute walk (what the obvious implementation costs). Prints ops/s, the ratios and
// whether the target (>= 1,000,000 ops/s each) is met; never fails on a number.
//
// Usage: calendar_bench [Google Benchmark flags, e.g. --benchmark_min_time=2]

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/tokyo_time.hpp"

namespace {

using namespace std::chrono;
using opsdesk::calendar::BusinessCalendar;
using opsdesk::core::Instant;

constexpr double kTargetOpsPerSecond = 1'000'000;
constexpr std::size_t kInputs = 4096;  // cycled through, so no branch predictor learns one case

const BusinessCalendar& calendar() {
  static const BusinessCalendar c = BusinessCalendar::standard();
  return c;
}

const opsdesk::calendar::Schedule& business() { return *calendar().find_schedule("business"); }

struct Span {
  Instant from;
  Instant to;             // from + up to 31 days of wall-clock time, to the microsecond
  microseconds business;  // up to a month of business time (22 days x 9 h), to the microsecond
};

// Starts anywhere in 2025-2027 (weekends, Golden Week, year ends included); fixed seed.
const std::vector<Span>& spans() {
  static const std::vector<Span> s = [] {
    std::mt19937_64 random(4);
    const Instant first = opsdesk::core::from_tokyo(2025y / 1 / 1, 0us);
    const auto pick = [&](microseconds max) {
      return microseconds{std::uniform_int_distribution<std::int64_t>(0, max.count())(random)};
    };
    std::vector<Span> out;
    for (std::size_t i = 0; i < kInputs; ++i) {
      const Instant from = first + pick(days{3 * 365});
      out.push_back({from, from + pick(days{31}), pick(hours{22 * 9})});
    }
    return out;
  }();
  return s;
}

// Spans for the naive walk: minute-aligned, so that the walk's answer is exact and comparable.
const std::vector<Span>& minute_spans() {
  static const std::vector<Span> s = [] {
    std::vector<Span> out = spans();
    for (auto& span : out) {
      span.from = floor<minutes>(span.from);
      span.to = floor<minutes>(span.to);
      span.business = floor<minutes>(span.business);
    }
    return out;
  }();
  return s;
}

// The business rule, one minute at a time, as an implementation without a precomputed table
// would apply it.
bool minute_counts(Instant minute_start) {
  const auto tokyo = opsdesk::core::to_tokyo(minute_start);
  const auto m = tokyo.date.month();
  const auto d = tokyo.date.day();
  const bool year_end = (m == December && d >= 29d) || (m == January && d <= 3d);
  const bool weekend = tokyo.weekday == Saturday || tokyo.weekday == Sunday;
  return !weekend && !year_end && tokyo.time_of_day >= 9h && tokyo.time_of_day < 18h &&
         calendar().holidays().find(tokyo.date) == nullptr;
}

void finish(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_CalendarAdd(benchmark::State& state) {
  const auto& in = spans();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& span = in[i++ % kInputs];
    benchmark::DoNotOptimize(calendar().add_business_time(span.from, span.business, business()));
  }
  finish(state);
}

void BM_CalendarDiff(benchmark::State& state) {
  const auto& in = spans();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& span = in[i++ % kInputs];
    benchmark::DoNotOptimize(calendar().business_duration(span.from, span.to, business()));
  }
  finish(state);
}

void BM_ReferenceChronoAdd(benchmark::State& state) {
  const auto& in = spans();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& span = in[i++ % kInputs];
    benchmark::DoNotOptimize(span.from + span.business);
  }
  finish(state);
}

void BM_ReferenceChronoDiff(benchmark::State& state) {
  const auto& in = spans();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& span = in[i++ % kInputs];
    benchmark::DoNotOptimize(span.to - span.from);
  }
  finish(state);
}

void BM_ReferenceMinuteWalkAdd(benchmark::State& state) {
  const auto& in = minute_spans();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& span = in[i++ % kInputs];
    Instant t = span.from;
    for (minutes left = duration_cast<minutes>(span.business); left > 0min; t += 1min) {
      if (minute_counts(t)) left -= 1min;
    }
    benchmark::DoNotOptimize(t);
  }
  finish(state);
}

void BM_ReferenceMinuteWalkDiff(benchmark::State& state) {
  const auto& in = minute_spans();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& span = in[i++ % kInputs];
    minutes total{0};
    for (Instant t = span.from; t < span.to; t += 1min) total += minute_counts(t) ? 1min : 0min;
    benchmark::DoNotOptimize(total);
  }
  finish(state);
}

BENCHMARK(BM_CalendarAdd);
BENCHMARK(BM_CalendarDiff);
BENCHMARK(BM_ReferenceChronoAdd);
BENCHMARK(BM_ReferenceChronoDiff);
BENCHMARK(BM_ReferenceMinuteWalkAdd);
BENCHMARK(BM_ReferenceMinuteWalkDiff);

// Google Benchmark's usual table, and the items/s of each benchmark kept for the summary.
class RecordingReporter : public benchmark::ConsoleReporter {
 public:
  // No colours: the output is kept in files (bench/results/).
  RecordingReporter() : ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      const auto found = run.counters.find("items_per_second");
      if (found != run.counters.end()) ops_per_second[run.benchmark_name()] = found->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> ops_per_second;
};

void print_summary(const std::map<std::string, double>& ops) {
  const auto get = [&](const std::string& name) {
    const auto found = ops.find(name);
    return found == ops.end() ? 0.0 : found->second;
  };
  std::printf(
      "\n== business-time arithmetic, spans up to a month, schedule business, one thread\n");
  std::printf("%-6s %14s %18s %10s %20s %10s %12s\n", "op", "ops/s", "std::chrono ops/s", "ratio",
              "minute-walk ops/s", "ratio", ">= 1M ops/s");
  const auto figure = [](double value, const char* format) {
    char buf[32];
    if (value <= 0) return std::string("n/a");  // not run (e.g. --benchmark_filter)
    std::snprintf(buf, sizeof buf, format, value);
    return std::string(buf);
  };
  for (const auto& [op, name] : {std::pair{"add", "Add"}, std::pair{"diff", "Diff"}}) {
    const double mine = get(std::string("BM_Calendar") + name);
    const double chrono = get(std::string("BM_ReferenceChrono") + name);
    const double walk = get(std::string("BM_ReferenceMinuteWalk") + name);
    std::printf("%-6s %14s %18s %10s %20s %10s %12s\n", op, figure(mine, "%.0f").c_str(),
                figure(chrono, "%.0f").c_str(),
                figure(chrono > 0 ? mine / chrono : 0, "%.3fx").c_str(),
                figure(walk, "%.0f").c_str(), figure(walk > 0 ? mine / walk : 0, "%.0fx").c_str(),
                mine <= 0                     ? "n/a"
                : mine >= kTargetOpsPerSecond ? "met"
                                              : "NOT met");
  }
  std::printf(
      "(ratio = calendar ops/s / reference ops/s, measured in this run on the same inputs)\n");
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  RecordingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  print_summary(reporter.ops_per_second);
  return 0;
}
