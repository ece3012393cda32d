#include "services/changes/evm/earned_value.hpp"

#include <algorithm>
#include <cmath>

namespace opsdesk::changes::evm {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

std::string text_of(Date d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buffer;
}

int business_days_between(Date first, Date last, const calendar::BusinessCalendar& calendar) {
  if (sys_days{last} < sys_days{first}) return 0;
  return calendar.count_business_days(first, last).value_or(0);
}

double actual_cost(const Package& package, Date day) {
  double hours = 0;
  for (const auto& entry : package.actuals) {
    if (sys_days{entry.date} <= sys_days{day}) hours += entry.hours;
  }
  return hours;
}

Figure ratio(double numerator, double divisor, const std::string& why_none) {
  if (divisor == 0) return Figure::none(why_none);
  return Figure::of(numerator / divisor);
}

// The plan's time axis: its business days from the first start to the last finish, and the
// cumulative PV at the end of each (index 0: before the first, i.e. what lies on closed start
// days before it).
struct Axis {
  std::vector<Date> days;
  std::vector<double> cumulative_pv;  // days.size() + 1 entries
};

Axis axis_of(std::span<const Package> packages, Date first, Date last,
             const calendar::BusinessCalendar& calendar) {
  Axis axis;
  axis.days = calendar.business_days(first, last).value_or(std::vector<Date>{});
  const std::size_t n = axis.days.size();
  // Each package's value per slot (slot k: the axis day k, 1-based; slot 0: before the first),
  // then summed up.
  std::vector<double> added(n + 1, 0.0);
  auto slot_from = [&](Date day) {
    return static_cast<std::size_t>(
        std::ranges::lower_bound(axis.days, sys_days{day}, {}, [](Date d) { return sys_days{d}; }) -
        axis.days.begin());
  };
  for (const auto& p : packages) {
    if (p.budget_hours == 0) continue;
    const std::size_t begin = slot_from(p.planned_start);
    std::size_t end = begin;  // one past the package's last business day on the axis
    while (end < n && sys_days{axis.days[end]} <= sys_days{p.planned_finish}) ++end;
    if (end == begin) {
      // Only closed days: the whole budget on its start, in the slot of the next axis day (or
      // before the axis when it starts before the axis's first day).
      const bool before_axis = n == 0 || sys_days{p.planned_start} < sys_days{axis.days.front()};
      added[before_axis ? 0 : std::min(begin + 1, n)] += p.budget_hours;
      continue;
    }
    const double share = p.budget_hours / static_cast<double>(end - begin);
    for (std::size_t k = begin; k < end; ++k) added[k + 1] += share;
  }
  axis.cumulative_pv.resize(n + 1);
  double total = 0;
  for (std::size_t k = 0; k <= n; ++k) axis.cumulative_pv[k] = total += added[k];
  return axis;
}

void schedule_measures(std::span<const Package> packages,
                       const calendar::BusinessCalendar& calendar, Measures& m) {
  if (packages.empty()) {
    m.es = Figure::none("there are no work packages");
    m.spi_t = Figure::none("there are no work packages");
    m.forecast_finish_undefined_reason = "there are no work packages";
    return;
  }
  Date first = packages.front().planned_start;
  Date last = packages.front().planned_finish;
  for (const auto& p : packages) {
    first = std::min(first, p.planned_start);
    last = std::max(last, p.planned_finish);
  }
  m.planned_start = first;
  m.planned_finish = last;
  const Axis axis = axis_of(packages, first, last, calendar);
  const int n = static_cast<int>(axis.days.size());
  m.planned_duration = n;
  m.actual_time = business_days_between(first, std::min(m.as_of, last), calendar);
  if (sys_days{m.as_of} > sys_days{last})
    m.actual_time = n + business_days_between(Date{sys_days{last} + days{1}}, m.as_of, calendar);
  if (n == 0 || m.bac == 0) {
    const std::string why = n == 0 ? "the plan has no business day between its start and finish"
                                   : "the budget at completion is 0 hours";
    m.es = Figure::none(why);
    m.spi_t = Figure::none(why);
    m.forecast_finish_undefined_reason = why;
    return;
  }
  // C: the last day of the axis whose cumulative PV the EV has reached.
  int c = 0;
  while (c < n && axis.cumulative_pv[c + 1] <= m.ev) ++c;
  double es = c;
  if (m.ev < axis.cumulative_pv[0])
    es = 0;  // not even what lay on closed days before the first business day is earned
  else if (c < n)
    es += (m.ev - axis.cumulative_pv[c]) / (axis.cumulative_pv[c + 1] - axis.cumulative_pv[c]);
  m.es = Figure::of(es);
  if (m.actual_time == 0) {
    const std::string why = "no business day of the plan has passed by " + text_of(m.as_of) +
                            " (it starts " + text_of(first) + ")";
    m.spi_t = Figure::none(why);
    m.forecast_finish_undefined_reason = why;
    return;
  }
  const double spi_t = es / m.actual_time;
  m.spi_t = Figure::of(spi_t);
  if (spi_t == 0) {
    m.forecast_finish_undefined_reason =
        "nothing was earned by " + text_of(m.as_of) + " (SPI(t) is 0): no finish can be forecast";
    return;
  }
  // The business day ⌈PD / SPI(t)⌉ counted from the plan's first business day. The small
  // tolerance keeps a forecast of exactly 10 days from becoming 11 by rounding.
  const int forecast_days = static_cast<int>(std::ceil(n / spi_t - 1e-9));
  if (forecast_days <= n) {
    m.forecast_finish = axis.days[std::max(forecast_days, 1) - 1];
    return;
  }
  Date day = axis.days.back();
  for (int k = n; k < forecast_days; ++k) {
    auto next = calendar.next_business_day(day);
    if (!next) {
      m.forecast_finish_undefined_reason = "the forecast lies beyond the business calendar";
      return;
    }
    day = *next;
  }
  m.forecast_finish = day;
}

}  // namespace

double planned_value(const Package& p, Date day, const calendar::BusinessCalendar& calendar) {
  if (sys_days{day} < sys_days{p.planned_start} || p.budget_hours == 0) return 0;
  const int total = business_days_between(p.planned_start, p.planned_finish, calendar);
  if (total == 0) return p.budget_hours;  // only closed days: the value lies on its start
  if (sys_days{day} >= sys_days{p.planned_finish}) return p.budget_hours;
  const int elapsed = business_days_between(p.planned_start, day, calendar);
  return p.budget_hours * elapsed / total;
}

double percent_complete(const Package& p, Date day) {
  const ProgressPoint* latest = nullptr;
  for (const auto& point : p.progress) {
    if (sys_days{point.as_of} > sys_days{day}) continue;
    // The latest day wins; of two for the same day, the one recorded later.
    if (!latest || sys_days{point.as_of} >= sys_days{latest->as_of}) latest = &point;
  }
  return latest ? latest->percent : 0;
}

Measures measure(std::span<const Package> packages, Date as_of,
                 const calendar::BusinessCalendar& calendar) {
  Measures m;
  m.as_of = as_of;
  for (const auto& p : packages) {
    m.pv += planned_value(p, as_of, calendar);
    m.ev += p.budget_hours * percent_complete(p, as_of) / 100.0;
    m.ac += actual_cost(p, as_of);
    m.bac += p.budget_hours;
  }
  m.sv = m.ev - m.pv;
  m.cv = m.ev - m.ac;
  const std::string day = text_of(as_of);
  m.spi = ratio(m.ev, m.pv, "PV is 0: no work was planned by " + day);
  m.cpi = ratio(m.ev, m.ac, "AC is 0: no hours were recorded by " + day);
  if (m.spi.value && m.cpi.value)
    m.cr = Figure::of(*m.spi.value * *m.cpi.value);
  else
    m.cr = Figure::none(m.spi.value ? m.cpi.undefined_reason : m.spi.undefined_reason);

  const double remaining = m.bac - m.ev;
  m.etc.atypical = Figure::of(remaining);
  m.eac.atypical = Figure::of(m.ac + remaining);
  if (m.cpi.value && *m.cpi.value != 0) {
    m.eac.cpi = Figure::of(m.bac / *m.cpi.value);
    m.etc.cpi = Figure::of(*m.eac.cpi.value - m.ac);
  } else {
    const auto why =
        m.cpi.value ? "CPI is 0: nothing was earned by " + day : m.cpi.undefined_reason;
    m.eac.cpi = m.etc.cpi = Figure::none(why);
  }
  if (m.cr.value && *m.cr.value != 0) {
    m.etc.cpi_spi = Figure::of(remaining / *m.cr.value);
    m.eac.cpi_spi = Figure::of(m.ac + *m.etc.cpi_spi.value);
  } else {
    const auto why =
        m.cr.value ? "CPI × SPI is 0: nothing was earned by " + day : m.cr.undefined_reason;
    m.etc.cpi_spi = m.eac.cpi_spi = Figure::none(why);
  }
  auto vac = [&](const Figure& eac) {
    return eac.value ? Figure::of(m.bac - *eac.value) : Figure::none(eac.undefined_reason);
  };
  m.vac = {vac(m.eac.atypical), vac(m.eac.cpi), vac(m.eac.cpi_spi)};
  m.tcpi_to_bac = ratio(remaining, m.bac - m.ac,
                        "BAC − AC is 0: the budget is spent, no efficiency can finish within it");
  if (m.eac.cpi.value)
    m.tcpi_to_eac = ratio(remaining, *m.eac.cpi.value - m.ac,
                          "EAC − AC is 0: the forecast leaves no hours to spend");
  else
    m.tcpi_to_eac = Figure::none(m.eac.cpi.undefined_reason);
  schedule_measures(packages, calendar, m);
  return m;
}

std::vector<DailyPoint> daily_series(std::span<const Package> packages, Date first, Date last,
                                     const calendar::BusinessCalendar& calendar) {
  std::vector<DailyPoint> series;
  for (auto day = sys_days{first}; day <= sys_days{last}; day += days{1}) {
    DailyPoint point{Date{day}};
    for (const auto& p : packages) {
      point.pv += planned_value(p, point.date, calendar);
      point.ev += p.budget_hours * percent_complete(p, point.date) / 100.0;
      point.ac += actual_cost(p, point.date);
    }
    series.push_back(point);
  }
  return series;
}

}  // namespace opsdesk::changes::evm
