#pragma once
// The contract term's modification work (仕様書 4.(2)③: changes from faults and improvement
// requests) against its cap of 2 person-months, in hours and 人月 as the monthly meeting reports
// effort (4.(1)②ク). Pure.
//
// A change counts in the term it was registered in (Tokyo date). Its actual cost is every hour
// recorded on it; its forecast at completion is, once it is closed, rejected or withdrawn, its
// actual cost; before that the EAC of the configured method (cpi by default), or AC + (BAC − EV)
// while that method has no value (nothing recorded yet); a change without work packages is
// forecast at its assessment's estimate (or what it already cost, if more).

#include <span>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "services/changes/domain/change.hpp"

namespace opsdesk::changes {

struct CapSettings {
  double person_month_hours = 160;  // hours in one person-month
  double cap_person_months = 2;     // the term's modification work (4.(2)③)
  std::string eac_method = "cpi";   // atypical | cpi | cpi_spi
  double cap_hours() const { return person_month_hours * cap_person_months; }
};

struct Term {
  std::string name;  // "2026": the fiscal year it starts in
  Date first;
  Date last;
};

struct ChangeEffort {
  std::string change_id;
  std::string title;
  std::string origin;
  std::string status;
  double ac_hours = 0;
  double eac_hours = 0;
  std::string eac_basis;  // how eac_hours was reached, in words
};

struct TermEffort {
  std::string term;
  Date as_of;
  double ac_hours = 0;
  double eac_hours = 0;
  double cap_hours = 0;
  double person_month_hours = 0;
  std::string eac_method;
  std::vector<ChangeEffort> changes;  // the term's changes that count, oldest first
};

// Whether a change's work counts against the term's cap.
bool counts_in_term(const ChangeState& change, const Term& term);

TermEffort term_effort(std::span<const ChangeState> changes, const Term& term, Date as_of,
                       const CapSettings& cap, const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::changes
