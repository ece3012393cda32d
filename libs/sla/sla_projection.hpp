#pragma once
// The sla-metrics read model keeps each incident's events, indexed by tenant, and nothing
// computed: every clock and table is computed from them when asked (domain/), with the
// calendar and the definitions of that moment. A changed definition or holiday therefore
// applies to every incident at once without a rebuild, and a replay gives identical tables.

#include <optional>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/projection/projection.hpp"

namespace opsdesk::sla {

// View keys.
inline constexpr std::string_view kEventPrefix = "event/";        // + id/version -> envelope
inline constexpr std::string_view kIncidentPrefix = "incident/";  // + id -> "" (every incident)
inline constexpr std::string_view kTenantPrefix = "tenant/";      // + code/id -> ""
inline constexpr std::string_view kOpenPrefix = "open/";          // + id -> "" (not closed)
inline constexpr std::string_view kTouchedPrefix = "touched/";    // + log position -> id
// + id -> "<closed_at micros> <recorded_at micros>" of its latest close; absent while open.
inline constexpr std::string_view kClosedPrefix = "closed/";
// + id -> the latest occurred_at (micros) of its events: when anything last happened to it.
inline constexpr std::string_view kLatestPrefix = "latest/";

// Which extra indexes a reader of the view needs besides the events and the tenant/open ones.
struct SlaViewIndexes {
  bool closed_and_latest = true;  // closed/, latest/: tables skip old incidents (sla-metrics)
  bool touched = false;           // touched/: incidents changed since a position (sla-watch)
};

class SlaProjection final : public projection::Projection {
 public:
  // The name shows in logs, metrics and /readyz: sla-watch keeps a view of the same layout.
  explicit SlaProjection(std::string name = "sla-metrics", SlaViewIndexes indexes = {})
      : name_(std::move(name)), indexes_(indexes) {}
  std::string name() const override { return name_; }
  int schema_version() const override { return 2; }  // 2: closed/ and touched/
  void apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) override;

 private:
  std::string name_;
  SlaViewIndexes indexes_;
};

// An incident's events in stream order; empty when the view has none.
std::vector<eventstore::RecordedEvent> incident_events(const projection::ViewReader& view,
                                                       const std::string& incident_id);
// Ids of the incidents not closed (reopened ones included), in id order.
std::vector<std::string> open_incident_ids(const projection::ViewReader& view);
// Ids of the incidents with an event at a log position after `position`, in position order,
// each once: what changed since a reader last looked (sla-watch's passes).
std::vector<std::string> incidents_touched_after(const projection::ViewReader& view,
                                                 std::uint64_t position);
// Whether an incident can have figures in a period starting at `from`: false only when it is
// closed (the close recorded before `recorded_before`, for as-of tables) and nothing of it
// happened at or after `from`. Lets a table skip old incidents without reading their events.
bool may_touch_period(const projection::ViewReader& view, const std::string& id, core::Instant from,
                      std::optional<core::Instant> recorded_before);

// Ids of the incidents affecting a tenant (any tenant for "*"), in id (= creation) order.
std::vector<std::string> incident_ids(const projection::ViewReader& view,
                                      const std::string& tenant);

}  // namespace opsdesk::sla
