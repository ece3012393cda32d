#pragma once
// The HTTP side of the command plumbing, the same for every command service: If-Match (an
// ETag of this API: the aggregate's version), Idempotency-Key (per caller, bound to the
// request's fingerprint), the ETag of an answer, and the mapping of a refused command to
// problem+json (domain rule 409 naming the rule, bad fields 422 listing each, not found 404,
// precondition 412, conflict 409, key reused 422, storage 503).

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libs/aggregate/command_runner.hpp"
#include "libs/aggregate/event_records.hpp"
#include "libs/auth/principal.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/message.hpp"
#include "libs/http/problem.hpp"
#include "libs/http/reply.hpp"

namespace opsdesk::aggregate {

// Aggregate ids are UUIDs: any spelling of one (upper-case hex) names the same aggregate, in
// the lower-case form its stream has; nothing for a text that is not a UUID.
std::optional<std::string> canonical_id(const std::string& text);

// The `cursor` of a list page (the last id of the previous page, in any spelling): empty when
// the request has none; a field error when it is not an id.
std::string list_cursor(const http::Request& request, std::vector<http::FieldError>& errors);

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

// The 409 of a lifecycle rule a route checks itself, before any decider (a code already taken,
// a second change for one inquiry): the same problem a decider's rule gives.
http::Problem rule_problem(std::string rule, std::string message, std::string_view noun);
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

// An event of GET /v1/<aggregates>/{id}/events: the envelope's fields and the payload (JSON
// text, libs/aggregate/event_records.hpp); without a payload (an event private to a tenant the
// viewer does not hold) `"payload": null` and `"redacted": true`, so that versions stay
// contiguous for every reader. Times in Tokyo time.
nlohmann::json recorded_event_json(const eventstore::RecordedEvent& record,
                                   const std::optional<std::string>& payload_json);

// GET …/events: the aggregate's whole stream, oldest first, each record as recorded_event_json.
// An event that does not decode is a bug of the service's own log: it throws (a 500).
template <Aggregate A>
nlohmann::json history_json(const Repository<A>& repository, const std::string& id) {
  auto items = nlohmann::json::array();
  for (const auto& record : repository.store().read_stream(A::stream_id(id))) {
    auto event = A::decode(record);
    if (!event) throw std::runtime_error(event.error());
    items.push_back(recorded_event_json(record, payload_json(*event)));
  }
  return items;
}

// A parsed command of an async route, run end to end: If-Match and Idempotency-Key from the
// request, then the runner; the answer (accepted_response, or the rejection's problem) is sent
// on `reply`. Nothing here waits for the fsync: store reads run through the reply's blocking
// pool, and the answer is built on the I/O thread once the append is durable.
// `render(state, caller, position)` is the aggregate as JSON text; `location(state)`, when
// given, makes the answer a 201 Created with that Location ("/v1/incidents/<id>", of the state
// answered, which for a retried request is the first one's).
template <Aggregate A, typename Render>
void execute_http_command(CommandRunner<A>& runner, const http::Request& request,
                          const http::Reply& reply, const auth::Principal& who, std::string id,
                          typename A::Command command, core::Instant now,
                          std::function<std::string(const typename A::State&)> location,
                          Render render) {
  auto refuse = [&](const http::Problem& p) { reply.send(p.to_response(request.request_id)); };
  auto if_match = parse_if_match(request, A::kNoun);
  if (!if_match) return refuse(if_match.error());
  auto idempotency = idempotency_of(request, who);
  if (!idempotency) return refuse(idempotency.error());

  CommandContext context{who.subject, request.request_id, *if_match, std::move(*idempotency), who};
  runner.execute(
      std::move(id), std::move(command), now, std::move(context),
      [reply](std::function<void()> work) { reply.run_blocking(std::move(work)); },
      [reply, location = std::move(location), request_id = request.request_id, caller = who,
       minimal = prefers_minimal(request),
       render = std::move(render)](typename CommandRunner<A>::Outcome outcome) {
        // Called on the event store's syncer thread: the JSON is built on the I/O thread.
        reply.send_built(
            [outcome = std::move(outcome), location, request_id, caller, minimal, render] {
              if (!outcome)
                return rejection_problem(outcome.error(), A::kNoun).to_response(request_id);
              const auto& state = *outcome->state;
              // An aggregate may grow long (weeks of activities): a caller may decline it.
              return accepted_response(
                  minimal ? minimal_body(A::id(state), A::version(state), outcome->position)
                          : render(state, caller, outcome->position),
                  A::version(state), outcome->position, outcome->replayed,
                  location ? std::optional(location(state)) : std::nullopt, minimal);
            });
      });
}

}  // namespace opsdesk::aggregate
