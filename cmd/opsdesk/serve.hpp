#pragma once
// `opsdesk [--target=…]`: opens the services of the target, serves them over HTTP until
// SIGTERM/SIGINT, then drains in-flight requests and closes the stores.

#include "cmd/opsdesk/settings.hpp"

namespace opsdesk::cli {

// Returns the process exit code. SIGTERM and SIGINT must already be blocked in every thread
// (main does that first), so that this function can wait for them with sigwait.
int serve(const Settings& settings);

}  // namespace opsdesk::cli
