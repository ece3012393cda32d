// Earned value of the changes service (issue 19 §4, docs/performance.md "Earned value"): 1,000
// changes of 50 work packages each, spread over a fiscal year, each with progress records and
// hours worked, measured per change (PV, EV, AC, SPI, CPI, EAC by three methods, TCPI, earned
// schedule and a forecast finish on the business calendar) and for the whole year at once.
// Reference measured in the same run: planned value by walking every day of every package and
// asking the calendar whether it is a business day (the plainest correct PV, which is also all
// the daily S-curve needs per package). Prints the figures, the ratio and whether the target
// (the year's EVM <= 1 s) holds. Never fails on a figure.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "services/changes/evm/earned_value.hpp"

namespace {

using namespace opsdesk::changes;
using opsdesk::calendar::BusinessCalendar;
using Clock = std::chrono::steady_clock;
using std::chrono::days;
using std::chrono::sys_days;

constexpr int kChanges = 1000;
constexpr int kPackages = 50;
constexpr double kTargetMs = 1000.0;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::vector<std::vector<evm::Package>> changes() {
  std::mt19937 random(19);
  const sys_days year_start{std::chrono::year{2026} / std::chrono::April / 1};
  std::vector<std::vector<evm::Package>> out(kChanges);
  for (auto& packages : out) {
    sys_days start = year_start + days{static_cast<int>(random() % 200)};
    for (int p = 0; p < kPackages; ++p) {
      evm::Package package;
      package.id = "wp-" + std::to_string(p + 1);
      package.budget_hours = 4 + random() % 40;
      package.planned_start = evm::Date{start};
      package.planned_finish = evm::Date{start + days{static_cast<int>(random() % 21)}};
      // Progress twice and hours five times over its days.
      for (int k = 1; k <= 2; ++k)
        package.progress.push_back({evm::Date{start + days{k * 5}}, 40.0 * k});
      for (int k = 0; k < 5; ++k)
        package.actuals.push_back({evm::Date{start + days{k * 3}}, 1.0 + random() % 8});
      packages.push_back(std::move(package));
      start = sys_days{package.planned_finish} + days{static_cast<int>(random() % 3)};
      if (start > year_start + days{360})
        start = year_start + days{static_cast<int>(random() % 300)};
    }
  }
  return out;
}

// The reference: PV of a package by asking the calendar about every day.
double walked_planned_value(const evm::Package& p, evm::Date day,
                            const BusinessCalendar& calendar) {
  int total = 0;
  int elapsed = 0;
  for (auto d = sys_days{p.planned_start}; d <= sys_days{p.planned_finish}; d += days{1}) {
    if (!calendar.is_business_day(evm::Date{d}).value_or(false)) continue;
    ++total;
    if (d <= sys_days{day}) ++elapsed;
  }
  if (sys_days{day} < sys_days{p.planned_start}) return 0;
  if (total == 0) return p.budget_hours;
  return p.budget_hours * elapsed / total;
}

}  // namespace

int main() {
  const auto calendar = BusinessCalendar::standard();
  const auto all = changes();
  const evm::Date as_of{std::chrono::year{2026} / std::chrono::December / 15};
  std::printf("EVM of %d changes x %d work packages over fiscal 2026, as of 2026-12-15\n", kChanges,
              kPackages);

  // Per change, then the year's figures over every package at once (the cap's and the monthly
  // meeting's total).
  const auto start = Clock::now();
  double eac_sum = 0;
  std::vector<evm::Package> year;
  year.reserve(static_cast<std::size_t>(kChanges) * kPackages);
  for (const auto& packages : all) {
    const auto m = evm::measure(packages, as_of, calendar);
    eac_sum += m.eac.cpi.value.value_or(m.eac.atypical.value.value_or(0));
    year.insert(year.end(), packages.begin(), packages.end());
  }
  const auto total = evm::measure(year, as_of, calendar);
  const auto measured = ms(Clock::now() - start);

  const auto reference_start = Clock::now();
  double walked_pv = 0;
  for (const auto& packages : all)
    for (const auto& p : packages) walked_pv += walked_planned_value(p, as_of, calendar);
  const auto reference = ms(Clock::now() - reference_start);

  std::printf(
      "  measured: %.1f ms for every change and the year (year PV %.1f h, EV %.1f h, AC %.1f"
      " h, SPI %.3f, CPI %.3f, sum of EAC %.1f h)\n",
      measured, total.pv, total.ev, total.ac, total.spi.value.value_or(0),
      total.cpi.value.value_or(0), eac_sum);
  std::printf("  reference: %.1f ms for PV alone by walking every day (PV %.1f h, %s)\n", reference,
              walked_pv, std::abs(walked_pv - total.pv) < 1e-6 * total.pv ? "equal" : "DIFFERENT");
  std::printf("  ratio: the whole EVM takes %.2fx the reference's PV walk\n", measured / reference);
  std::printf("  target: the year's EVM <= %.0f ms: %s\n", kTargetMs,
              measured <= kTargetMs ? "met" : "NOT met");
  return 0;
}
