#pragma once
// The ops-board read model (運用ボード): one row per incident with what the dashboard shows —
// severity, status, when the fault appeared, and per affected association whether its first
// notice has gone out and when it was last told anything — plus counters by tenant, status and
// severity. Built only from the public event contract (proto-schemas), never from the incidents
// service's internals.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "libs/projection/projection.hpp"
#include "services/ops-board/board_row.pb.h"

namespace opsdesk::ops_board {

// View keys.
inline constexpr std::string_view kIncidentPrefix = "incident/";  // + id -> BoardRow (binary)
inline constexpr std::string_view kCountPrefix = "count/";        // + tenant/status/severity -> n
// + id -> "": the incidents not closed, so the default query reads O(active), not O(ever).
inline constexpr std::string_view kActivePrefix = "active/";
// + closed_key(closed_at, id) -> "": the closed incidents, the latest close first, so history
// pages through them without reading the others.
inline constexpr std::string_view kClosedPrefix = "closed/";
inline constexpr std::string_view kAllTenants = "*";  // the centre-wide counters' tenant

// The closed/ key (without the prefix) of an incident closed at `closed_at_us`: the time
// inverted and zero-padded to 20 digits, so keys sort the latest close first; then the id.
std::string closed_key(std::int64_t closed_at_us, std::string_view id);
// The part of closed_key before the id: where a scan for closes at or before `at_us` starts.
std::string closed_key_time(std::int64_t at_us);
// The close time a closed_key names; none for text of another shape (a forged cursor).
std::optional<std::int64_t> closed_at_of(std::string_view key);

class BoardProjection final : public projection::Projection {
 public:
  std::string name() const override { return "ops-board"; }
  // 2: the active/ index; 3: rows as BoardRow protobuf instead of JSON text; 4: the closed/
  // index.
  int schema_version() const override { return 4; }
  void begin_batch() override;
  void apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) override;
  void end_batch(projection::ViewWriter& view) override;

  // A row as the batch being applied has it: parsed once, written once at the batch's end.
  struct BatchRow {
    view::BoardRow row;
    bool exists = false;   // stored before the batch, or written by an earlier event of it
    bool changed = false;  // to be written at the batch's end
  };

 private:
  // What the batch changes, kept across its events: a busy incident's row is parsed and
  // serialized once per batch rather than once per event (a replay batch holds most of an
  // incident's life), and each counter moves once.
  std::unordered_map<std::string, BatchRow> rows_;  // by view key
  std::map<std::string, long long> count_changes_;  // by view key
};

std::string count_key(std::string_view tenant, std::string_view status, std::string_view severity);

// A stored row as JSON, the shape the board's API builds on: times as RFC 3339 text, null when
// not yet.
nlohmann::json board_row_json(const view::BoardRow& row);

}  // namespace opsdesk::ops_board
