#pragma once
// The plans' HTTP API (docs/api/scheduling.yaml): GET /v1/schedule/plan?year= (the annual centre
// schedule, April – March) or ?month= (a month's detailed plan), as JSON or xlsx, with where each
// association's approval stands; POST /v1/schedule/plans/{period}/approve records that
// associations' sides approved their part as it stands.

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling::api {

struct PlanApi {
  PlanApprovalCommands& approvals;
  ScheduleBook& book;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  http::InstantRange instants{};
};

void add_plan_routes(http::Router& router, PlanApi api);

}  // namespace opsdesk::scheduling::api
