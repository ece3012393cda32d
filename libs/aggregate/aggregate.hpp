#pragma once
// What a command service supplies for the shared command plumbing: its aggregate as a set of
// static functions over its own State, Command and Event types (Chassaing's decider, plus how
// its events are stored). The plumbing (repository.hpp, command_runner.hpp,
// http_commands.hpp) knows nothing else of the domain.

#include <concepts>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "libs/eventstore/event_store.hpp"

namespace opsdesk::aggregate {

// A: e.g. incidents::IncidentAggregate.
template <typename A>
concept Aggregate = requires(const typename A::State& state, const typename A::Command& command,
                             const typename A::Event& event,
                             const eventstore::RecordedEvent& record, const std::string& id,
                             std::string_view bytes, core::Instant now) {
  // "incident": how messages name one ("the incident is at version 3").
  { A::kNoun } -> std::convertible_to<std::string_view>;
  // The aggregate's stream ("incident-<id>") and back (empty for another kind of stream).
  { A::stream_id(id) } -> std::same_as<std::string>;
  { A::id_of_stream(id) } -> std::same_as<std::string>;
  // The decider: pure, time as a parameter.
  {
    A::decide(state, command, now)
    } -> std::same_as<std::expected<std::vector<typename A::Event>, DomainError>>;
  { A::evolve(state, event) } -> std::same_as<typename A::State>;
  // The state's id, version (events folded; 0: no such aggregate) and tenants (the metadata of
  // its events: who may see them).
  { A::id(state) } -> std::convertible_to<std::string>;
  { A::version(state) } -> std::convertible_to<std::uint64_t>;
  { A::tenants(state) } -> std::convertible_to<std::vector<std::string>>;
  // The tenants a command itself names (a new aggregate's, a notice's recipient, an added
  // tenant): a caller must hold each of them.
  { A::tenants_named(command) } -> std::convertible_to<std::vector<std::string>>;
  // A command that creates the aggregate under an id the server just minted: nothing to read.
  { A::creates(command) } -> std::convertible_to<bool>;
  // Events to the store's records and back (the published contract).
  { A::encode(event) } -> std::same_as<eventstore::NewEvent>;
  { A::decode(record) } -> std::same_as<std::expected<typename A::Event, std::string>>;
  // Its state to bytes and back, for the snapshots of long streams (repository.hpp): exact
  // (decoding what was encoded gives the same state). kStateSchema names the encoding and the
  // folding code: change it whenever the state, its encoding or evolve() changes, and every
  // kept snapshot is ignored and folded again from the events.
  { A::kStateSchema } -> std::convertible_to<std::string_view>;
  { A::encode_state(state) } -> std::same_as<std::string>;
  { A::decode_state(bytes) } -> std::same_as<std::expected<typename A::State, std::string>>;
};

}  // namespace opsdesk::aggregate
