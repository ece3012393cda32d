#pragma once
// Read-your-writes for every read model's queries: `min_position` (query) or the
// X-Opsdesk-Min-Position header names a log position a client saw in a command response
// (`incidents:42`, or a bare `42` for the read model's domain); the query is answered once the
// projection has applied it, or 503 with Retry-After after the longest wait. One place for the
// rule, so every read model words it the same.
//
// The wait holds no thread: a read route is registered through after_min_position(), which
// parks the query in its projection's waiter list (PositionWaiters) and runs the read on the
// worker pool once the position is in. Waiters are bounded in total and per caller: beyond
// that, 429 with Retry-After.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/http/message.hpp"
#include "libs/http/problem.hpp"
#include "libs/http/router.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"

namespace opsdesk::projection {

struct MinPositionWait {
  ProjectionRunner& runner;  // its waiter list holds the waiting queries
  const ViewStore& view;
  // The domains the view reads, e.g. {"incidents", "inquiries"}: "inquiries:42" waits for a
  // position of that one; a bare "42" is the first one's.
  std::vector<std::string> domains;
  std::string view_name;  // for the message, e.g. "the board"
  std::chrono::milliseconds max_wait{2000};
};

// The route handler for a read that honours min_position: `read` runs on the worker pool once
// the position is applied (at once without one, or with a malformed one, which `read` reports
// through check_min_position).
http::AsyncHandler after_min_position(MinPositionWait wait, http::Handler read);

// For the read itself: a malformed value adds a field error (answer the 422 first); returns the
// 503 when the position is not applied at this moment, nothing when the query may go on. Never
// waits: after_min_position() has done that.
std::optional<http::Response> check_min_position(const http::Request& request,
                                                 const MinPositionWait& wait,
                                                 std::vector<http::FieldError>& errors);

// The same, holding the calling thread up to max_wait: for the manual test clock only, whose
// route waits for several modules in turn and is not served in production.
std::optional<http::Response> wait_for_min_position(const http::Request& request,
                                                    const MinPositionWait& wait,
                                                    std::vector<http::FieldError>& errors);

}  // namespace opsdesk::projection
