#pragma once
// The scheduling domain's aggregates as the shared command plumbing (libs/aggregate) runs them:
// tasks, occurrences, daily reports, windows, plan approvals, feed tokens and terminals' virus
// scans. Their states are short and kept in snapshots as JSON (state_codec.cpp).

#include <string>
#include <vector>

#include "libs/aggregate/command_runner.hpp"
#include "libs/aggregate/event_records.hpp"
#include "libs/aggregate/forwarding_aggregate.hpp"
#include "libs/aggregate/repository.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/scheduling/domain/daily_report.hpp"
#include "services/scheduling/domain/feed_token.hpp"
#include "services/scheduling/domain/occurrence.hpp"
#include "services/scheduling/domain/plan_approval.hpp"
#include "services/scheduling/domain/task.hpp"
#include "services/scheduling/domain/virus_scan.hpp"
#include "services/scheduling/domain/vocabulary.hpp"
#include "services/scheduling/domain/window.hpp"

namespace opsdesk::scheduling {

std::string encode_state(const TaskState& state);
std::expected<TaskState, std::string> decode_task_state(std::string_view bytes);
std::string encode_state(const OccurrenceState& state);
std::expected<OccurrenceState, std::string> decode_occurrence_state(std::string_view bytes);
std::string encode_state(const DailyReportState& state);
std::expected<DailyReportState, std::string> decode_daily_report_state(std::string_view bytes);
std::string encode_state(const WindowState& state);
std::expected<WindowState, std::string> decode_window_state(std::string_view bytes);
std::string encode_state(const PlanApprovalState& state);
std::expected<PlanApprovalState, std::string> decode_plan_approval_state(std::string_view bytes);
std::string encode_state(const FeedTokenState& state);
std::expected<FeedTokenState, std::string> decode_feed_token_state(std::string_view bytes);
std::string encode_state(const TerminalState& state);
std::expected<TerminalState, std::string> decode_terminal_state(std::string_view bytes);

// Each aggregate below forwards to the scheduling domain (libs/aggregate/forwarding_aggregate.hpp)
// and adds its stream, id, tenants, creation, decoding and state schema.
template <typename State, typename Command, typename Event>
using ScheduleAggregate = aggregate::ForwardingAggregate<State, Command, Event>;

struct TaskAggregate : ScheduleAggregate<TaskState, TaskCommand, TaskEvent> {
  static constexpr std::string_view kNoun = "task";
  static std::string stream_id(const std::string& id) { return task_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return task_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  // The associations any version of the task concerns (all_centre: the 18 of the centre).
  static std::vector<std::string> tenants(const State& state) { return state.concerned(); }
  static std::vector<std::string> tenants_named(const Command& command) {
    return scheduling::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<DefineTask>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_task(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.scheduling.TaskState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_task_state(bytes);
  }
};

// An occurrence's stream starts with whatever is first recorded against it: no command
// "creates" it (the plan does).
struct OccurrenceAggregate
    : ScheduleAggregate<OccurrenceState, OccurrenceCommand, OccurrenceEvent> {
  static constexpr std::string_view kNoun = "occurrence";
  static std::string stream_id(const std::string& id) { return occurrence_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) {
    return occurrence_id_of_stream(stream);
  }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.plan.tenants; }
  static std::vector<std::string> tenants_named(const Command& command) {
    return scheduling::tenants_named(command);
  }
  static bool creates(const Command&) { return false; }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_occurrence(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.scheduling.OccurrenceState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_occurrence_state(bytes);
  }
};

// A daily report is sent once: its stream holds that one event.
struct DailyReportAggregate
    : ScheduleAggregate<DailyReportState, DailyReportCommand, DailyReportEvent> {
  static constexpr std::string_view kNoun = "daily report";
  static std::string stream_id(const std::string& id) { return daily_report_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return daily_report_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.tenants; }
  static std::vector<std::string> tenants_named(const Command& command) {
    return concerned_codes(std::get<SendDailyReport>(command).tenants);
  }
  static bool creates(const Command&) { return true; }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_daily_report(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.scheduling.DailyReportState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_daily_report_state(bytes);
  }
};

struct WindowAggregate : ScheduleAggregate<WindowState, WindowCommand, WindowEvent> {
  static constexpr std::string_view kNoun = "window";
  static std::string stream_id(const std::string& id) { return window_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return window_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.tenants; }
  static std::vector<std::string> tenants_named(const Command& command) {
    return scheduling::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<PlanWindow>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_window(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.scheduling.WindowState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_window_state(bytes);
  }
};

// A plan's approvals, named by the plan's period: the first approval starts the stream.
struct PlanApprovalAggregate : ScheduleAggregate<PlanApprovalState, PlanCommand, PlanEvent> {
  static constexpr std::string_view kNoun = "plan";
  static std::string stream_id(const std::string& period) { return plan_stream_id_of(period); }
  static std::string id_of_stream(const std::string& stream) { return plan_period_of(stream); }
  static std::string id(const State& state) { return state.period; }
  // A plan is the whole centre's: every association may see its approvals.
  static std::vector<std::string> tenants(const State&) { return tenants::all_codes(); }
  static std::vector<std::string> tenants_named(const Command& command) {
    return scheduling::tenants_named(command);
  }
  static bool creates(const Command&) { return false; }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_plan(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.scheduling.PlanApprovalState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_plan_approval_state(bytes);
  }
};

// A feed token: who may issue or revoke one is the route's to judge (the issuer's own tenants,
// the issuer or the desk), so its commands name no tenants for the plumbing to check.
struct FeedTokenAggregate : ScheduleAggregate<FeedTokenState, FeedTokenCommand, FeedTokenEvent> {
  static constexpr std::string_view kNoun = "feed token";
  static std::string stream_id(const std::string& id) { return feed_token_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return feed_token_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) {
    return state.tenants == std::vector<std::string>{"*"} ? tenants::all_codes() : state.tenants;
  }
  static std::vector<std::string> tenants_named(const Command&) { return {}; }
  static bool creates(const Command& command) {
    return std::holds_alternative<IssueFeedToken>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_feed_token(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.scheduling.FeedTokenState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_feed_token_state(bytes);
  }
};

// A terminal's virus scans: its stream starts with its first record.
struct VirusScanAggregate : ScheduleAggregate<TerminalState, VirusScanCommand, VirusScanEvent> {
  static constexpr std::string_view kNoun = "terminal";
  static std::string stream_id(const std::string& id) { return virus_scan_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) {
    return terminal_id_of_stream(stream);
  }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return {state.tenant}; }
  static std::vector<std::string> tenants_named(const Command& command) {
    return {std::get<RecordVirusScan>(command).tenant};
  }
  static bool creates(const Command&) { return false; }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_virus_scan(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.scheduling.TerminalState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_terminal_state(bytes);
  }
};

using TaskRepository = aggregate::Repository<TaskAggregate>;
using TaskCommands = aggregate::CommandRunner<TaskAggregate>;
using OccurrenceRepository = aggregate::Repository<OccurrenceAggregate>;
using OccurrenceCommands = aggregate::CommandRunner<OccurrenceAggregate>;
using DailyReportRepository = aggregate::Repository<DailyReportAggregate>;
using DailyReportCommands = aggregate::CommandRunner<DailyReportAggregate>;
using WindowRepository = aggregate::Repository<WindowAggregate>;
using WindowCommands = aggregate::CommandRunner<WindowAggregate>;
using PlanApprovalRepository = aggregate::Repository<PlanApprovalAggregate>;
using PlanApprovalCommands = aggregate::CommandRunner<PlanApprovalAggregate>;
using FeedTokenRepository = aggregate::Repository<FeedTokenAggregate>;
using FeedTokenCommands = aggregate::CommandRunner<FeedTokenAggregate>;
using VirusScanRepository = aggregate::Repository<VirusScanAggregate>;
using VirusScanCommands = aggregate::CommandRunner<VirusScanAggregate>;

}  // namespace opsdesk::scheduling
