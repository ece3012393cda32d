#include "services/changes/domain/term_effort.hpp"

#include <algorithm>

#include "libs/core/tokyo_time.hpp"

namespace opsdesk::changes {

namespace {

const evm::Figure& eac_by(const evm::Measures& m, const std::string& method) {
  if (method == "atypical") return m.eac.atypical;
  if (method == "cpi_spi") return m.eac.cpi_spi;
  return m.eac.cpi;
}

ChangeEffort effort_of(const ChangeState& change, Date as_of, const CapSettings& cap,
                       const calendar::BusinessCalendar& calendar) {
  ChangeEffort e{change.id, change.title, change.origin, change.status(), 0, 0, {}};
  const auto packages = change.evm_packages();
  const auto m = evm::measure(packages, as_of, calendar);
  e.ac_hours = m.ac;
  if (change.settled()) {
    e.eac_hours = m.ac;
    e.eac_basis = "the change is " + change.status() + ": its actual hours";
  } else if (packages.empty()) {
    const double estimate = change.assessment ? change.assessment->effort_estimate_hours : 0;
    e.eac_hours = std::max(estimate, m.ac);
    e.eac_basis = change.assessment ? "no work packages yet: the assessment's estimate"
                                    : "neither work packages nor an assessment yet";
  } else if (const auto& figure = eac_by(m, cap.eac_method); figure.value) {
    e.eac_hours = *figure.value;
    e.eac_basis = "EAC (" + cap.eac_method + ")";
  } else {
    e.eac_hours = *m.eac.atypical.value;
    e.eac_basis = "EAC (atypical), since the " + cap.eac_method +
                  " method has none: " + figure.undefined_reason;
  }
  return e;
}

}  // namespace

bool counts_in_term(const ChangeState& change, const Term& term) {
  if (!counts_against_cap(change.origin)) return false;
  const auto registered = std::chrono::sys_days{core::to_tokyo(change.registered_at).date};
  return registered >= std::chrono::sys_days{term.first} &&
         registered <= std::chrono::sys_days{term.last};
}

TermEffort term_effort(std::span<const ChangeState> changes, const Term& term, Date as_of,
                       const CapSettings& cap, const calendar::BusinessCalendar& calendar) {
  TermEffort t;
  t.term = term.name;
  t.as_of = as_of;
  t.cap_hours = cap.cap_hours();
  t.person_month_hours = cap.person_month_hours;
  t.eac_method = cap.eac_method;
  for (const auto& change : changes) {
    if (!counts_in_term(change, term)) continue;
    auto e = effort_of(change, as_of, cap, calendar);
    t.ac_hours += e.ac_hours;
    t.eac_hours += e.eac_hours;
    t.changes.push_back(std::move(e));
  }
  std::ranges::sort(t.changes, {}, &ChangeEffort::change_id);
  return t;
}

}  // namespace opsdesk::changes
