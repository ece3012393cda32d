#pragma once
// `opsdesk --clock=manual` only: POST /v1/test/clock moves the process's manual clock, so tests
// can walk SLA clocks through their thresholds without waiting. Body {"now": RFC 3339} or
// {"advance": "90m"}. It may also move back (a test's dates are fixed while the machine's are
// not; the clock starts at the system time). Every time-driven module of the process (sla-watch)
// first waits until it has applied `min_position` (read-your-writes), then acts on the new time
// before the answer, which carries what each did.

#include <vector>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"

namespace opsdesk::cli {

struct TestClockApi {
  core::ManualClock& clock;
  std::vector<modules::TimeDriven*> time_driven;  // the modules acting on time, in start order
};

void add_test_clock_routes(http::Router& router, TestClockApi api);

}  // namespace opsdesk::cli
