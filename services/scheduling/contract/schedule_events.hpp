#pragma once
// The scheduling domain's published contract (proto-schemas/opsdesk/scheduling/v1/events.proto,
// topic opsdesk.scheduling.events.v1): task definitions (streams "task-<uuidv7>") and their
// occurrences (streams "occurrence-<task id>-<YYYYMMDD>", named by the unshifted recurrence
// date), the daily operations reports ("dailyreport-<uuidv7>"), maintenance windows
// ("window-<uuidv7>") and the approvals of plans ("plan-<YYYY>" for a fiscal year's annual
// centre schedule, "plan-<YYYY-MM>" for a month's detailed plan) and the calendar feed's tokens
// ("feedtoken-<uuidv7>"), and each terminal's virus scans ("virusscan-<tenant>-<terminal>").
// Readers decode through here and
// visit each variant with a handler for every alternative.

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "libs/core/instant.hpp"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"
#include "opsdesk/scheduling/v1/events.pb.h"

namespace opsdesk::scheduling {

namespace v1 = opsdesk::scheduling::v1;

inline const std::string kDomain = "scheduling";

using TaskEvent = std::variant<v1::TaskDefined, v1::TaskRevised, v1::TaskSuspended, v1::TaskResumed,
                               v1::TaskRetired>;
using OccurrenceEvent = std::variant<v1::OccurrenceCompleted, v1::OccurrenceSkipped,
                                     v1::OccurrenceRescheduled, v1::OccurrenceOverdue>;

using DailyReportEvent = std::variant<v1::DailyReportSent>;
using WindowEvent =
    std::variant<v1::WindowPlanned, v1::WindowApproved, v1::WindowCompleted, v1::WindowCancelled>;
using PlanEvent = std::variant<v1::PlanApproved>;
using FeedTokenEvent = std::variant<v1::FeedTokenIssued, v1::FeedTokenRevoked>;
using VirusScanEvent = std::variant<v1::VirusScanRecorded, v1::VirusScanAttentionRequired>;

inline constexpr std::string_view kTaskStreamPrefix = "task-";
inline constexpr std::string_view kDailyReportStreamPrefix = "dailyreport-";
inline constexpr std::string_view kWindowStreamPrefix = "window-";
inline constexpr std::string_view kOccurrenceStreamPrefix = "occurrence-";
inline constexpr std::string_view kPlanStreamPrefix = "plan-";
inline constexpr std::string_view kFeedTokenStreamPrefix = "feedtoken-";
inline constexpr std::string_view kVirusScanStreamPrefix = "virusscan-";

std::string task_stream_id_of(std::string_view task_id);
// The task id of a stream id, or empty when it is not a task stream.
std::string task_id_of(std::string_view stream_id);

// An occurrence's id: "<task id>-<YYYYMMDD>" of its unshifted recurrence date.
std::string occurrence_id_of(std::string_view task_id, std::chrono::year_month_day date);
std::string occurrence_stream_id_of(std::string_view occurrence_id);
// The occurrence id of a stream id, or empty when it is not an occurrence stream.
std::string occurrence_id_of_stream(std::string_view stream_id);
struct OccurrenceName {
  std::string task_id;
  std::chrono::year_month_day date;
};
// The task and date an occurrence id names; nullopt for anything else.
std::optional<OccurrenceName> parse_occurrence_id(std::string_view occurrence_id);

std::string daily_report_stream_id_of(std::string_view report_id);
// The report id of a stream id, or empty when it is not a daily report stream.
std::string daily_report_id_of(std::string_view stream_id);

std::string window_stream_id_of(std::string_view window_id);
// The window id of a stream id, or empty when it is not a maintenance window stream.
std::string window_id_of(std::string_view stream_id);

// A plan's stream is named by its period ("2026", "2026-12").
std::string plan_stream_id_of(std::string_view period);
// The period of a stream id, or empty when it is not a plan stream.
std::string plan_period_of(std::string_view stream_id);

std::string feed_token_stream_id_of(std::string_view token_id);
// The token id of a stream id, or empty when it is not a feed token stream.
std::string feed_token_id_of(std::string_view stream_id);

// A terminal's scans: "<tenant>-<terminal>" names it (tenant codes have no '-').
std::string terminal_id_of(std::string_view tenant, std::string_view terminal);
std::string virus_scan_stream_id_of(std::string_view terminal_id);
// The terminal id of a stream id, or empty when it is not a virus scan stream.
std::string terminal_id_of_stream(std::string_view stream_id);

core::Instant occurred_at(const TaskEvent& event);
core::Instant occurred_at(const WindowEvent& event);
core::Instant occurred_at(const DailyReportEvent& event);
core::Instant occurred_at(const OccurrenceEvent& event);
core::Instant occurred_at(const PlanEvent& event);
core::Instant occurred_at(const FeedTokenEvent& event);
core::Instant occurred_at(const VirusScanEvent& event);

// Fail, with the reason, for a record of another stream, a type this contract does not have or
// a payload that does not parse.
std::expected<TaskEvent, std::string> decode_task(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<OccurrenceEvent, std::string> decode_occurrence(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<DailyReportEvent, std::string> decode_daily_report(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<WindowEvent, std::string> decode_window(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<PlanEvent, std::string> decode_plan(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<FeedTokenEvent, std::string> decode_feed_token(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<VirusScanEvent, std::string> decode_virus_scan(
    const opsdesk::eventstore::v1::RecordedEvent& record);

}  // namespace opsdesk::scheduling
