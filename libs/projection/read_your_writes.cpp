#include "libs/projection/read_your_writes.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <string_view>

namespace opsdesk::projection {

namespace {

// A position of one domain's log.
struct DomainPosition {
  std::string domain;
  std::uint64_t position = 0;
};

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// The position the request asks for; nothing when it asks for none or names it wrongly (then
// with a field error).
std::optional<DomainPosition> requested_position(const http::Request& request,
                                                 const MinPositionWait& wait,
                                                 std::vector<http::FieldError>& errors) {
  std::string text = request.query_param("min_position").value_or("");
  if (text.empty()) text = request.header("X-Opsdesk-Min-Position");
  if (text.empty()) return std::nullopt;
  // "inquiries:42" names the domain whose log position it is; a bare "42" is the view's first
  // domain's.
  DomainPosition asked{wait.domains.front(), 0};
  std::string_view number = text;
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    asked.domain = text.substr(0, colon);
    if (std::find(wait.domains.begin(), wait.domains.end(), asked.domain) == wait.domains.end()) {
      errors.push_back({"min_position", "names the domain '" + asked.domain + "'; " +
                                            wait.view_name + " reads: " + joined(wait.domains)});
      return std::nullopt;
    }
    number = std::string_view(text).substr(colon + 1);
  }
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), asked.position);
  if (ec != std::errc{} || end != number.data() + number.size()) {
    errors.push_back({"min_position",
                      "must be a log position (a whole number) from X-Opsdesk-Position, "
                      "optionally after its domain (" +
                          wait.domains.front() + ":42)"});
    return std::nullopt;
  }
  return asked;
}

http::Response not_applied(const std::string& request_id, const DomainPosition& asked,
                           const MinPositionWait& wait) {
  const auto position = asked.position;
  http::Problem problem;
  problem.status = 503;
  problem.type = http::problem_type("position-not-yet-applied");
  problem.title = "The read model has not caught up yet";
  const auto applied = wait.view.watermark(asked.domain);
  problem.detail = asked.domain + " position " + std::to_string(position) + " has not reached " +
                   wait.view_name + " yet (it has applied up to " + std::to_string(applied) +
                   "); retry shortly";
  problem.extensions["applied_position"] = applied;
  return problem.to_response(request_id).set_header("Retry-After", "1");
}

http::Response too_many_waiting(const std::string& request_id, bool for_caller,
                                const WaiterLimits& limits) {
  http::Problem problem;
  problem.status = 429;
  problem.type = http::problem_type("too-many-waiting-queries");
  problem.title = "Too many queries are waiting for a position";
  problem.detail = for_caller
                       ? "you already have " + std::to_string(limits.per_caller) +
                             " queries waiting for min_position (the limit per caller); retry when "
                             "one of them has been answered"
                       : "the server already holds " + std::to_string(limits.total) +
                             " queries waiting for min_position (its limit); retry shortly";
  return problem.to_response(request_id).set_header("Retry-After", "1");
}

}  // namespace

http::AsyncHandler after_min_position(MinPositionWait wait, http::Handler read) {
  auto shared_read = std::make_shared<const http::Handler>(std::move(read));
  auto shared_wait = std::make_shared<const MinPositionWait>(std::move(wait));
  return [shared_wait, shared_read](const http::Request& request, http::Reply reply) {
    const auto& wait = *shared_wait;
    auto held = std::make_shared<const http::Request>(request);
    auto run_read = [shared_read, held, reply] {
      reply.run_blocking([shared_read, held, reply] { reply.send((*shared_read)(*held)); });
    };
    std::vector<http::FieldError> errors;
    const auto position = requested_position(request, wait, errors);
    if (!position) {
      run_read();  // no wait asked for, or a malformed one the read reports with its own errors
      return;
    }
    const std::string caller = request.principal ? request.principal->subject : std::string{};
    const auto deadline = std::chrono::steady_clock::now() + wait.max_wait;
    auto admission = wait.runner.waiters().wait(
        position->domain, position->position, deadline, caller,
        [run_read, reply, held, asked = *position, shared_wait](bool applied) {
          if (applied) {
            run_read();
          } else {
            reply.send(not_applied(held->request_id, asked, *shared_wait));
          }
        });
    using Admission = PositionWaiters::Admission;
    if (admission == Admission::too_many || admission == Admission::too_many_for_caller) {
      reply.send(too_many_waiting(request.request_id, admission == Admission::too_many_for_caller,
                                  wait.runner.waiters().limits()));
    }
  };
}

std::optional<http::Response> check_min_position(const http::Request& request,
                                                 const MinPositionWait& wait,
                                                 std::vector<http::FieldError>& errors) {
  const auto position = requested_position(request, wait, errors);
  if (!position || !errors.empty()) return std::nullopt;  // a bad request is answered at once
  if (wait.view.watermark(position->domain) >= position->position) return std::nullopt;
  return not_applied(request.request_id, *position, wait);
}

std::optional<http::Response> wait_for_min_position(const http::Request& request,
                                                    const MinPositionWait& wait,
                                                    std::vector<http::FieldError>& errors) {
  const auto position = requested_position(request, wait, errors);
  if (!position || !errors.empty()) return std::nullopt;
  if (wait.runner.wait_for_position(position->domain, position->position,
                                    std::chrono::steady_clock::now() + wait.max_wait)) {
    return std::nullopt;
  }
  return not_applied(request.request_id, *position, wait);
}

}  // namespace opsdesk::projection
