#pragma once
// Meetings and their minutes over HTTP (docs/api/changes.yaml, /v1/meetings/…): record a meeting
// (the answer says when its minutes are due: the end of the 2nd business day after it, 仕様書
// 4.(1)②コ), record its minutes (a version of a minutes document), list the meetings with where
// their minutes stand. Associations see the meetings they attended; commands are the desk's.

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/changes/change_book.hpp"

namespace opsdesk::changes::api {

struct MeetingApi {
  MeetingCommands& meetings;
  MeetingRepository& repository;
  ChangeBook& book;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  core::UuidV7Generator& ids;
  http::InstantRange instants{};
};

void add_meeting_routes(http::Router& router, MeetingApi api);

}  // namespace opsdesk::changes::api
