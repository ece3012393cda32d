#include "services/scheduling/contract/schedule_events.hpp"

#include <cstdio>

#include "proto-schemas/decode_variant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::scheduling {

namespace {

constexpr std::size_t kDateSuffix = 9;  // "-YYYYMMDD"

std::string strip_prefix(std::string_view stream_id, std::string_view prefix) {
  if (!stream_id.starts_with(prefix) || stream_id.size() == prefix.size()) return {};
  return std::string(stream_id.substr(prefix.size()));
}

}  // namespace

std::string task_stream_id_of(std::string_view task_id) {
  return std::string(kTaskStreamPrefix) + std::string(task_id);
}

std::string task_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kTaskStreamPrefix);
}

std::string occurrence_id_of(std::string_view task_id, std::chrono::year_month_day date) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "-%04d%02u%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return std::string(task_id) + digits;
}

std::string occurrence_stream_id_of(std::string_view occurrence_id) {
  return std::string(kOccurrenceStreamPrefix) + std::string(occurrence_id);
}

std::string occurrence_id_of_stream(std::string_view stream_id) {
  return strip_prefix(stream_id, kOccurrenceStreamPrefix);
}

std::optional<OccurrenceName> parse_occurrence_id(std::string_view id) {
  if (id.size() <= kDateSuffix || id[id.size() - kDateSuffix] != '-') return std::nullopt;
  const auto digits = id.substr(id.size() - 8);
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (std::sscanf(std::string(digits).c_str(), "%4d%2u%2u", &y, &m, &d) != 3) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return OccurrenceName{std::string(id.substr(0, id.size() - kDateSuffix)), date};
}

std::string daily_report_stream_id_of(std::string_view report_id) {
  return std::string(kDailyReportStreamPrefix) + std::string(report_id);
}

std::string daily_report_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kDailyReportStreamPrefix);
}

std::string window_stream_id_of(std::string_view window_id) {
  return std::string(kWindowStreamPrefix) + std::string(window_id);
}

std::string window_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kWindowStreamPrefix);
}

core::Instant occurred_at(const WindowEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

std::string plan_stream_id_of(std::string_view period) {
  return std::string(kPlanStreamPrefix) + std::string(period);
}

std::string plan_period_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kPlanStreamPrefix);
}

std::string feed_token_stream_id_of(std::string_view token_id) {
  return std::string(kFeedTokenStreamPrefix) + std::string(token_id);
}

std::string feed_token_id_of(std::string_view stream_id) {
  return strip_prefix(stream_id, kFeedTokenStreamPrefix);
}

std::string terminal_id_of(std::string_view tenant, std::string_view terminal) {
  return std::string(tenant) + "-" + std::string(terminal);
}

std::string virus_scan_stream_id_of(std::string_view terminal_id) {
  return std::string(kVirusScanStreamPrefix) + std::string(terminal_id);
}

std::string terminal_id_of_stream(std::string_view stream_id) {
  return strip_prefix(stream_id, kVirusScanStreamPrefix);
}

core::Instant occurred_at(const VirusScanEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

core::Instant occurred_at(const FeedTokenEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

core::Instant occurred_at(const PlanEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

core::Instant occurred_at(const DailyReportEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

core::Instant occurred_at(const TaskEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

core::Instant occurred_at(const OccurrenceEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

std::expected<TaskEvent, std::string> decode_task(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (task_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a task stream");
  return proto::decode_variant<TaskEvent>(record, "scheduling (tasks)");
}

std::expected<OccurrenceEvent, std::string> decode_occurrence(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (occurrence_id_of_stream(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not an occurrence stream");
  return proto::decode_variant<OccurrenceEvent>(record, "scheduling (occurrences)");
}

std::expected<DailyReportEvent, std::string> decode_daily_report(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (daily_report_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a daily report stream");
  return proto::decode_variant<DailyReportEvent>(record, "scheduling (daily reports)");
}

std::expected<WindowEvent, std::string> decode_window(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (window_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() +
                           "' is not a maintenance window stream");
  return proto::decode_variant<WindowEvent>(record, "scheduling (windows)");
}

std::expected<PlanEvent, std::string> decode_plan(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (plan_period_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a plan stream");
  return proto::decode_variant<PlanEvent>(record, "scheduling (plans)");
}

std::expected<FeedTokenEvent, std::string> decode_feed_token(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (feed_token_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a feed token stream");
  return proto::decode_variant<FeedTokenEvent>(record, "scheduling (feed tokens)");
}

std::expected<VirusScanEvent, std::string> decode_virus_scan(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (terminal_id_of_stream(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a virus scan stream");
  return proto::decode_variant<VirusScanEvent>(record, "scheduling (virus scans)");
}

}  // namespace opsdesk::scheduling
