#pragma once
// The sla-metrics read model keeps each incident's events, indexed by tenant, each inquiry's
// reception (the 受付時間 row) and the scheduling service's daily reports, results of work and
// approved windows (operations_view.hpp), and nothing computed: every clock and table is computed
// from them when asked (domain/), with the calendar and the definitions of that moment. A changed
// definition or holiday therefore applies to every incident at once without a rebuild, and a replay
// gives identical tables.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libs/core/instant.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/projection/projection.hpp"
#include "libs/sla/sla_table.hpp"

namespace opsdesk::sla {

// View keys.
// + id/<first version> -> a chunk of the incident's events: consecutive versions, each as its
// length (a varint) and its envelope. An event joins the incident's latest chunk until that holds
// kEventChunkBytes, so that a replay stores an incident's events of a batch as one value rather
// than one key each.
inline constexpr std::string_view kEventPrefix = "event/";
inline constexpr std::size_t kEventChunkBytes = 4096;
// + id -> the fault's occurred_at (micros) as detected: when its first clocks start.
inline constexpr std::string_view kIncidentPrefix = "incident/";
inline constexpr std::string_view kTenantPrefix = "tenant/";  // + code/id -> ""
inline constexpr std::string_view kOpenPrefix = "open/";      // + id -> "" (not closed)
// + the log position of an incident's last event -> id (one key per incident, moved on by each
// of its events: "touched after p" holds exactly the incidents with an event after p).
inline constexpr std::string_view kTouchedPrefix = "touched/";
// + id -> "<closed_at micros> <recorded_at micros>" of its latest close; absent while open.
inline constexpr std::string_view kClosedPrefix = "closed/";
// + id -> "<latest occurred_at micros> <last log position> <chunk version> <chunk bytes>": when
// anything last happened to it, where its touched/ key is, and the event/ chunk its next event
// joins (libs/sla/sla_projection.cpp, IncidentTail).
inline constexpr std::string_view kLatestPrefix = "latest/";
// A latest/ value.
struct IncidentTail {
  std::int64_t latest_micros = 0;   // the latest occurred_at of its events
  std::uint64_t position = 0;       // the log position of its last event: its touched/ key
  std::uint64_t chunk_version = 0;  // the event/ chunk its next event joins
  std::uint64_t chunk_bytes = 0;    // what that chunk holds

  std::string text() const;
  static IncidentTail parse(std::string_view text);
  core::Instant latest() const;
};
// The period index, so that a table reads its period's incidents and not its tenant's history:
// + tenant (kCentreWide for every incident)/<ended>/<began>/id -> "". <began> is the Tokyo
// month (YYYYMM) of the fault; <ended> that of its latest event's occurred_at once closed, or
// kStillOpen while it is open. By when things happened, not when they were recorded: incidents
// entered afterwards (an import of past ones) stay in their months.
inline constexpr std::string_view kPeriodPrefix = "period/";
// + id -> "<ended> <began> <tenant>,<tenant>…": where its period/ keys are, to move them.
inline constexpr std::string_view kPeriodOfPrefix = "period-of/";
inline constexpr std::string_view kStillOpen = "999999";
// The 受付時間 row's source: every inquiry's reception, by tenant (and kCentreWide for all but
// bouei's, which are outside the centre's SLA):
// + tenant/<received_at micros, zero-padded>/<inquiry id> -> "<recorded_at micros>".
inline constexpr std::string_view kReceptionPrefix = "reception/";

// Which extra indexes a reader of the view needs besides the events and the tenant/open ones.
struct SlaViewIndexes {
  // closed/, period/: tables read their period's incidents only (sla-metrics)
  bool closed_and_periods = true;
  bool touched = true;  // touched/: incidents changed since a position (sla-watch's passes,
                        // sla-metrics' table cache)
};

class SlaProjection final : public projection::Projection {
 public:
  // The name shows in logs, metrics and /readyz: sla-watch keeps a view of the same layout.
  explicit SlaProjection(std::string name = "sla-metrics", SlaViewIndexes indexes = {})
      : name_(std::move(name)), indexes_(indexes) {}
  std::string name() const override { return name_; }
  // 2: closed/ and touched/; 3: incident/ holds the fault's start, sla-metrics keeps touched/;
  // 4: period/; 5: reception/ (the inquiries domain); 6: ops-report/, ops-work/, ops-window/
  // (the scheduling domain: libs/sla/operations_view.hpp); 7: events in chunks, one touched/ key
  // per incident, latest/ kept in every view with the chunk and the touched/ key
  int schema_version() const override { return 7; }
  void begin_batch() override;
  void apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) override;
  // Writes each incident's latest/ and touched/ keys once, where its events of the batch left
  // them: a busy incident's events would otherwise read, rewrite and re-index them one by one.
  void end_batch(projection::ViewWriter& view) override;

 private:
  // An incident's latest/ as the batch's events have moved it, and where its touched/ key was
  // before the batch (nothing when the view had no event of it).
  struct BatchTail {
    std::optional<IncidentTail> tail;
    std::optional<std::uint64_t> stored_position;
  };
  BatchTail& batch_tail_of(const projection::ViewReader& view, const std::string& id);

  std::string name_;
  SlaViewIndexes indexes_;
  std::unordered_map<std::string, BatchTail> tails_;
};

// An incident's events in stream order; empty when the view has none.
std::vector<eventstore::RecordedEvent> incident_events(const projection::ViewReader& view,
                                                       const std::string& incident_id);
// Ids of the incidents not closed (reopened ones included), in id order.
std::vector<std::string> open_incident_ids(const projection::ViewReader& view);
// Ids of the incidents with an event at a log position after `position`, in the order of their
// last events, each once: what changed since a reader last looked (sla-watch's passes).
std::vector<std::string> incidents_touched_after(const projection::ViewReader& view,
                                                 std::uint64_t position);
// When an incident happened, as far as a table needs to know without reading its events.
struct IncidentSpan {
  core::Instant began;                          // the fault's occurred_at as detected
  std::optional<core::Instant> latest;          // the latest occurred_at of its events
  std::optional<core::Instant> close_recorded;  // when its latest close was recorded; empty
                                                // while open
  // Whether the incident can have figures in `period` (seen as of `recorded_before`, for as-of
  // tables): false when it began after the period, or was closed (the close recorded before
  // `recorded_before`) with nothing of it at or after the period's start.
  bool may_figure_in(const TablePeriod& period, std::optional<core::Instant> recorded_before) const;
};
// Empty when the view does not know the incident. Three point reads, no events.
std::optional<IncidentSpan> incident_span(const projection::ViewReader& view,
                                          const std::string& id);
// Whether the incident affects `tenant` (any tenant, for kCentreWide).
bool affects_tenant(const projection::ViewReader& view, const std::string& id,
                    const std::string& tenant);

// Ids of the incidents affecting a tenant (any tenant for "*"), in id (= creation) order.
std::vector<std::string> incident_ids(const projection::ViewReader& view,
                                      const std::string& tenant);
// The same, narrowed to the incidents that may figure in `period` as seen at `recorded_before`:
// every one IncidentSpan::may_figure_in admits, and few others (for a period shorter than a
// month, those of its months). Reads the period/ index (a view kept with closed_and_latest):
// a seek per month from the period's to now, and the keys of the incidents that overlap it.
// As of a cutoff (a close recorded after it leaves the incident open then), every incident of
// the tenant.
std::vector<std::string> incident_ids_in_period(const projection::ViewReader& view,
                                                const std::string& tenant,
                                                const TablePeriod& period,
                                                std::optional<core::Instant> recorded_before);

// The receptions of inquiries of `tenant` (every one for kCentreWide) in `period`, in
// reception order; as of `recorded_before`, only those recorded before it.
std::vector<Reception> receptions_in_period(const projection::ViewReader& view,
                                            const std::string& tenant, const TablePeriod& period,
                                            std::optional<core::Instant> recorded_before);

}  // namespace opsdesk::sla
