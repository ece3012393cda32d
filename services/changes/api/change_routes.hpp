#pragma once
// The change requests' HTTP API (docs/api/changes.yaml, /v1/changes/…): register a change (from a
// fault's incident, an improvement request's inquiry, a security patch, or otherwise), its
// lifecycle and work breakdown commands, and its earned value (GET /v1/changes/{id}/evm). A
// change is seen by the holders of one of its associations; commands are the desk's (role
// maintainer), but approve and reject are the association side's too.

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/changes/change_book.hpp"
#include "services/changes/domain/term_effort.hpp"

namespace opsdesk::changes::api {

struct ChangeApi {
  ChangeCommands& changes;
  ChangeRepository& repository;
  ChangeBook& book;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  core::UuidV7Generator& ids;
  CapSettings cap{};
  http::InstantRange instants{};
};

void add_change_routes(http::Router& router, ChangeApi api);

}  // namespace opsdesk::changes::api
