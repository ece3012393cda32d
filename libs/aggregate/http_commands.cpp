#include "libs/aggregate/http_commands.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "libs/auth/digests.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/core/uuid.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::aggregate {

namespace {

constexpr std::size_t kMaxIdempotencyKeyLength = 255;

// Identifies a request for Idempotency-Key: the same key must come with the same command.
std::string fingerprint(const http::Request& request) {
  return auth::sha256_hex(request.method + " " + request.path + "\n" + request.body);
}

http::Problem problem(int status, const std::string& name, const std::string& title,
                      const std::string& detail) {
  http::Problem p;
  p.status = status;
  p.type = http::problem_type(name);
  p.title = title;
  p.detail = detail;
  return p;
}

}  // namespace

std::string etag(std::uint64_t version) {
  // Appended: GCC 12 warns falsely (-Wrestrict, its bug 105651) on a literal put in front of a
  // temporary string ("x" + std::to_string(n)) at -O2.
  std::string text = "\"";
  return text.append(std::to_string(version)).append("\"");
}

std::expected<std::optional<std::uint64_t>, http::Problem> parse_if_match(
    const http::Request& request, std::string_view noun) {
  std::string value = request.header("If-Match");
  if (value.empty() || value == "*") return std::nullopt;
  if (value.starts_with("W/")) value = value.substr(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    value = value.substr(1, value.size() - 2);
  std::uint64_t version = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (ec != std::errc{} || end != value.data() + value.size()) {
    return std::unexpected(problem(400, "malformed-if-match", "Malformed If-Match",
                                   "If-Match must be an ETag of this API, e.g. \"3\" (the " +
                                       std::string(noun) + "'s version)"));
  }
  return version;
}

std::expected<std::optional<eventstore::IdempotencyKey>, http::Problem> idempotency_of(
    const http::Request& request, const auth::Principal& who) {
  if (!request.headers.contains("Idempotency-Key")) return std::nullopt;
  const std::string key = request.header("Idempotency-Key");
  if (key.empty()) {
    return std::unexpected(problem(400, "malformed-idempotency-key", "Malformed Idempotency-Key",
                                   "Idempotency-Key is empty; give 1 to 255 characters or leave "
                                   "the header out"));
  }
  if (key.size() > kMaxIdempotencyKeyLength) {
    return std::unexpected(problem(400, "malformed-idempotency-key", "Malformed Idempotency-Key",
                                   "Idempotency-Key must be at most 255 characters"));
  }
  return eventstore::IdempotencyKey{who.subject + "\n" + key, fingerprint(request)};
}

http::Problem rule_problem(std::string rule, std::string message, std::string_view noun) {
  return rejection_problem(
      {CommandRejected::Kind::domain,
       DomainError{DomainError::Kind::rule_violated, std::move(rule), std::move(message), {}}, 0,
       ""},
      noun);
}

http::Problem rejection_problem(const CommandRejected& r, std::string_view noun) {
  using Kind = CommandRejected::Kind;
  const std::string name(noun);
  switch (r.kind) {
    case Kind::domain: {
      const auto& e = r.domain;
      if (e.kind == DomainError::Kind::not_found) return http::not_found_problem(e.message);
      if (e.kind == DomainError::Kind::invalid_fields) {
        std::vector<http::FieldError> fields;
        for (const auto& f : e.fields) fields.push_back({f.field, f.message});
        return http::validation_problem(std::move(fields));
      }
      auto p = problem(409, e.rule, "The " + name + "'s lifecycle does not allow this", e.message);
      p.extensions["rule"] = e.rule;
      p.extensions["current_version"] = r.current_version;
      return p;
    }
    case Kind::precondition_failed: {
      auto p = problem(412, "precondition-failed", "The " + name + " has changed", r.message);
      p.extensions["current_version"] = r.current_version;
      return p;
    }
    case Kind::conflict:
      return problem(409, "concurrency-conflict", "Concurrent changes", r.message);
    case Kind::idempotency_key_reused:
      return problem(422, "idempotency-key-reused", "Idempotency-Key reused", r.message);
    case Kind::forbidden:
      return problem(403, "forbidden", "Forbidden", r.message);
    case Kind::storage_failure: {
      auto p = problem(503, "storage-unavailable", "The event store could not record the command",
                       "nothing was recorded; retry later (" + r.message + ")");
      // A full disk is retried by the store every second; a few seconds is a fair first wait.
      p.retry_after_seconds = 5;
      return p;
    }
  }
  return http::internal_error_problem();
}

bool prefers_minimal(const http::Request& request) {
  // Prefer is a list of preferences ("return=minimal, respond-async"); tokens are
  // case-insensitive, and any other preference is ignored, as RFC 7240 asks.
  std::string value = request.header("Prefer");
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::erase(value, ' ');
  std::size_t at = 0;
  while (at <= value.size()) {
    const auto end = std::min(value.find_first_of(",;", at), value.size());
    if (value.compare(at, end - at, "return=minimal") == 0) return true;
    at = end + 1;
  }
  return false;
}

std::string minimal_body(std::string_view id, std::uint64_t version, std::uint64_t position) {
  return nlohmann::json{{"id", id}, {"version", version}, {"position", position}}.dump();
}

http::Response accepted_response(std::string body, std::uint64_t version, std::uint64_t position,
                                 bool replayed, std::optional<std::string> created_location,
                                 bool minimal) {
  auto response =
      http::Response::text(created_location ? 201 : 200, std::move(body), "application/json");
  if (minimal) response.set_header("Preference-Applied", "return=minimal");
  response.set_header("ETag", etag(version));
  response.set_header("X-Opsdesk-Position", std::to_string(position));
  if (replayed) response.set_header("Idempotent-Replayed", "true");
  if (created_location) response.set_header("Location", *created_location);
  return response;
}

nlohmann::json recorded_event_json(const eventstore::RecordedEvent& r,
                                   const std::optional<std::string>& payload_json) {
  using nlohmann::json;
  return json{{"event_id", r.event_id()},
              {"stream_id", r.stream_id()},
              {"stream_version", r.stream_version()},
              {"log_position", r.log_position()},
              {"type", r.type()},
              {"occurred_at", core::format_tokyo_rfc3339(proto::from_timestamp(r.occurred_at()))},
              {"recorded_at", core::format_tokyo_rfc3339(proto::from_timestamp(r.recorded_at()))},
              {"tenants", std::vector<std::string>(r.tenants().begin(), r.tenants().end())},
              {"actor", r.actor()},
              {"correlation_id", r.correlation_id()},
              {"causation_id", r.causation_id()},
              {"payload", payload_json ? json::parse(*payload_json) : json(nullptr)},
              {"redacted", !payload_json.has_value()}};
}

std::optional<std::string> canonical_id(const std::string& text) {
  auto id = core::Uuid::parse(text);
  if (!id) return std::nullopt;
  return id->to_string();
}

std::string list_cursor(const http::Request& request, std::vector<http::FieldError>& errors) {
  const auto cursor = request.query_param("cursor");
  if (!cursor) return {};
  if (auto id = canonical_id(*cursor)) return *id;
  errors.push_back({"cursor", "must be the next_cursor of a previous page"});
  return {};
}

}  // namespace opsdesk::aggregate
