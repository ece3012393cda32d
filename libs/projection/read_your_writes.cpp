#include "libs/projection/read_your_writes.hpp"

#include <charconv>
#include <string_view>

namespace opsdesk::projection {

std::optional<http::Response> wait_for_min_position(const http::Request& request,
                                                    const MinPositionWait& wait,
                                                    std::vector<http::FieldError>& errors) {
  std::string text = request.query_param("min_position").value_or("");
  if (text.empty()) text = request.header("X-Opsdesk-Min-Position");
  if (text.empty()) return std::nullopt;
  // "incidents:42" names the domain whose log position it is; a bare "42" is the read model's
  // own domain (the incidents domain for every read model today).
  std::string_view number = text;
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    const std::string_view domain = std::string_view(text).substr(0, colon);
    if (domain != wait.domain) {
      errors.push_back({"min_position", "names the domain '" + std::string(domain) + "'; " +
                                            wait.view_name + " reads: " + wait.domain});
      return std::nullopt;
    }
    number = std::string_view(text).substr(colon + 1);
  }
  std::uint64_t position = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), position);
  if (ec != std::errc{} || end != number.data() + number.size()) {
    errors.push_back({"min_position",
                      "must be a log position (a whole number) from X-Opsdesk-Position, "
                      "optionally after its domain (incidents:42)"});
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
