#pragma once
// The HTTP side of the command plumbing, the same for every command service: If-Match (an
// ETag of this API: the aggregate's version), Idempotency-Key (per caller, bound to the
// request's fingerprint), the ETag of an answer, and the mapping of a refused command to
// problem+json (domain rule 409 naming the rule, bad fields 422 listing each, not found 404,
// precondition 412, conflict 409, key reused 422, storage 503).

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "libs/aggregate/command_runner.hpp"
#include "libs/auth/principal.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/message.hpp"
#include "libs/http/problem.hpp"

namespace opsdesk::aggregate {

// "3" (a strong ETag of a version).
std::string etag(std::uint64_t version);

// If-Match: "3" (or W/"3", or *). nullopt for absent or "*"; a 400 when it is not a version.
// `noun` names the aggregate in the message ("the incident's version").
std::expected<std::optional<std::uint64_t>, http::Problem> parse_if_match(
    const http::Request& request, std::string_view noun);

// Idempotency-Key, scoped to the caller (two users choosing the same key never see each
// other's results) and bound to the request's method, path and body; a 400 when too long.
std::expected<std::optional<eventstore::IdempotencyKey>, http::Problem> idempotency_of(
    const http::Request& request, const auth::Principal& who);

// The problem a refused command answers with; `noun` names the aggregate ("incident").
http::Problem rejection_problem(const CommandRejected& rejected, std::string_view noun);

// RFC 7240 `Prefer: return=minimal`: the caller does not need the aggregate back (a client
// recording many commands on a long incident), so the answer carries only where it stands.
bool prefers_minimal(const http::Request& request);

// The body of a minimal answer: {"id": …, "version": …, "position": …}.
std::string minimal_body(std::string_view id, std::uint64_t version, std::uint64_t position);

// The answer to an accepted command: 201 with Location for a creation, else 200; the body is
// the aggregate as JSON (or minimal_body, with Preference-Applied, when `minimal`); ETag (its
// version), X-Opsdesk-Position, Idempotent-Replayed.
http::Response accepted_response(std::string body, std::uint64_t version, std::uint64_t position,
                                 bool replayed, std::optional<std::string> created_location,
                                 bool minimal = false);

}  // namespace opsdesk::aggregate
