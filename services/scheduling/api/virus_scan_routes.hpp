#pragma once
// The daily virus-scan check (docs/api/scheduling.yaml, 仕様書 4.(3)①ウ): POST
// /v1/schedule/virus-scan records one terminal's scan state for a day; GET lists the terminals
// with their latest state and any attention they need (VirusScanAttentionRequired: a risk, a
// detection, or 3 consecutive business days not done, once per episode).

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling::api {

struct VirusScanApi {
  VirusScanCommands& scans;
  ScheduleBook& book;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  http::InstantRange instants{};
};

void add_virus_scan_routes(http::Router& router, VirusScanApi api);

}  // namespace opsdesk::scheduling::api
