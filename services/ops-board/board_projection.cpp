#include "services/ops-board/board_projection.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "libs/core/instant.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/contract/incident_events.hpp"

namespace opsdesk::ops_board {

namespace {

using view::BoardRow;
using view::TenantNotices;

std::int64_t micros(const google::protobuf::Timestamp& ts) {
  return core::to_unix_micros(proto::from_timestamp(ts));
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

void count(std::map<std::string, long long>& changes, const Counted& counted, int delta) {
  changes[count_key(kAllTenants, counted.status, counted.severity)] += delta;
  for (const auto& tenant : counted.tenants)
    changes[count_key(tenant, counted.status, counted.severity)] += delta;
}

// The board's row of one incident, read (from the batch, else the view) only when an event
// changes it.
class RowOnDemand {
 public:
  RowOnDemand(std::unordered_map<std::string, BoardProjection::BatchRow>& rows,
              const projection::ViewWriter& view, const std::string& key)
      : rows_(rows), view_(view), key_(key) {}

  BoardRow& get() {
    if (batch_row_ == nullptr) {
      auto [it, added] = rows_.try_emplace(key_);
      batch_row_ = &it->second;
      if (added) {
        const auto stored = view_.get(key_);
        if (stored && !batch_row_->row.ParseFromString(*stored))
          throw std::runtime_error("ops-board: unreadable row " + key_);
        batch_row_->exists = stored.has_value();
      }
      if (batch_row_->exists) before_ = counted_as(batch_row_->row);
      if (batch_row_->row.has_closed_at_us()) closed_before_ = batch_row_->row.closed_at_us();
    }
    return batch_row_->row;
  }
  // How the counters counted the incident before this event; none when it had no row.
  const std::optional<Counted>& before() const { return before_; }
  // When the incident was closed before this event; none while it was not.
  std::optional<std::int64_t> closed_before() const { return closed_before_; }
  // The row as this event left it is the board's, written at the batch's end.
  void keep() {
    batch_row_->exists = true;
    batch_row_->changed = true;
  }
  // Read but not shown (no detection yet): a row the view does not hold stays out of it.
  void drop() {
    if (batch_row_ != nullptr && !batch_row_->exists) rows_.erase(key_);
  }

 private:
  std::unordered_map<std::string, BoardProjection::BatchRow>& rows_;
  const projection::ViewWriter& view_;
  const std::string& key_;
  BoardProjection::BatchRow* batch_row_ = nullptr;
  std::optional<Counted> before_;
  std::optional<std::int64_t> closed_before_;
};

// Applies one incident event to its row; false for the events the board does not show, which
// leave the row unread (vendor contacts, activities, causes, fixes: over a third of a life).
bool update_row(RowOnDemand& row, const incidents::IncidentEvent& event) {
  using namespace incidents;
  return std::visit(core::overloaded{
                        [&](const v1::IncidentDetected& e) {
                          auto& r = row.get();
                          r.Clear();
                          r.set_id(e.incident_id());
                          r.set_title(e.title());
                          r.set_severity(e.severity());
                          r.set_detected_at_us(micros(e.occurred_at()));
                          for (const auto& tenant : e.affected_tenants()) tenant_row(r, tenant);
                          return true;
                        },
                        [&](const v1::AffectedTenantAdded& e) {
                          tenant_row(row.get(), e.tenant());
                          return true;
                        },
                        [&](const v1::FirstNoticeSent& e) {
                          note_report(row.get(), e.tenant(), e.sent_at(), true);
                          return true;
                        },
                        [&](const v1::ProgressReportSent& e) {
                          note_report(row.get(), e.tenant(), e.sent_at(), false);
                          return true;
                        },
                        [&](const v1::RecoveryReportSent& e) {
                          note_report(row.get(), e.tenant(), e.sent_at(), false);
                          return true;
                        },
                        [&](const v1::WorkaroundApplied&) {
                          row.get();
                          return true;
                        },
                        [&](const v1::ServiceRestored& e) {
                          row.get().set_restored_at_us(micros(e.at()));
                          return true;
                        },
                        [&](const v1::IncidentClosed& e) {
                          row.get().set_closed_at_us(micros(e.at()));
                          return true;
                        },
                        [&](const v1::IncidentReopened&) {
                          auto& r = row.get();
                          r.clear_restored_at_us();
                          r.clear_closed_at_us();
                          return true;
                        },
                        // Not on the board:
                        [](const v1::VendorContacted&) { return false; },
                        [](const v1::ResponseActivityRecorded&) { return false; },
                        [](const v1::CauseIdentified&) { return false; },
                        [](const v1::PermanentFixPlanned&) { return false; },
                        [](const v1::PreventionActionRecorded&) { return false; },
                    },
                    event);
}

// The status as the contract's lifecycle moves it (one state machine for every reader); a row
// not yet detected has none, and detection opens it.
std::string next_status_text(const std::string& current, const incidents::IncidentEvent& event) {
  const auto status = incidents::parse_status(current).value_or(incidents::Status::open);
  return incidents::to_string(incidents::next_status(status, event));
}

}  // namespace

std::string count_key(std::string_view tenant, std::string_view status, std::string_view severity) {
  return std::string(kCountPrefix) + std::string(tenant) + "/" + std::string(status) + "/" +
         std::string(severity);
}

void BoardProjection::begin_batch() {
  rows_.clear();
  count_changes_.clear();
}

void BoardProjection::apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) {
  const auto id = incidents::incident_id_of(event.stream_id());
  if (id.empty()) return;  // another aggregate's stream: the board shows incidents only
  auto decoded = incidents::decode(event);
  if (!decoded) throw std::runtime_error(decoded.error());
  const std::string key = std::string(kIncidentPrefix) + id;
  RowOnDemand on_demand(rows_, view, key);
  if (!update_row(on_demand, *decoded)) return;
  BoardRow& row = on_demand.get();
  // Nothing to show before the incident's detection (which always carries a severity).
  if (row.severity().empty()) {
    on_demand.drop();
    return;
  }
  const auto& before = on_demand.before();
  row.set_status(next_status_text(row.status(), *decoded));
  row.set_version(event.stream_version());
  // Notices and reports leave status, severity and tenants as they were, and so the counters:
  // taking the incident out and putting it back would write the same values.
  const auto after = counted_as(row);
  if (before != after) {
    if (before) count(count_changes_, *before, -1);
    count(count_changes_, after, +1);
  }
  on_demand.keep();
  const std::string active_key = std::string(kActivePrefix) + id;
  if (after.status == "closed") {
    view.erase(active_key);
  } else if (!before || before->status == "closed") {
    view.put(active_key, "");
  }
  const auto closed_before = on_demand.closed_before();
  const auto closed_now = row.has_closed_at_us() ? std::optional(row.closed_at_us()) : std::nullopt;
  if (closed_before != closed_now) {
    if (closed_before) view.erase(std::string(kClosedPrefix) + closed_key(*closed_before, id));
    if (closed_now) view.put(std::string(kClosedPrefix) + closed_key(*closed_now, id), "");
  }
}

void BoardProjection::end_batch(projection::ViewWriter& view) {
  for (const auto& [key, batch_row] : rows_)
    if (batch_row.changed) view.put(key, batch_row.row.SerializeAsString());
  for (const auto& [key, change] : count_changes_) {
    if (change == 0) continue;
    const auto current = view.get(key);
    const long long next = (current ? std::stoll(*current) : 0) + change;
    if (next == 0) {
      view.erase(key);
    } else {
      view.put(key, std::to_string(next));
    }
  }
  begin_batch();  // nothing kept past the batch
}

std::string closed_key_time(std::int64_t at_us) {
  // Signed order to unsigned order (flip the sign bit), then inverted: the latest sorts first,
  // times before 1970 (negative) included.
  const std::uint64_t inverted = ~(static_cast<std::uint64_t>(at_us) ^ (std::uint64_t{1} << 63));
  const std::string digits = std::to_string(inverted);
  return std::string(20 - digits.size(), '0') + digits + "/";
}

std::optional<std::int64_t> closed_at_of(std::string_view key) {
  if (key.size() < 22 || key[20] != '/') return std::nullopt;
  std::uint64_t inverted = 0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + 20, inverted);
  if (ec != std::errc{} || end != key.data() + 20) return std::nullopt;
  return static_cast<std::int64_t>(~inverted ^ (std::uint64_t{1} << 63));
}

std::string closed_key(std::int64_t closed_at_us, std::string_view id) {
  return closed_key_time(closed_at_us) + std::string(id);
}

nlohmann::json board_row_json(const view::BoardRow& row) {
  using nlohmann::json;
  auto time_or_null = [](bool has, std::int64_t at_us) {
    return has ? json(core::format_tokyo_rfc3339(core::from_unix_micros(at_us))) : json(nullptr);
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
