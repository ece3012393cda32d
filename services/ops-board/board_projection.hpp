#pragma once
// The ops-board read model (運用ボード): one row per incident with what the dashboard shows —
// severity, status, when the fault appeared, and per affected association whether its first
// notice has gone out and when it was last told anything — plus counters by tenant, status and
// severity. Built only from the public event contract (proto-schemas), never from the incidents
// service's internals.

#include <nlohmann/json.hpp>
#include <string>

#include "libs/projection/projection.hpp"
#include "services/ops-board/board_row.pb.h"

namespace opsdesk::ops_board {

// View keys.
inline constexpr std::string_view kIncidentPrefix = "incident/";  // + id -> BoardRow (binary)
inline constexpr std::string_view kCountPrefix = "count/";        // + tenant/status/severity -> n
// + id -> "": the incidents not closed, so the default query reads O(active), not O(ever).
inline constexpr std::string_view kActivePrefix = "active/";
inline constexpr std::string_view kAllTenants = "*";  // the centre-wide counters' tenant

class BoardProjection final : public projection::Projection {
 public:
  std::string name() const override { return "ops-board"; }
  // 2: the active/ index; 3: rows as BoardRow protobuf instead of JSON text.
  int schema_version() const override { return 3; }
  void apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) override;
};

std::string count_key(std::string_view tenant, std::string_view status, std::string_view severity);

// A stored row as JSON, the shape the board's API builds on: times as RFC 3339 text, null when
// not yet.
nlohmann::json board_row_json(const view::BoardRow& row);

}  // namespace opsdesk::ops_board
