#pragma once
// The security patches' HTTP API (docs/api/changes.yaml, /v1/patches/…): register a patch, its
// assessment, urgency, verification, procedure, change link and targets, the rollout per target,
// and the rollout matrix ("what is still pending where"). Every association sees the patches;
// the matrix rows and targets it sees are those of its own equipment. Commands are the desk's
// (role maintainer).

#include <cstdint>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/changes/change_book.hpp"

namespace opsdesk::changes::api {

struct PatchApi {
  PatchCommands& patches;
  PatchRepository& repository;
  ChangeBook& book;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  core::UuidV7Generator& ids;
  std::uint32_t emergency_business_days = 3;
  http::InstantRange instants{};
};

void add_patch_routes(http::Router& router, PatchApi api);

}  // namespace opsdesk::changes::api
