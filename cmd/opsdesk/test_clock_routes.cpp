#include "cmd/opsdesk/test_clock_routes.hpp"

#include "cmd/opsdesk/settings.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/http/json_body.hpp"

namespace opsdesk::cli {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::chrono::seconds kLongestAdvance = std::chrono::hours{24 * 3650};

Response move_clock(const TestClockApi& api, const Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return body.error().to_response(request.request_id);

  http::JsonFields fields(*body);
  auto now = fields.instant("now", false);
  auto advance = fields.string("advance", false, 20);
  fields.reject_unknown_fields();
  std::vector<http::FieldError> errors = fields.errors();
  std::optional<core::Instant> target;
  if (errors.empty()) {
    if (now.has_value() == advance.has_value()) {
      errors.push_back({"(body)", "give exactly one of now (RFC 3339) or advance (e.g. 90m)"});
    } else if (now) {
      target = *now;
    } else if (auto by = parse_duration(*advance); by && *by <= kLongestAdvance) {
      target = api.clock.now() + *by;
    } else if (by) {
      errors.push_back({"advance", "at most 3650d at a time"});
    } else {
      errors.push_back({"advance", by.error()});
    }
  }
  for (auto* module : api.time_driven) {
    if (auto waited = module->wait_for_min_position(request, errors)) return *waited;
  }
  if (!errors.empty())
    return http::validation_problem(std::move(errors)).to_response(request.request_id);

  api.clock.set(*target);
  json answer{{"now", core::format_tokyo_rfc3339(api.clock.now())}};
  for (auto* module : api.time_driven) {
    auto acted = module->clock_moved();
    if (!acted) {
      http::Problem problem;
      problem.status = 500;
      problem.type = http::problem_type("threshold-pass-failed");
      // One type for every module's pass (the SLA threshold pass was the first): the detail names
      // what failed.
      problem.title = "A timed pass after the clock's move failed";
      problem.detail = acted.error();
      return problem.to_response(request.request_id);
    }
    answer.update(*acted);
  }
  return Response::json(200, answer);
}

}  // namespace

void add_test_clock_routes(http::Router& router, TestClockApi api) {
  router.add("POST", "/v1/test/clock", http::Access::only({"maintainer"}),
             [api](const Request& r) { return move_clock(api, r); });
}

}  // namespace opsdesk::cli
