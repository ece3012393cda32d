#pragma once
// The month's earned value (docs/api/changes.yaml): GET /v1/evm?month=&tenant=&format= answers the
// changes worked on in the month (or with year=YYYY, the fiscal year) with their figures, the
// totals, the daily series for the S-curve and, for the centre's staff, the term's modification
// effort against the contract's cap in 人月; format=xlsx is the workbook for the monthly meeting.
// GET /v1/evm/cap is the cap alone.

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/router.hpp"
#include "services/changes/change_book.hpp"
#include "services/changes/domain/term_effort.hpp"

namespace opsdesk::changes::api {

struct EvmApi {
  ChangeBook& book;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  Term term;
  CapSettings cap;
};

void add_evm_routes(http::Router& router, EvmApi api);

}  // namespace opsdesk::changes::api
