#pragma once
// The changes domain's aggregates as the shared command plumbing (libs/aggregate) runs them:
// configuration items, change requests, the term's effort against the cap, security patches,
// controlled documents, meetings and check-outs.
// Their states go into snapshots as JSON (state_codec.cpp): a change's grows with every hour
// recorded.

#include <string>
#include <vector>

#include "libs/aggregate/command_runner.hpp"
#include "libs/aggregate/forwarding_aggregate.hpp"
#include "libs/aggregate/repository.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/changes/domain/change.hpp"
#include "services/changes/domain/checkout.hpp"
#include "services/changes/domain/configuration_item.hpp"
#include "services/changes/domain/document.hpp"
#include "services/changes/domain/effort_cap.hpp"
#include "services/changes/domain/meeting.hpp"
#include "services/changes/domain/patch.hpp"

namespace opsdesk::changes {

std::string encode_state(const ConfigurationItemState& state);
std::expected<ConfigurationItemState, std::string> decode_configuration_item_state(
    std::string_view bytes);
std::string encode_state(const ChangeState& state);
std::expected<ChangeState, std::string> decode_change_state(std::string_view bytes);
std::string encode_state(const EffortCapState& state);
std::expected<EffortCapState, std::string> decode_effort_cap_state(std::string_view bytes);
std::string encode_state(const PatchState& state);
std::expected<PatchState, std::string> decode_patch_state(std::string_view bytes);
std::string encode_state(const DocumentState& state);
std::expected<DocumentState, std::string> decode_document_state(std::string_view bytes);
std::string encode_state(const MeetingState& state);
std::expected<MeetingState, std::string> decode_meeting_state(std::string_view bytes);
std::string encode_state(const CheckoutState& state);
std::expected<CheckoutState, std::string> decode_checkout_state(std::string_view bytes);

struct ConfigurationItemAggregate
    : aggregate::ForwardingAggregate<ConfigurationItemState, ConfigurationItemCommand,
                                     ConfigurationItemEvent> {
  static constexpr std::string_view kNoun = "configuration item";
  static std::string stream_id(const std::string& id) {
    return configuration_item_stream_id_of(id);
  }
  static std::string id_of_stream(const std::string& stream) {
    return configuration_item_id_of(stream);
  }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.concerned(); }
  static std::vector<std::string> tenants_named(const Command& command) {
    return changes::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<RegisterConfigurationItem>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_configuration_item(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.changes.ConfigurationItemState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_configuration_item_state(bytes);
  }
};

struct ChangeAggregate : aggregate::ForwardingAggregate<ChangeState, ChangeCommand, ChangeEvent> {
  static constexpr std::string_view kNoun = "change";
  static std::string stream_id(const std::string& id) { return change_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return change_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.tenants; }
  static std::vector<std::string> tenants_named(const Command& command) {
    return changes::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<RegisterChange>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_change(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.changes.ChangeState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_change_state(bytes);
  }
};

// The term's effort: its stream starts with the first threshold reached. The cap is the whole
// centre's: every association may see it.
struct EffortCapAggregate
    : aggregate::ForwardingAggregate<EffortCapState, EffortCapCommand, EffortCapEvent> {
  static constexpr std::string_view kNoun = "effort cap";
  static std::string stream_id(const std::string& term) { return effort_cap_stream_id_of(term); }
  static std::string id_of_stream(const std::string& stream) { return effort_cap_term_of(stream); }
  static std::string id(const State& state) { return state.term; }
  static std::vector<std::string> tenants(const State&) { return tenants::all_codes(); }
  static std::vector<std::string> tenants_named(const Command&) { return {}; }
  static bool creates(const Command&) { return false; }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_effort_cap(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.changes.EffortCapState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_effort_cap_state(bytes);
  }
};

// A security patch is published software: every association may see it; its matrix rows are
// shown to the associations its targets serve (the API filters them).
struct PatchAggregate : aggregate::ForwardingAggregate<PatchState, PatchCommand, PatchEvent> {
  static constexpr std::string_view kNoun = "patch";
  static std::string stream_id(const std::string& id) { return patch_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return patch_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State&) { return tenants::all_codes(); }
  static std::vector<std::string> tenants_named(const Command& command) {
    return changes::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<RegisterPatch>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_patch(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.changes.PatchState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_patch_state(bytes);
  }
};

// A document is seen by the associations it concerns (all_centre: the centre's 18).
struct DocumentAggregate
    : aggregate::ForwardingAggregate<DocumentState, DocumentCommand, DocumentEvent> {
  static constexpr std::string_view kNoun = "document";
  static std::string stream_id(const std::string& id) { return document_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return document_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.concerned(); }
  static std::vector<std::string> tenants_named(const Command& command) {
    return changes::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<RegisterDocument>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_document(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.changes.DocumentState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_document_state(bytes);
  }
};

struct MeetingAggregate
    : aggregate::ForwardingAggregate<MeetingState, MeetingCommand, MeetingEvent> {
  static constexpr std::string_view kNoun = "meeting";
  static std::string stream_id(const std::string& id) { return meeting_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return meeting_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.concerned(); }
  static std::vector<std::string> tenants_named(const Command& command) {
    return changes::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<RecordMeeting>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_meeting(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.changes.MeetingState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_meeting_state(bytes);
  }
};

// A check-out is seen by the associations its asset serves.
struct CheckoutAggregate
    : aggregate::ForwardingAggregate<CheckoutState, CheckoutCommand, CheckoutEvent> {
  static constexpr std::string_view kNoun = "check-out";
  static std::string stream_id(const std::string& id) { return checkout_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return checkout_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.tenants; }
  static std::vector<std::string> tenants_named(const Command& command) {
    return changes::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<CheckOutAsset>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_checkout(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.changes.CheckoutState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_checkout_state(bytes);
  }
};

using ConfigurationItemRepository = aggregate::Repository<ConfigurationItemAggregate>;
using ConfigurationItemCommands = aggregate::CommandRunner<ConfigurationItemAggregate>;
using ChangeRepository = aggregate::Repository<ChangeAggregate>;
using ChangeCommands = aggregate::CommandRunner<ChangeAggregate>;
using EffortCapRepository = aggregate::Repository<EffortCapAggregate>;
using EffortCapCommands = aggregate::CommandRunner<EffortCapAggregate>;
using PatchRepository = aggregate::Repository<PatchAggregate>;
using PatchCommands = aggregate::CommandRunner<PatchAggregate>;
using DocumentRepository = aggregate::Repository<DocumentAggregate>;
using DocumentCommands = aggregate::CommandRunner<DocumentAggregate>;
using MeetingRepository = aggregate::Repository<MeetingAggregate>;
using MeetingCommands = aggregate::CommandRunner<MeetingAggregate>;
using CheckoutRepository = aggregate::Repository<CheckoutAggregate>;
using CheckoutCommands = aggregate::CommandRunner<CheckoutAggregate>;

}  // namespace opsdesk::changes
