#pragma once
// Earned value management (仕様書 4.(1)②ク: WBS, planned value, EVM progress management) of a
// set of work packages: one change, one association's part of it, or the term's modification
// work. Pure: the packages, a day and the business calendar in; hours, ratios and business days
// out.
//
// - Planned value (PV) spreads a package's budget evenly over the business days from its planned
//   start to its planned finish (weekends, holidays and 12/29–1/3 have none); a package whose
//   days are all closed puts its whole budget on its start.
// - Earned value (EV) is the budget times the percent complete recorded last on or before the
//   day; actual cost (AC) the hours worked on or before it.
// - Earned schedule (ES) counts business days: the plan's business days from its first start to
//   its last finish are the time axis, ES = C + (EV − PV_C) / (PV_{C+1} − PV_C) where C is the
//   last day whose cumulative PV the EV has reached, AT the business days of the axis up to the
//   day, SPI(t) = ES / AT, and the forecast finish is the business day ⌈PD / SPI(t)⌉ of the axis
//   counted on past its end (PD: the plan's business days).
// - A ratio whose divisor is zero has no value: Figure says why, never 0 or infinity.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"

namespace opsdesk::changes::evm {

using Date = std::chrono::year_month_day;

struct ProgressPoint {
  Date as_of;
  double percent = 0;  // 0..100
};

struct ActualEntry {
  Date date;
  double hours = 0;
};

struct Package {
  std::string id;
  std::string tenant;  // the association it is for; empty: shared by its change
  // Its budget and dates as the baseline (or, before any, the plan) has them. A package added
  // after the baseline has budget 0: it earns nothing until a rebaseline takes it in.
  double budget_hours = 0;
  Date planned_start;
  Date planned_finish;
  std::vector<ProgressPoint> progress;  // in the order recorded
  std::vector<ActualEntry> actuals;
};

// A ratio or derived figure, or the reason it has none.
struct Figure {
  std::optional<double> value;
  std::string undefined_reason;  // set when value is empty

  static Figure of(double v) { return {v, {}}; }
  static Figure none(std::string reason) { return {std::nullopt, std::move(reason)}; }
};

// One figure by each way of forecasting the rest of the work.
struct ByMethod {
  Figure atypical;  // the rest goes as planned: AC + (BAC − EV)
  Figure cpi;       // the rest costs what the work so far did: BAC / CPI
  Figure cpi_spi;   // cost and schedule both weigh: AC + (BAC − EV) / (CPI × SPI)
};

struct Measures {
  Date as_of;
  double pv = 0;
  double ev = 0;
  double ac = 0;
  double bac = 0;
  double sv = 0;       // EV − PV
  double cv = 0;       // EV − AC
  Figure spi;          // EV / PV
  Figure cpi;          // EV / AC
  Figure cr;           // SPI × CPI
  ByMethod etc;        // hours still to spend
  ByMethod eac;        // hours at completion
  ByMethod vac;        // BAC − EAC
  Figure tcpi_to_bac;  // (BAC − EV) / (BAC − AC)
  Figure tcpi_to_eac;  // (BAC − EV) / (EAC(cpi) − AC)
  // The schedule in business days.
  std::optional<Date> planned_start;   // the plan's first start
  std::optional<Date> planned_finish;  // its last finish
  int planned_duration = 0;            // PD: business days from start to finish
  int actual_time = 0;                 // AT: business days of the plan up to as_of
  Figure es;
  Figure spi_t;  // ES / AT
  std::optional<Date> forecast_finish;
  std::string forecast_finish_undefined_reason;  // set when there is no forecast
};

// The measures of `packages` at the end of `as_of` (Tokyo).
Measures measure(std::span<const Package> packages, Date as_of,
                 const calendar::BusinessCalendar& calendar);

// Cumulative PV, EV and AC at the end of each day (an S-curve).
struct DailyPoint {
  Date date;
  double pv = 0;
  double ev = 0;
  double ac = 0;
};
std::vector<DailyPoint> daily_series(std::span<const Package> packages, Date first, Date last,
                                     const calendar::BusinessCalendar& calendar);

// Planned value of one package by the end of `day`.
double planned_value(const Package& package, Date day, const calendar::BusinessCalendar& calendar);
// Percent complete recorded last on or before `day` (0 without any).
double percent_complete(const Package& package, Date day);

}  // namespace opsdesk::changes::evm
