#pragma once
// The incident as the shared command plumbing (libs/aggregate) runs it: its decider, its
// state's id, version and tenants, and its events through the published contract. The
// repository (load, append) and the command handler are the plumbing's, instantiated here.

#include <string>
#include <vector>

#include "libs/aggregate/command_runner.hpp"
#include "libs/aggregate/repository.hpp"
#include "services/incidents/domain/decider.hpp"
#include "services/incidents/event_codec.hpp"
#include "services/incidents/state_codec.hpp"

namespace opsdesk::incidents {

struct IncidentAggregate {
  using State = IncidentState;
  using Command = IncidentCommand;
  using Event = IncidentEvent;

  static constexpr std::string_view kNoun = "incident";
  static std::string stream_id(const std::string& id) { return stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return incident_id_of(stream); }
  static std::expected<std::vector<Event>, DomainError> decide(const State& state,
                                                               const Command& command,
                                                               core::Instant now) {
    return incidents::decide(state, command, now);
  }
  static State evolve(State state, const Event& event) {
    return incidents::evolve(std::move(state), event);
  }
  static std::string id(const State& state) { return state.id; }
  static std::uint64_t version(const State& state) { return state.version; }
  static std::vector<std::string> tenants(const State& state) { return state.affected_tenants; }
  static std::vector<std::string> tenants_named(const Command& command) {
    return incidents::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<DetectIncident>(command);
  }
  static eventstore::NewEvent encode(const Event& event) { return incidents::encode(event); }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return incidents::decode(record);
  }
  // Bump with any change to IncidentState, incident_state.proto or evolve(): kept snapshots of
  // another schema are folded again from the events.
  static constexpr std::string_view kStateSchema = "opsdesk.incidents.IncidentState/2";
  static std::string encode_state(const State& state) { return incidents::encode_state(state); }
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return incidents::decode_state(bytes);
  }
};

using IncidentRepository = aggregate::Repository<IncidentAggregate>;
using CommandHandler = aggregate::CommandRunner<IncidentAggregate>;
using CommandOutcome = CommandHandler::Outcome;

}  // namespace opsdesk::incidents
