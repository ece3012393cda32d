#pragma once
// RFC 9457 problem details: the one shape of every error opsdesk answers with. `type` is a
// stable URI per error kind (clients branch on it); `errors` lists every bad field at once.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libs/http/message.hpp"

namespace opsdesk::http {

// Problem type URIs are "urn:opsdesk:problem:<name>", e.g. urn:opsdesk:problem:validation-failed.
std::string problem_type(const std::string& name);

struct FieldError {
  std::string field;    // JSON-pointer-like name of the field, e.g. "affected_tenants[2]"
  std::string message;  // what is wrong and what is allowed
};

struct Problem {
  int status = 500;
  std::string type;    // full URI, see problem_type()
  std::string title;   // short, stable summary of the type
  std::string detail;  // this occurrence, in words
  std::vector<FieldError> errors;
  nlohmann::json extensions = nlohmann::json::object();  // extra members, e.g. "current_version"
  int retry_after_seconds = 0;  // > 0: a Retry-After header (a 503 or 429 worth retrying)

  Response to_response(const std::string& request_id) const;
};

// Common problems, one place for their type names and titles.
Problem validation_problem(std::vector<FieldError> errors);  // 422 validation-failed

// The `limit` query parameter of a paged list: `fallback` when absent, else a whole number from
// 1 to `max`; anything else adds an error naming that range (and gives `fallback`).
std::size_t page_limit(const Request& request, std::size_t fallback, std::size_t max,
                       std::vector<FieldError>& errors);
Problem malformed_json_problem(const std::string& detail);      // 400 malformed-json
Problem forbidden_problem(const std::string& detail);           // 403 forbidden
Problem not_found_problem(const std::string& detail);           // 404 not-found
Problem method_not_allowed_problem(const std::string& detail);  // 405 method-not-allowed
// 415 unsupported-media-type; `detail` names what was sent and what the route takes.
Problem unsupported_media_type_problem(const std::string& detail);
Problem internal_error_problem();  // 500 internal-error

}  // namespace opsdesk::http
