#pragma once
// The ops-board HTTP API (docs/api/ops-board.yaml): open incidents per tenant and the counts by
// tenant, status and severity, scoped to the caller's tenants, and their live stream. Every query
// may wait for a log position it has seen in a command response (read-your-writes, `min_position`).

#include <chrono>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/router.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"
#include "services/ops-board/api/board_stream.hpp"

namespace opsdesk::ops_board::api {

struct BoardApi {
  const projection::ViewStore& view;
  projection::ProjectionRunner& runner;
  const core::Clock& clock;
  std::chrono::milliseconds max_wait{2000};  // longest a min_position query waits before 503
  BoardStreams& streams;                     // GET /v1/board/stream
};

void add_board_routes(http::Router& router, BoardApi api);

}  // namespace opsdesk::ops_board::api
