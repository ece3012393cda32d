#pragma once
// The scheduling HTTP API (docs/api/scheduling.yaml, /v1/schedule/…): task definitions and
// their commands, the contract's tasks seeded, occurrences planned on the business calendar and
// the work recorded against them. Who reads what: a task or occurrence is seen by the holders
// of one of its associations; commands are the centre staff's (role maintainer).

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling::api {

struct ScheduleApi {
  TaskCommands& tasks;
  OccurrenceCommands& occurrences;
  DailyReportCommands& daily_reports;
  WindowCommands& windows;
  TaskRepository& task_repository;
  OccurrenceRepository& occurrence_repository;
  ScheduleBook& book;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  core::UuidV7Generator& ids;
  http::InstantRange instants{};
  Date term_start{};  // the contract term's first day: where seeded tasks recur from
};

void add_schedule_routes(http::Router& router, ScheduleApi api);

}  // namespace opsdesk::scheduling::api
