#pragma once
// The configuration items' HTTP API (docs/api/changes.yaml, /v1/configuration-items/…): register,
// revise and retire items (the desk's, role maintainer), seed 別紙4's equipment, list and read
// them with their relations and the changes that concern them. An item is seen by the holders
// of one of its associations (shared equipment, all_centre: by every association of the
// centre). Items are named by id or by code in every path.

#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/changes/change_book.hpp"

namespace opsdesk::changes::api {

struct CiApi {
  ConfigurationItemCommands& items;
  ConfigurationItemRepository& repository;
  ChangeBook& book;
  const core::Clock& clock;
  core::UuidV7Generator& ids;
  http::InstantRange instants{};
};

void add_ci_routes(http::Router& router, CiApi api);

}  // namespace opsdesk::changes::api
