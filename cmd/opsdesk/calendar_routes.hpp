#pragma once
// The calendar over HTTP (docs/api/calendar.yaml): four GETs under /v1/calendar that every
// opsdesk target serves. Any valid token may ask (401 without one); bad query parameters are a
// 422 naming each of them. Answers only: nothing here changes state.

#include "libs/auth/jwt.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"

namespace opsdesk::cli {

// `calendar` must outlive the router.
void add_calendar_routes(http::Router& router, const calendar::BusinessCalendar& calendar);

// The module table's entry: the calendar every process serves (the calendar itself is built
// from the settings before any module opens, see calendar_setup.hpp).
modules::Module calendar_module();

}  // namespace opsdesk::cli
