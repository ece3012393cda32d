#pragma once
// The inquiry as the shared command plumbing (libs/aggregate) runs it: its decider, its state's
// id, version and tenant, and its events through the published contract. The repository and
// the command handler are the plumbing's, instantiated here.

#include <string>
#include <vector>

#include "libs/aggregate/command_runner.hpp"
#include "libs/aggregate/event_records.hpp"
#include "libs/aggregate/repository.hpp"
#include "services/inquiries/domain/decider.hpp"
#include "services/inquiries/state_codec.hpp"

namespace opsdesk::inquiries {

struct InquiryAggregate {
  using State = InquiryState;
  using Command = InquiryCommand;
  using Event = InquiryEvent;

  static constexpr std::string_view kNoun = "inquiry";
  static std::string stream_id(const std::string& id) { return stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return inquiry_id_of(stream); }
  static std::expected<std::vector<Event>, DomainError> decide(const State& state,
                                                               const Command& command,
                                                               core::Instant now) {
    return inquiries::decide(state, command, now);
  }
  static State evolve(State state, const Event& event) {
    return inquiries::evolve(std::move(state), event);
  }
  static std::string id(const State& state) { return state.id; }
  static std::uint64_t version(const State& state) { return state.version; }
  // An inquiry belongs to the one tenant it came from (centre_ops: centre staff only).
  static std::vector<std::string> tenants(const State& state) { return {state.tenant}; }
  static std::vector<std::string> tenants_named(const Command& command) {
    if (const auto* receive = std::get_if<ReceiveInquiry>(&command)) return {receive->tenant};
    return {};
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<ReceiveInquiry>(command);
  }
  static eventstore::NewEvent encode(const Event& event) {
    return aggregate::to_new_event(event, occurred_at(event));
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return inquiries::decode(record);
  }
  // Bump with any change to InquiryState, inquiry_state.proto or evolve(): kept snapshots of
  // another schema are folded again from the events.
  static constexpr std::string_view kStateSchema = "opsdesk.inquiries.InquiryState/1";
  static std::string encode_state(const State& state) { return inquiries::encode_state(state); }
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return inquiries::decode_state(bytes);
  }
};

using InquiryRepository = aggregate::Repository<InquiryAggregate>;
using CommandHandler = aggregate::CommandRunner<InquiryAggregate>;
using CommandOutcome = CommandHandler::Outcome;

}  // namespace opsdesk::inquiries
