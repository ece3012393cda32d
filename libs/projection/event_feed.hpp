#pragma once
// Where projections get events from, behind one interface: the local log feed (catch-up on the
// event stores of this process; durable, the single-machine default) or the Kafka feed
// (consumer of opsdesk.<domain>.events.v1). A feed resumes from the checkpoints the projection
// stored with its state, so a restart neither skips nor repeats anything.

#include <cstdint>
#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

#include "libs/eventstore/event_store.hpp"

namespace opsdesk::projection {

// Resume points stored in the projection's RocksDB in the same WriteBatch as its state:
// checkpoint key -> the next offset to read. Keys are the feed's own, e.g.
// "local/incidents" (next log position) or "kafka/opsdesk.incidents.events.v1/3" (next offset
// of partition 3).
using Checkpoints = std::map<std::string, std::uint64_t>;

struct FeedEvent {
  std::string domain;                  // "incidents": which command service's log it came from
  eventstore::RecordedEvent envelope;  // with log_position (from the store, or ce_logposition)
  std::string checkpoint_key;
  std::uint64_t next_offset = 0;  // stored under checkpoint_key once this event is applied
};

enum class FeedEnd {
  stopped,           // the stop token was triggered
  rebuild_required,  // stored checkpoints cannot be honoured (e.g. offset beyond a partition's end)
};

// Whether a feed has caught up with its source: a read model fed by it is ready only then. A
// Kafka feed: its partitions assigned and read to the end offsets they had at assignment; any
// feed: no more than its `max_lag` events behind what its source holds now.
struct CatchUp {
  bool caught_up = true;
  std::string waiting_for{};  // what it still waits for, when it has not caught up
  std::uint64_t behind = 0;   // events in the source not yet delivered, as far as it knows
};

// Events a feed may be behind its source and still count as caught up (readiness.max_lag).
inline constexpr std::uint64_t kDefaultMaxLag = 1000;

class EventFeed {
 public:
  virtual ~EventFeed() = default;
  // Delivers batches in per-stream order until stopped. Delivery is at-least-once: the caller
  // de-duplicates by (stream id, stream version). `reason` is set when a rebuild is required.
  virtual FeedEnd run(const Checkpoints& checkpoints,
                      const std::function<void(std::vector<FeedEvent>&&)>& deliver,
                      std::stop_token stop, std::string& reason) = 0;
  // For logs and /readyz: "local" or "kafka".
  virtual std::string kind() const = 0;
  // Thread-safe: asked by /readyz while run() delivers. The local feed reads stores of this
  // process, which it is always ready to follow.
  virtual CatchUp catch_up() const { return {}; }
};

}  // namespace opsdesk::projection
