#pragma once
// Read-your-writes for every read model's queries: `min_position` (query) or the
// X-Opsdesk-Min-Position header names a log position a client saw in a command response
// (`incidents:42`, or a bare `42` for the read model's domain); the
// query waits until the projection has applied it, or answers 503 with Retry-After. One place
// for the rule, so every read model words it the same.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/http/message.hpp"
#include "libs/http/problem.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"

namespace opsdesk::projection {

struct MinPositionWait {
  ProjectionRunner& runner;
  const ViewStore& view;
  std::string domain;     // whose log position, e.g. "incidents"
  std::string view_name;  // for the message, e.g. "the board"
  std::chrono::milliseconds max_wait{2000};
};

// A malformed value adds a field error and returns nothing (answer the 422 first); when `errors`
// is already non-empty it does not wait. Returns the 503 when the position is not applied in
// time, nothing when the query may go on.
std::optional<http::Response> wait_for_min_position(const http::Request& request,
                                                    const MinPositionWait& wait,
                                                    std::vector<http::FieldError>& errors);

}  // namespace opsdesk::projection
