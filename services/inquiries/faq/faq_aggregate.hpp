#pragma once
// FAQ entries and the FAQ file log as the shared command plumbing (libs/aggregate) runs them.
// Their states are short and kept in snapshots as JSON (faq_state_codec.cpp).

#include <string>
#include <vector>

#include "libs/aggregate/command_runner.hpp"
#include "libs/aggregate/event_records.hpp"
#include "libs/aggregate/repository.hpp"
#include "services/inquiries/faq/faq_domain.hpp"

namespace opsdesk::inquiries::faq {

std::string encode_state(const FaqEntryState& state);
std::expected<FaqEntryState, std::string> decode_entry_state(std::string_view bytes);
std::string encode_state(const FaqFilesState& state);
std::expected<FaqFilesState, std::string> decode_files_state(std::string_view bytes);

// The tenants an entry's events are about: its associations; none (centre-wide, as the
// CloudEvents contract says) for an entry of every association.
std::vector<std::string> event_tenants(const std::vector<std::string>& entry_tenants);

struct FaqEntryAggregate {
  using State = FaqEntryState;
  using Command = FaqEntryCommand;
  using Event = FaqEntryEvent;

  static constexpr std::string_view kNoun = "FAQ entry";
  static std::string stream_id(const std::string& id) { return faq_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return faq_id_of(stream); }
  static std::expected<std::vector<Event>, DomainError> decide(const State& state,
                                                               const Command& command,
                                                               core::Instant now) {
    return faq::decide(state, command, now);
  }
  static State evolve(State state, const Event& event) {
    return faq::evolve(std::move(state), event);
  }
  static std::string id(const State& state) { return state.id; }
  static std::uint64_t version(const State& state) { return state.version; }
  static std::vector<std::string> tenants(const State& state) {
    return event_tenants(state.tenants);
  }
  static std::vector<std::string> tenants_named(const Command& command) {
    if (const auto* create = std::get_if<CreateFaqEntry>(&command)) return create->tenants;
    if (const auto* edit = std::get_if<EditFaqEntry>(&command))
      return edit->tenants.value_or(std::vector<std::string>{});
    return {};
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<CreateFaqEntry>(command);
  }
  static eventstore::NewEvent encode(const Event& event) {
    return aggregate::to_new_event(event, occurred_at(event));
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_faq_entry(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.inquiries.FaqEntryState/1";
  static std::string encode_state(const State& state) { return faq::encode_state(state); }
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_entry_state(bytes);
  }
};

// The one log of FAQ files: its version is the number of the last file published.
struct FaqFilesAggregate {
  using State = FaqFilesState;
  using Command = PublishFaqFile;
  using Event = FaqFileEvent;

  static constexpr std::string_view kNoun = "FAQ file log";
  static std::string stream_id(const std::string&) { return std::string(kFaqFileStream); }
  static std::string id_of_stream(const std::string& stream) {
    return stream == kFaqFileStream ? std::string(kFaqFileLogId) : std::string();
  }
  static std::expected<std::vector<Event>, DomainError> decide(const State& state,
                                                               const Command& command,
                                                               core::Instant now) {
    return faq::decide(state, command, now);
  }
  static State evolve(State state, const Event& event) {
    return faq::evolve(std::move(state), event);
  }
  static std::string id(const State&) { return std::string(kFaqFileLogId); }
  static std::uint64_t version(const State& state) { return state.version; }
  static std::vector<std::string> tenants(const State&) { return {}; }  // the centre's
  // Publishing the system's FAQ is centre staff's: a token for every tenant.
  static std::vector<std::string> tenants_named(const Command&) {
    return {std::string(kEveryAssociation)};
  }
  static bool creates(const Command&) { return false; }
  static eventstore::NewEvent encode(const Event& event) {
    return aggregate::to_new_event(event, occurred_at(event));
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_faq_file(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.inquiries.FaqFilesState/1";
  static std::string encode_state(const State& state) { return faq::encode_state(state); }
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_files_state(bytes);
  }
};

using FaqEntryRepository = aggregate::Repository<FaqEntryAggregate>;
using FaqEntryCommands = aggregate::CommandRunner<FaqEntryAggregate>;
using FaqFilesRepository = aggregate::Repository<FaqFilesAggregate>;
using FaqFilesCommands = aggregate::CommandRunner<FaqFilesAggregate>;

}  // namespace opsdesk::inquiries::faq
