#pragma once
// `opsdesk --clock=manual` only: POST /v1/test/clock moves the process's manual clock, so tests
// can walk SLA clocks through their thresholds without waiting. Body {"now": RFC 3339} or
// {"advance": "90m"}. It may also move back (a test's dates are fixed while the machine's are
// not; the clock starts at the system time). With sla-watch running, the request first
// waits until the watch has applied `min_position` (read-your-writes), then runs one threshold
// pass, so the alerts due by the new time are recorded before the answer.

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/router.hpp"
#include "services/sla-watch/sla_watch_service.hpp"

namespace opsdesk::cli {

struct TestClockApi {
  core::ManualClock& clock;
  const auth::TokenVerifier& verifier;
  sla_watch::SlaWatchService* watch;  // null when sla-watch is not running here
  std::chrono::milliseconds max_wait{2000};
};

void add_test_clock_routes(http::Router& router, TestClockApi api);

}  // namespace opsdesk::cli
