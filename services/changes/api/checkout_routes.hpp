#pragma once
// Check-outs of the system's assets over HTTP (docs/api/changes.yaml, /v1/checkouts/…): hand a
// configuration item or a document's version out to a vendor (払い出し), take it back, check what
// came back against the master (整合性チェック), list what is out. Associations see the
// check-outs of their assets; commands are the desk's.

#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/changes/change_book.hpp"

namespace opsdesk::changes::api {

struct CheckoutApi {
  CheckoutCommands& checkouts;
  CheckoutRepository& repository;
  ChangeBook& book;
  const core::Clock& clock;
  core::UuidV7Generator& ids;
  http::InstantRange instants{};
};

void add_checkout_routes(http::Router& router, CheckoutApi api);

}  // namespace opsdesk::changes::api
