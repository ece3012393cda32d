// Earned value management as a specification: each case is worked out by hand in its comment,
// on the business calendar (weekends, holidays, 12/29–1/3 closed).

#include "services/changes/evm/earned_value.hpp"

#include <gtest/gtest.h>

#include "libs/calendar/date_text.hpp"

namespace opsdesk::changes::evm {
namespace {

Date d(const char* text) { return calendar::parse_iso_date(text).value(); }

const calendar::BusinessCalendar& cal() {
  static const auto calendar = calendar::BusinessCalendar::standard();
  return calendar;
}

Package package(const char* id, double hours, const char* start, const char* finish) {
  Package p;
  p.id = id;
  p.budget_hours = hours;
  p.planned_start = d(start);
  p.planned_finish = d(finish);
  return p;
}

double value(const Figure& f) {
  EXPECT_TRUE(f.value.has_value()) << f.undefined_reason;
  return f.value.value_or(-1);
}

// 40 h over Mon 2026-06-01 … Fri 06-05 (5 business days, 8 h each). By Wednesday 06-03: PV 24;
// 50 % done, EV 20; 10 h Monday and 12 h Tuesday, AC 22.
TEST(EarnedValue, AOneWeekPackageBehindScheduleAndOverCost) {
  auto p = package("wp-1", 40, "2026-06-01", "2026-06-05");
  p.progress = {{d("2026-06-03"), 50}};
  p.actuals = {{d("2026-06-01"), 10}, {d("2026-06-02"), 12}};
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-06-03"), cal());

  EXPECT_DOUBLE_EQ(m.pv, 24);
  EXPECT_DOUBLE_EQ(m.ev, 20);
  EXPECT_DOUBLE_EQ(m.ac, 22);
  EXPECT_DOUBLE_EQ(m.bac, 40);
  EXPECT_DOUBLE_EQ(m.sv, -4);
  EXPECT_DOUBLE_EQ(m.cv, -2);
  EXPECT_NEAR(value(m.spi), 20.0 / 24, 1e-12);
  EXPECT_NEAR(value(m.cpi), 20.0 / 22, 1e-12);
  EXPECT_NEAR(value(m.cr), (20.0 / 24) * (20.0 / 22), 1e-12);
  // EAC: 22 + (40 − 20) = 42; 40 / (20/22) = 44; 22 + 20 / 0.7576 = 48.4.
  EXPECT_NEAR(value(m.eac.atypical), 42, 1e-9);
  EXPECT_NEAR(value(m.eac.cpi), 44, 1e-9);
  EXPECT_NEAR(value(m.eac.cpi_spi), 48.4, 1e-9);
  EXPECT_NEAR(value(m.etc.atypical), 20, 1e-9);
  EXPECT_NEAR(value(m.etc.cpi), 22, 1e-9);
  EXPECT_NEAR(value(m.etc.cpi_spi), 26.4, 1e-9);
  EXPECT_NEAR(value(m.vac.atypical), -2, 1e-9);
  EXPECT_NEAR(value(m.vac.cpi), -4, 1e-9);
  EXPECT_NEAR(value(m.vac.cpi_spi), -8.4, 1e-9);
  // TCPI: 20 / (40 − 22) to finish within the budget; 20 / (44 − 22) to finish at the forecast.
  EXPECT_NEAR(value(m.tcpi_to_bac), 20.0 / 18, 1e-12);
  EXPECT_NEAR(value(m.tcpi_to_eac), 20.0 / 22, 1e-12);
  // Cumulative PV per day 8, 16, 24, 32, 40: EV 20 lies between Tuesday's 16 and Wednesday's 24,
  // ES = 2 + 4/8 = 2.5 business days; AT = 3; SPI(t) = 0.8333; the 5-day plan takes 5 / 0.8333
  // = 6 business days: it finishes Monday 06-08.
  EXPECT_NEAR(value(m.es), 2.5, 1e-12);
  EXPECT_EQ(m.actual_time, 3);
  EXPECT_EQ(m.planned_duration, 5);
  EXPECT_NEAR(value(m.spi_t), 2.5 / 3, 1e-12);
  ASSERT_TRUE(m.forecast_finish);
  EXPECT_EQ(*m.forecast_finish, d("2026-06-08"));
}

// 2026-04-27 (Mon) … 05-08 (Fri) across Golden Week: 4/29 昭和の日, 5/3–5/6 (5/6 振替休日) are
// closed, leaving 4/27, 4/28, 4/30, 5/1, 5/7, 5/8: six business days of 10 h for 60 h.
TEST(EarnedValue, PlannedValueSkipsGoldenWeek) {
  const auto p = package("wp-1", 60, "2026-04-27", "2026-05-08");
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-04-26"), cal()), 0);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-04-28"), cal()), 20);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-04-29"), cal()), 20);  // 昭和の日: nothing planned
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-05-01"), cal()), 40);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-05-06"), cal()), 40);  // the whole holiday run
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-05-07"), cal()), 50);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-05-08"), cal()), 60);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-06-30"), cal()), 60);
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-05-07"), cal());
  EXPECT_EQ(m.planned_duration, 6);
  EXPECT_EQ(m.actual_time, 5);
}

// 2026-12-25 (Fri) … 2027-01-06 (Wed) across the year end: 12/29–1/3 are closed, leaving
// 12/25, 12/28, 1/4, 1/5, 1/6: five business days of 5 h for 25 h. Half done on 12/28 is 12.5
// earned against 10 planned: ES = 2 + 2.5/5 = 2.5 of AT 2, ahead of schedule; the 5-day plan
// takes ⌈5 / 1.25⌉ = 4 business days and ends Monday 1/5.
TEST(EarnedValue, PlannedValueAndForecastSkipTheYearEnd) {
  auto p = package("wp-1", 25, "2026-12-25", "2027-01-06");
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-12-28"), cal()), 10);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-12-31"), cal()), 10);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2027-01-03"), cal()), 10);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2027-01-04"), cal()), 15);
  p.progress = {{d("2026-12-28"), 50}};
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-12-31"), cal());
  EXPECT_DOUBLE_EQ(m.pv, 10);
  EXPECT_DOUBLE_EQ(m.ev, 12.5);
  EXPECT_EQ(m.actual_time, 2);
  EXPECT_NEAR(value(m.es), 2.5, 1e-12);
  EXPECT_NEAR(value(m.spi_t), 1.25, 1e-12);
  ASSERT_TRUE(m.forecast_finish);
  EXPECT_EQ(*m.forecast_finish, d("2027-01-05"));
}

// 100 h over ten business days (Mon 2026-06-08 … Fri 06-19). By Thursday 06-11 (day 4) 40 h are
// planned; the work is half done (EV 50) but took 60 h: ahead of schedule (SPI 1.25) and over
// cost (CPI 0.8333).
TEST(EarnedValue, AChangeAheadOfScheduleButOverCost) {
  auto p = package("wp-1", 100, "2026-06-08", "2026-06-19");
  p.progress = {{d("2026-06-11"), 50}};
  p.actuals = {{d("2026-06-08"), 20}, {d("2026-06-09"), 20}, {d("2026-06-11"), 20}};
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-06-11"), cal());
  EXPECT_DOUBLE_EQ(m.pv, 40);
  EXPECT_NEAR(value(m.spi), 1.25, 1e-12);
  EXPECT_NEAR(value(m.cpi), 50.0 / 60, 1e-12);
  EXPECT_GT(value(m.spi), 1);
  EXPECT_LT(value(m.cpi), 1);
  EXPECT_NEAR(value(m.eac.cpi), 120, 1e-9);       // 100 / (5/6)
  EXPECT_NEAR(value(m.eac.atypical), 110, 1e-9);  // 60 + 50
  EXPECT_NEAR(value(m.eac.cpi_spi), 108, 1e-9);   // 60 + 50 / (1.25 × 5/6)
  // ES: cumulative PV 10, 20, …; EV 50 is day 5's: ES 5 of AT 4, SPI(t) 1.25, 10 / 1.25 = 8
  // business days: Wednesday 06-17.
  EXPECT_NEAR(value(m.es), 5, 1e-12);
  EXPECT_NEAR(value(m.spi_t), 1.25, 1e-12);
  EXPECT_EQ(*m.forecast_finish, d("2026-06-17"));
}

TEST(EarnedValue, WithoutPackagesEveryRatioIsUndefinedWithItsReason) {
  const auto m = measure({}, d("2026-06-01"), cal());
  EXPECT_DOUBLE_EQ(m.bac, 0);
  EXPECT_FALSE(m.spi.value);
  EXPECT_EQ(m.spi.undefined_reason, "PV is 0: no work was planned by 2026-06-01");
  EXPECT_FALSE(m.cpi.value);
  EXPECT_EQ(m.cpi.undefined_reason, "AC is 0: no hours were recorded by 2026-06-01");
  EXPECT_FALSE(m.cr.value);
  EXPECT_FALSE(m.eac.cpi.value);
  EXPECT_FALSE(m.eac.cpi_spi.value);
  EXPECT_FALSE(m.tcpi_to_bac.value);
  EXPECT_FALSE(m.es.value);
  EXPECT_EQ(m.es.undefined_reason, "there are no work packages");
  EXPECT_FALSE(m.forecast_finish);
  // The atypical forecast needs no ratio: nothing planned, nothing spent.
  EXPECT_DOUBLE_EQ(value(m.eac.atypical), 0);
}

TEST(EarnedValue, BeforeTheStartNothingIsPlannedAndNoTimeHasPassed) {
  const auto p = package("wp-1", 40, "2026-06-01", "2026-06-05");
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-05-29"), cal());
  EXPECT_DOUBLE_EQ(m.pv, 0);
  EXPECT_FALSE(m.spi.value);
  EXPECT_EQ(m.actual_time, 0);
  EXPECT_NEAR(value(m.es), 0, 1e-12);
  EXPECT_FALSE(m.spi_t.value);
  EXPECT_EQ(m.spi_t.undefined_reason,
            "no business day of the plan has passed by 2026-05-29 (it starts 2026-06-01)");
  EXPECT_FALSE(m.forecast_finish);
}

TEST(EarnedValue, HoursSpentWithNothingEarnedLeaveNoCpiForecast) {
  auto p = package("wp-1", 40, "2026-06-01", "2026-06-05");
  p.actuals = {{d("2026-06-01"), 8}};
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-06-02"), cal());
  EXPECT_NEAR(value(m.cpi), 0, 1e-12);
  EXPECT_FALSE(m.eac.cpi.value);
  EXPECT_EQ(m.eac.cpi.undefined_reason, "CPI is 0: nothing was earned by 2026-06-02");
  EXPECT_FALSE(m.tcpi_to_eac.value);
  EXPECT_NEAR(value(m.spi_t), 0, 1e-12);
  EXPECT_FALSE(m.forecast_finish);
  EXPECT_NEAR(value(m.eac.atypical), 48, 1e-12);
}

TEST(EarnedValue, ASpentBudgetLeavesNoTcpiToBac) {
  auto p = package("wp-1", 16, "2026-06-01", "2026-06-02");
  p.progress = {{d("2026-06-02"), 75}};
  p.actuals = {{d("2026-06-01"), 8}, {d("2026-06-02"), 8}};
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-06-02"), cal());
  EXPECT_FALSE(m.tcpi_to_bac.value);
  EXPECT_EQ(m.tcpi_to_bac.undefined_reason,
            "BAC − AC is 0: the budget is spent, no efficiency can finish within it");
}

// Saturday 2026-05-02 … Wednesday 05-06 has no business day: its 8 h lie on its start.
TEST(EarnedValue, APackageOfClosedDaysOnlyPutsItsValueOnItsStart) {
  const auto p = package("wp-1", 8, "2026-05-02", "2026-05-06");
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-05-01"), cal()), 0);
  EXPECT_DOUBLE_EQ(planned_value(p, d("2026-05-02"), cal()), 8);
  // Beside a package of business days, its value counts on the axis from the next business day.
  const Package ps[] = {p, package("wp-2", 10, "2026-05-07", "2026-05-08")};
  const auto m = measure(ps, d("2026-05-08"), cal());
  EXPECT_DOUBLE_EQ(m.pv, 18);
  EXPECT_EQ(m.planned_duration, 2);
}

TEST(EarnedValue, TheLatestProgressOnOrBeforeTheDayCounts) {
  auto p = package("wp-1", 10, "2026-06-01", "2026-06-05");
  p.progress = {
      {d("2026-06-03"), 40}, {d("2026-06-01"), 10}, {d("2026-06-03"), 30}, {d("2026-06-05"), 100}};
  EXPECT_DOUBLE_EQ(percent_complete(p, d("2026-05-31")), 0);
  EXPECT_DOUBLE_EQ(percent_complete(p, d("2026-06-02")), 10);
  EXPECT_DOUBLE_EQ(percent_complete(p, d("2026-06-04")), 30);  // recorded later for the same day
  EXPECT_DOUBLE_EQ(percent_complete(p, d("2026-06-05")), 100);
}

// Done early: all value earned on day 3 of 5 gives ES 5, SPI(t) 5/3, and the finish is the day
// it was done.
TEST(EarnedValue, WorkDoneEarlyIsForecastToFinishWhenItWasDone) {
  auto p = package("wp-1", 40, "2026-06-01", "2026-06-05");
  p.progress = {{d("2026-06-03"), 100}};
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-06-03"), cal());
  EXPECT_NEAR(value(m.es), 5, 1e-12);
  EXPECT_EQ(*m.forecast_finish, d("2026-06-03"));
}

// Late: on Wednesday 06-10, past the plan's finish on Friday 06-05, 80 % done. AT counts the
// business days after the finish too (5 + 3 = 8); ES = 4 (PV 32 of 40 is day 4's); SPI(t) = 0.5;
// the 5-day plan takes 10 days: Friday 06-12.
TEST(EarnedValue, ActualTimeKeepsCountingPastThePlannedFinish) {
  auto p = package("wp-1", 40, "2026-06-01", "2026-06-05");
  p.progress = {{d("2026-06-10"), 80}};
  const Package ps[] = {p};
  const auto m = measure(ps, d("2026-06-10"), cal());
  EXPECT_EQ(m.actual_time, 8);
  EXPECT_NEAR(value(m.es), 4, 1e-12);
  EXPECT_NEAR(value(m.spi_t), 0.5, 1e-12);
  EXPECT_EQ(*m.forecast_finish, d("2026-06-12"));
}

TEST(EarnedValue, TheDailySeriesIsCumulative) {
  auto p = package("wp-1", 40, "2026-06-01", "2026-06-05");
  p.progress = {{d("2026-06-02"), 25}};
  p.actuals = {{d("2026-06-01"), 5}, {d("2026-06-02"), 6}};
  const Package ps[] = {p};
  const auto series = daily_series(ps, d("2026-05-31"), d("2026-06-03"), cal());
  ASSERT_EQ(series.size(), 4u);
  EXPECT_EQ(series[0].date, d("2026-05-31"));
  EXPECT_DOUBLE_EQ(series[0].pv, 0);
  EXPECT_DOUBLE_EQ(series[1].pv, 8);
  EXPECT_DOUBLE_EQ(series[1].ac, 5);
  EXPECT_DOUBLE_EQ(series[2].ev, 10);
  EXPECT_DOUBLE_EQ(series[2].ac, 11);
  EXPECT_DOUBLE_EQ(series[3].pv, 24);
}

}  // namespace
}  // namespace opsdesk::changes::evm
