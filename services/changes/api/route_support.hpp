#pragma once
// What the changes service's routes share: a problem as the answer, times in Tokyo's offset and
// the query parameters several lists take (?tenant=, ?month=), each with its one error message.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "libs/auth/principal.hpp"
#include "libs/core/instant.hpp"
#include "libs/http/message.hpp"
#include "libs/http/problem.hpp"

namespace opsdesk::changes::api {

inline http::Response answer(const http::Problem& p, const http::Request& request) {
  return p.to_response(request.request_id);
}

std::string time_text(core::Instant at);
nlohmann::json optional_time(const std::optional<core::Instant>& at);

// ?tenant=: an association code the caller holds a token for; nullopt when absent or wrong (the
// error is added).
std::optional<std::string> tenant_param(const http::Request& request, const auth::Principal& who,
                                        std::vector<http::FieldError>& errors);

// ?month=YYYY-MM, or `otherwise` when absent; the error is added when it does not parse.
std::chrono::year_month month_param(const http::Request& request, std::chrono::year_month otherwise,
                                    std::vector<http::FieldError>& errors);

}  // namespace opsdesk::changes::api
