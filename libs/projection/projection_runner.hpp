#pragma once
// Runs one projection: a thread that takes batches from the feed and applies them to the view
// store, rebuilding from scratch when the feed says its checkpoints cannot be honoured. Queries
// ask it to wait until a log position of a domain is in the view (read-your-writes).

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "libs/observability/metrics.hpp"
#include "libs/projection/event_feed.hpp"
#include "libs/projection/position_waiters.hpp"
#include "libs/projection/projection.hpp"
#include "libs/projection/view_store.hpp"

namespace opsdesk::projection {

class ProjectionRunner {
 public:
  ProjectionRunner(ViewStore& store, Projection& projection, std::unique_ptr<EventFeed> feed,
                   observability::Registry& metrics, WaiterLimits waiter_limits = {});
  ~ProjectionRunner();

  void start();
  void stop();

  // Queries waiting for a position of this view (read_your_writes.hpp), woken after each batch.
  PositionWaiters& waiters() { return waiters_; }

  // True once every event of `domain` up to `position` is in the view; false at the deadline.
  // Holds the calling thread: queries use waiters() instead.
  bool wait_for_position(const std::string& domain, std::uint64_t position,
                         std::chrono::steady_clock::time_point deadline);

  nlohmann::json status() const;
  // Whether its feed has caught up with what its source held when it joined.
  CatchUp catch_up() const { return feed_->catch_up(); }
  // Set once the projection stopped on an event it could not apply (or a broken store).
  std::optional<ProjectionStop> stopped() const;
  // Why the view cannot be written for now (a full disk), while the runner waits for it to
  // resume; nothing otherwise.
  std::optional<std::string> storage_trouble() const;

 private:
  void run(std::stop_token stop);
  void deliver(std::vector<FeedEvent>&& batch);
  // Records why the projection stopped (logged, in status() and the metric).
  void halt(ProjectionStop why);
  // The view could not write a batch: waits, asking it to resume every second, until it has
  // (true) or the runner stops (false).
  bool wait_for_storage(const std::string& reason, const std::stop_token& stop);

  ViewStore& store_;
  Projection& projection_;
  std::unique_ptr<EventFeed> feed_;
  observability::Counter& applied_;
  observability::Counter& duplicates_;
  observability::Counter& rebuilds_;
  observability::Histogram& batch_duration_;
  observability::Gauge& stopped_gauge_;

  mutable std::mutex mutex_;
  std::condition_variable_any applied_changed_;
  std::optional<ProjectionStop> stop_;
  std::string storage_trouble_;  // guarded by mutex_
  PositionWaiters waiters_;
  std::jthread thread_;
};

}  // namespace opsdesk::projection
