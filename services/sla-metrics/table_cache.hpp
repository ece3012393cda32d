#pragma once
// What GET /v1/sla/table has computed, kept while nothing it depends on has changed: a table
// asked again (a dashboard polling, an association opening last month) is a lookup, and a table
// of the current month recomputes only the incidents whose clocks can still move.
//
// Two things are kept, both derived from the view, held in memory and dropped at restart, so
// they are never a second source of truth:
//  - answers: the rendered bytes of a table request with what they cover (tenants, period, the
//    as-of cutoff), keyed by everything the request asked and the settings version. An answer
//    whose figures move with the time (a clock still running, a day still owed) is kept until
//    the next second only;
//  - settled clocks: an incident's live clocks once no later instant can change them
//    (sla::settled); only the incident's next event can.
// Both are kept against the view's position. catch_up() reads the incidents changed since
// (the view's touched/ index) and drops their clocks and every answer they may figure in
// (sla::affects_tenant, sla::IncidentSpan::may_figure_in): a late event, a reopening or a
// tenant added to an old incident is never answered from before it. An entry computed while
// another request caught up is not kept, since it may predate what that one dropped.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "libs/core/instant.hpp"
#include "libs/core/single_flight.hpp"
#include "libs/projection/projection.hpp"
#include "libs/sla/incident_clocks.hpp"
#include "libs/sla/sla_projection.hpp"
#include "libs/sla/sla_table.hpp"

namespace opsdesk::sla_metrics {

// A table answer as sent, less the position it answers at.
struct RenderedTable {
  std::string content_type;
  std::string file_name;  // the attachment's name (csv, xlsx); empty for JSON
  // JSON answers begin with the position they answer at ({"as_of_position":N,), taken from the
  // request that reads them; `body` is the rest of the object.
  bool json = false;
  std::shared_ptr<const std::string> body = std::make_shared<const std::string>();
  // Refused (422): the answer would carry this many evidence items, more than one answer may.
  // Kept like an answer, so that asking again costs no computation; the problem is written per
  // request (it names the request).
  std::size_t refused_evidence_items = 0;
};

// What a table answer covers: a change to an incident that may figure in it drops it.
struct TableScope {
  std::vector<std::string> tenants;  // codes, or sla::kCentreWide
  sla::TablePeriod period;
  std::optional<core::Instant> recorded_before;  // as-of tables see only what was recorded by then
};

// An incident whose live clocks no later instant can change (sla::settled), with what a table
// needs to tell whether it has figures in its period.
struct SettledIncident {
  sla::IncidentSpan span;
  sla::IncidentClocks clocks;
};

struct TableCacheLimits {
  std::size_t answers = 256;                    // answers kept at once
  std::size_t answer_bytes = 64 * 1024 * 1024;  // their bodies together
  std::size_t settled_incidents = 20000;        // incidents whose settled clocks are kept
};

struct TableCacheStats {
  std::uint64_t hits = 0;     // requests answered from the cache
  std::uint64_t misses = 0;   // requests that computed their answer
  std::uint64_t dropped = 0;  // answers dropped because an incident in them changed
  std::size_t answers = 0;
  std::size_t answer_bytes = 0;
  std::size_t settled_incidents = 0;
  std::size_t waiting = 0;  // requests waiting for an answer another is computing
};

class TableCache {
 public:
  explicit TableCache(TableCacheLimits limits = {}) : limits_(limits) {}

  // Brings the cache to the view, whose watermark was read as `watermark` before this call;
  // returns the position what is computed next is kept against (keep_answer, keep_settled).
  std::uint64_t catch_up(const projection::ViewReader& view, std::uint64_t watermark);

  // `expires_at`: empty while no incident in it changes; else when the time moves its figures.
  // `position`: what catch_up() returned before the answer was computed.
  void keep_answer(const std::string& key, std::shared_ptr<const RenderedTable> answer,
                   TableScope scope, std::optional<core::Instant> expires_at,
                   std::uint64_t position, core::Instant now);

  // An answer still valid at `now` (the wall clock, also for as-of tables), or else the turn to
  // compute it. A request that finds the answer being computed by another waits for that (up to
  // `patience`) and looks again, instead of computing the same answer beside it: a table whose
  // figures move with the time expires every second, and a dashboard's polls would otherwise
  // all compute it at once.
  struct Lookup {
    std::shared_ptr<const RenderedTable> answer;
    std::optional<core::SingleFlight::Turn> turn;  // set when `answer` is not
  };
  Lookup look_up(const std::string& key, core::Instant now,
                 std::chrono::milliseconds patience = std::chrono::seconds{30});

  std::shared_ptr<const SettledIncident> settled(const std::string& incident_id);
  void keep_settled(const std::string& incident_id, std::shared_ptr<const SettledIncident> incident,
                    std::uint64_t position);

  TableCacheStats stats() const;

 private:
  struct KeptAnswer {
    std::shared_ptr<const RenderedTable> answer;
    TableScope scope;
    std::optional<core::Instant> expires_at;
  };

  bool empty() const { return answers_.empty() && settled_.empty(); }
  std::shared_ptr<const RenderedTable> valid_answer(const std::string& key, core::Instant now);
  void drop_answers_of(const projection::ViewReader& view, const std::string& incident_id);
  void make_room(std::size_t bytes, core::Instant now);
  void erase_answer(std::map<std::string, KeptAnswer>::iterator it);

  TableCacheLimits limits_;
  mutable std::mutex mutex_;
  std::uint64_t position_ = 0;
  std::map<std::string, KeptAnswer> answers_;
  std::size_t answer_bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const SettledIncident>> settled_;
  TableCacheStats counts_;
  core::SingleFlight computing_;  // answers a request is computing now
};

}  // namespace opsdesk::sla_metrics
