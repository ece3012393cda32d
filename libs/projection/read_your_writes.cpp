#include "libs/projection/read_your_writes.hpp"

#include <charconv>

namespace opsdesk::projection {

std::optional<http::Response> wait_for_min_position(const http::Request& request,
                                                    const MinPositionWait& wait,
                                                    std::vector<http::FieldError>& errors) {
  std::string text = request.query_param("min_position").value_or("");
  if (text.empty()) text = request.header("X-Opsdesk-Min-Position");
  if (text.empty()) return std::nullopt;
  std::uint64_t position = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), position);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    errors.push_back(
        {"min_position", "must be a log position (a whole number) from X-Opsdesk-Position"});
    return std::nullopt;
  }
  if (!errors.empty()) return std::nullopt;  // a bad request is answered at once
  if (wait.runner.wait_for_position(wait.domain, position,
                                    std::chrono::steady_clock::now() + wait.max_wait)) {
    return std::nullopt;
  }
  http::Problem problem;
  problem.status = 503;
  problem.type = http::problem_type("position-not-yet-applied");
  problem.title = "The read model has not caught up yet";
  const auto applied = wait.view.watermark(wait.domain);
  problem.detail = "position " + std::to_string(position) + " has not reached " + wait.view_name +
                   " yet (it has applied up to " + std::to_string(applied) + "); retry shortly";
  problem.extensions["applied_position"] = applied;
  return problem.to_response(request.request_id).set_header("Retry-After", "1");
}

}  // namespace opsdesk::projection
