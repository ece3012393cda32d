#include "libs/http/problem.hpp"

#include <charconv>

namespace opsdesk::http {

namespace {

Problem make_problem(int status, const std::string& name, std::string title, std::string detail) {
  Problem problem;
  problem.status = status;
  problem.type = problem_type(name);
  problem.title = std::move(title);
  problem.detail = std::move(detail);
  return problem;
}

}  // namespace

std::string problem_type(const std::string& name) { return "urn:opsdesk:problem:" + name; }

Response Problem::to_response(const std::string& request_id) const {
  // Extensions first, so they can add members (e.g. "instance", "current_version") but never
  // overwrite the ones every client relies on.
  nlohmann::json body = extensions.is_object() ? extensions : nlohmann::json::object();
  body["type"] = type;
  body["title"] = title;
  body["status"] = status;
  body["detail"] = detail;
  if (!errors.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& error : errors)
      list.push_back({{"field", error.field}, {"message", error.message}});
    body["errors"] = std::move(list);
  }
  body["request_id"] = request_id;

  Response response = Response::json(status, body);
  response.content_type = "application/problem+json";
  // RFC 6750 §3: a 401 names the scheme the client should authenticate with.
  if (status == 401) response.set_header("WWW-Authenticate", "Bearer");
  if (retry_after_seconds > 0)
    response.set_header("Retry-After", std::to_string(retry_after_seconds));
  return response;
}

Problem validation_problem(std::vector<FieldError> errors) {
  const auto count = errors.size();
  auto problem =
      make_problem(422, "validation-failed", "The request is not valid",
                   count == 1 ? "1 field is not valid; see errors."
                              : std::to_string(count) + " fields are not valid; see errors.");
  problem.errors = std::move(errors);
  return problem;
}

Problem malformed_json_problem(const std::string& detail) {
  return make_problem(400, "malformed-json", "The request body is not valid JSON", detail);
}

Problem not_found_problem(const std::string& detail) {
  return make_problem(404, "not-found", "Not found", detail);
}

Problem unsupported_media_type_problem(const std::string& detail) {
  return make_problem(415, "unsupported-media-type", "Unsupported media type", detail);
}

Problem forbidden_problem(const std::string& detail) {
  return make_problem(403, "forbidden", "Forbidden", detail);
}

Problem method_not_allowed_problem(const std::string& detail) {
  return make_problem(405, "method-not-allowed", "Method not allowed", detail);
}

Problem internal_error_problem() {
  return make_problem(
      500, "internal-error", "Internal server error",
      "The server failed to handle this request. Quote the request id when reporting it.");
}

std::size_t page_limit(const Request& request, std::size_t fallback, std::size_t max,
                       std::vector<FieldError>& errors) {
  const auto text = request.query_param("limit");
  if (!text) return fallback;
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec == std::errc{} && end == text->data() + text->size() && value >= 1 && value <= max)
    return value;
  errors.push_back({"limit", "must be a whole number from 1 to " + std::to_string(max)});
  return fallback;
}

}  // namespace opsdesk::http
