#pragma once
// What command services' routes share: a problem as the answer, times in Tokyo's offset, the
// query parameters lists take (?tenant=, ?status=…, ?month=), each with its one error message, and
// the newest-first page. A routes file takes them with `using namespace aggregate::routes;`.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/auth/principal.hpp"
#include "libs/core/instant.hpp"
#include "libs/http/message.hpp"
#include "libs/http/problem.hpp"

namespace opsdesk::aggregate::routes {

inline http::Response answer(const http::Problem& p, const http::Request& request) {
  return p.to_response(request.request_id);
}

std::string time_text(core::Instant at);
nlohmann::json optional_time(const std::optional<core::Instant>& at);

// ?tenant=: an association code the caller holds a token for; nullopt when absent or wrong (the
// error is added).
std::optional<std::string> tenant_param(const http::Request& request, const auth::Principal& who,
                                        std::vector<http::FieldError>& errors);

// ?<name>=: one of `words` (a status, a kind…); nullopt when absent or not one of them (the
// error, naming the words allowed, is added).
std::optional<std::string> word_param(const http::Request& request, const std::string& name,
                                      std::span<const std::string_view> words,
                                      std::vector<http::FieldError>& errors);

// One page of a list: `states` are those that pass the list's filters after its cursor, in the
// list's order; at most `limit` of them rendered as "items", and "next_cursor" the `key` (the id)
// of the last one given when more follow (null on the last page).
template <typename State, typename Render>
nlohmann::json page_json(const std::vector<State>& states, std::size_t limit, Render render,
                         const char* key = "id") {
  auto items = nlohmann::json::array();
  nlohmann::json next_cursor = nullptr;
  for (const auto& state : states) {
    if (items.size() == limit) {
      next_cursor = items.back()[key];
      break;
    }
    items.push_back(render(state));
  }
  return {{"items", std::move(items)}, {"next_cursor", std::move(next_cursor)}};
}

// ?month=YYYY-MM, or `otherwise` when absent; the error is added when it does not parse.
std::chrono::year_month month_param(const http::Request& request, std::chrono::year_month otherwise,
                                    std::vector<http::FieldError>& errors);

}  // namespace opsdesk::aggregate::routes
