#include "services/ops-board/board_projection.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <vector>

#include "libs/core/instant.hpp"
#include "opsdesk/incidents/v1/events.pb.h"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::ops_board {

namespace {

namespace v1 = opsdesk::incidents::v1;
using view::BoardRow;
using view::TenantNotices;

std::int64_t micros(const google::protobuf::Timestamp& ts) {
  return core::to_unix_micros(proto::from_timestamp(ts));
}

std::string incident_id(const std::string& stream_id) {
  constexpr std::string_view kPrefix = "incident-";
  return stream_id.starts_with(kPrefix) ? stream_id.substr(kPrefix.size()) : std::string{};
}

TenantNotices& tenant_row(BoardRow& row, const std::string& tenant) {
  for (auto& entry : *row.mutable_tenants()) {
    if (entry.tenant() == tenant) return entry;
  }
  auto& added = *row.add_tenants();
  added.set_tenant(tenant);
  return added;
}

void note_report(BoardRow& row, const std::string& tenant,
                 const google::protobuf::Timestamp& sent_at, bool first) {
  const auto at = micros(sent_at);
  auto& entry = tenant_row(row, tenant);
  if (first) entry.set_first_notice_at_us(at);
  entry.set_last_report_at_us(at);
  if (!row.has_last_report_at_us() || row.last_report_at_us() < at) row.set_last_report_at_us(at);
}

template <typename Message>
bool parse(const eventstore::RecordedEvent& event, Message& message) {
  return event.type() == Message::descriptor()->full_name() &&
         message.ParseFromString(event.payload());
}

// Applies one incident event to the row; false when the event is not one the board shows.
bool update_row(BoardRow& row, const eventstore::RecordedEvent& event) {
  if (v1::IncidentDetected e; parse(event, e)) {
    row.Clear();
    row.set_id(e.incident_id());
    row.set_title(e.title());
    row.set_severity(e.severity());
    row.set_status("open");
    row.set_detected_at_us(micros(e.occurred_at()));
    for (const auto& tenant : e.affected_tenants()) tenant_row(row, tenant);
  } else if (v1::AffectedTenantAdded e; parse(event, e)) {
    tenant_row(row, e.tenant());
  } else if (v1::FirstNoticeSent e; parse(event, e)) {
    note_report(row, e.tenant(), e.sent_at(), true);
  } else if (v1::ProgressReportSent e; parse(event, e)) {
    note_report(row, e.tenant(), e.sent_at(), false);
  } else if (v1::RecoveryReportSent e; parse(event, e)) {
    note_report(row, e.tenant(), e.sent_at(), false);
  } else if (v1::WorkaroundApplied e; parse(event, e)) {
    if (row.status() == "open") row.set_status("workaround_applied");
  } else if (v1::ServiceRestored e; parse(event, e)) {
    row.set_status("restored");
    row.set_restored_at_us(micros(e.at()));
  } else if (v1::IncidentClosed e; parse(event, e)) {
    row.set_status("closed");
    row.set_closed_at_us(micros(e.at()));
  } else if (v1::IncidentReopened e; parse(event, e)) {
    row.set_status("open");
    row.clear_restored_at_us();
    row.clear_closed_at_us();
  } else {
    return false;
  }
  row.set_version(event.stream_version());
  return true;
}

void add_count(projection::ViewWriter& view, const std::string& key, int delta) {
  auto current = view.get(key);
  const long long next = (current ? std::stoll(*current) : 0) + delta;
  if (next == 0) {
    view.erase(key);
  } else {
    view.put(key, std::to_string(next));
  }
}

// What the counters count an incident by: its status and severity, once centre-wide and once
// for each of its tenants.
struct Counted {
  std::string status;
  std::string severity;
  std::vector<std::string> tenants;
  bool operator==(const Counted&) const = default;
};

Counted counted_as(const BoardRow& row) {
  Counted out{row.status(), row.severity(), {}};
  for (const auto& entry : row.tenants()) out.tenants.push_back(entry.tenant());
  return out;
}

void count(projection::ViewWriter& view, const Counted& counted, int delta) {
  add_count(view, count_key(kAllTenants, counted.status, counted.severity), delta);
  for (const auto& tenant : counted.tenants)
    add_count(view, count_key(tenant, counted.status, counted.severity), delta);
}

// The events update_row() handles: any other type leaves the board as it is, so its row need
// not even be read (vendor contacts, activities, causes, fixes: over a third of a typical life).
bool shown_on_board(const std::string& type) {
  static const std::array<std::string, 9> kShown{v1::IncidentDetected::descriptor()->full_name(),
                                                 v1::AffectedTenantAdded::descriptor()->full_name(),
                                                 v1::FirstNoticeSent::descriptor()->full_name(),
                                                 v1::ProgressReportSent::descriptor()->full_name(),
                                                 v1::RecoveryReportSent::descriptor()->full_name(),
                                                 v1::WorkaroundApplied::descriptor()->full_name(),
                                                 v1::ServiceRestored::descriptor()->full_name(),
                                                 v1::IncidentClosed::descriptor()->full_name(),
                                                 v1::IncidentReopened::descriptor()->full_name()};
  return std::find(kShown.begin(), kShown.end(), type) != kShown.end();
}

}  // namespace

std::string count_key(std::string_view tenant, std::string_view status, std::string_view severity) {
  return std::string(kCountPrefix) + std::string(tenant) + "/" + std::string(status) + "/" +
         std::string(severity);
}

void BoardProjection::apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) {
  if (!shown_on_board(event.type())) return;
  const auto id = incident_id(event.stream_id());
  if (id.empty()) return;
  const std::string key = std::string(kIncidentPrefix) + id;
  auto stored = view.get(key);
  BoardRow row;
  if (stored && !row.ParseFromString(*stored))
    throw std::runtime_error("ops-board: unreadable row for incident " + id);
  const auto before = stored ? std::optional(counted_as(row)) : std::nullopt;
  if (!update_row(row, event)) return;
  if (row.severity().empty()) return;  // nothing to show before the incident's detection
  // Notices and reports leave status, severity and tenants as they were, and so the counters:
  // taking the incident out and putting it back would write the same values.
  const auto after = counted_as(row);
  if (before != after) {
    if (before) count(view, *before, -1);
    count(view, after, +1);
  }
  view.put(key, row.SerializeAsString());
  const std::string active_key = std::string(kActivePrefix) + id;
  if (after.status == "closed") {
    view.erase(active_key);
  } else if (!before || before->status == "closed") {
    view.put(active_key, "");
  }
}

nlohmann::json board_row_json(const view::BoardRow& row) {
  using nlohmann::json;
  auto time_or_null = [](bool has, std::int64_t at_us) {
    return has ? json(core::format_rfc3339(core::from_unix_micros(at_us))) : json(nullptr);
  };
  json tenants = json::array();
  for (const auto& entry : row.tenants()) {
    tenants.push_back({{"tenant", entry.tenant()},
                       {"first_notice_at",
                        time_or_null(entry.has_first_notice_at_us(), entry.first_notice_at_us())},
                       {"last_report_at",
                        time_or_null(entry.has_last_report_at_us(), entry.last_report_at_us())}});
  }
  return {{"id", row.id()},
          {"title", row.title()},
          {"severity", row.severity()},
          {"status", row.status()},
          {"detected_at", time_or_null(true, row.detected_at_us())},
          {"last_report_at", time_or_null(row.has_last_report_at_us(), row.last_report_at_us())},
          {"restored_at", time_or_null(row.has_restored_at_us(), row.restored_at_us())},
          {"closed_at", time_or_null(row.has_closed_at_us(), row.closed_at_us())},
          {"tenants", std::move(tenants)},
          {"version", row.version()}};
}

}  // namespace opsdesk::ops_board
