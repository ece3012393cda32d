#pragma once
// The month's (or the fiscal year's) earned value for the monthly report meeting (仕様書
// 4.(1)②ク): every change worked on in the period with its figures at the month's end (or today,
// for the running month), their totals, the daily PV/EV/AC of the month (an S-curve), and, for the
// centre's staff, the term's modification effort against the contract's cap in 人月. Pure.
//
// A change is in the month when it was registered by the month's end and not settled before the
// month began. With an association, the figures are its packages' (a package names the
// association it is for); packages without one are shared and stay under their change.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "services/changes/domain/term_effort.hpp"

namespace opsdesk::changes {

struct MonthlyChangeRow {
  ChangeState change;      // its packages' records included
  evm::Measures measures;  // the whole change, or the association's packages of it
};

struct MonthlyEvm {
  std::chrono::year_month month;  // a month's report; a fiscal year's starts in its April
  bool fiscal_year = false;       // the whole fiscal year (April–March) rather than one month
  Date first{};
  Date last{};
  Date as_of{};
  std::optional<std::string> tenant;
  std::vector<MonthlyChangeRow> changes;
  evm::Measures totals;
  std::vector<evm::DailyPoint> series;
  std::optional<TermEffort> term_effort;  // the centre's staff only
};

MonthlyEvm monthly_evm(std::span<const ChangeState> visible_changes, std::chrono::year_month month,
                       const std::optional<std::string>& tenant, Date today, const Term& term,
                       const CapSettings& cap, bool centre_staff,
                       const calendar::BusinessCalendar& calendar);
// The same over a fiscal year (April of `year` to March of the next): the year's figures.
MonthlyEvm yearly_evm(std::span<const ChangeState> visible_changes, std::chrono::year year,
                      const std::optional<std::string>& tenant, Date today, const Term& term,
                      const CapSettings& cap, bool centre_staff,
                      const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::changes
