#pragma once
// What an aggregate forwards to its domain alike, whatever the domain: the decider, the fold,
// the version, its events to records and its state to snapshot bytes. A service's aggregate
// derives from ForwardingAggregate<State, Command, Event> and adds its stream, id, tenants,
// creation, decoding and state schema (see services/scheduling/schedule_aggregates.hpp).
//
// The domain supplies, in the namespace of its State: decide(state, command, now),
// evolve(state, event), encode_state(state); every event message has `at`, the time it
// happened in the world (the record's occurred_at).

#include <cstdint>
#include <expected>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/aggregate/event_records.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::aggregate {

namespace forwarding {
// Unqualified calls, found by argument-dependent lookup in the namespace of the domain's State.
template <typename State, typename Command>
auto decide_of(const State& state, const Command& command, core::Instant now) {
  return decide(state, command, now);
}
template <typename State, typename Event>
State evolve_of(State state, const Event& event) {
  return evolve(std::move(state), event);
}
template <typename State>
std::string encode_state_of(const State& state) {
  return encode_state(state);
}
}  // namespace forwarding

template <typename StateT, typename CommandT, typename EventT>
struct ForwardingAggregate {
  using State = StateT;
  using Command = CommandT;
  using Event = EventT;

  static std::expected<std::vector<Event>, DomainError> decide(const State& state,
                                                               const Command& command,
                                                               core::Instant now) {
    return forwarding::decide_of(state, command, now);
  }
  static State evolve(State state, const Event& event) {
    return forwarding::evolve_of(std::move(state), event);
  }
  static std::uint64_t version(const State& state) { return state.version; }
  static eventstore::NewEvent encode(const Event& event) {
    const auto at =
        std::visit([](const auto& message) { return proto::from_timestamp(message.at()); }, event);
    return to_new_event(event, at);
  }
  static std::string encode_state(const State& state) { return forwarding::encode_state_of(state); }
};

}  // namespace opsdesk::aggregate
