#include "libs/projection/projection_runner.hpp"

#include "libs/observability/log.hpp"

namespace opsdesk::projection {

ProjectionRunner::ProjectionRunner(ViewStore& store, Projection& projection,
                                   std::unique_ptr<EventFeed> feed,
                                   observability::Registry& metrics)
    : store_(store),
      projection_(projection),
      feed_(std::move(feed)),
      applied_(metrics.counter("opsdesk_projection_events_applied_total",
                               "Events applied to a projection's view",
                               {{"projection", projection.name()}})),
      duplicates_(metrics.counter("opsdesk_projection_duplicates_skipped_total",
                                  "Redelivered events a projection skipped (already applied)",
                                  {{"projection", projection.name()}})),
      rebuilds_(metrics.counter("opsdesk_projection_rebuilds_total",
                                "Times a projection's view was rebuilt from scratch",
                                {{"projection", projection.name()}})),
      batch_duration_(metrics.histogram("opsdesk_projection_batch_apply_seconds",
                                        "Time to apply one delivered batch",
                                        {{"projection", projection.name()}})) {
  if (store_.rebuilt_on_open()) {
    rebuilds_.inc();
    observability::log_warn(
        "projection schema changed: rebuilding its view from the events",
        {{"projection", projection.name()}, {"schema_version", projection.schema_version()}});
  }
}

ProjectionRunner::~ProjectionRunner() { stop(); }

void ProjectionRunner::start() {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void ProjectionRunner::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

void ProjectionRunner::deliver(std::vector<FeedEvent>&& batch) {
  const auto started = std::chrono::steady_clock::now();
  auto stats = store_.apply(batch, projection_);
  batch_duration_.observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  applied_.inc(stats.applied);
  duplicates_.inc(stats.duplicates);
  {
    std::lock_guard lock(mutex_);  // pairs with the waiters' predicate check
  }
  applied_changed_.notify_all();
}

void ProjectionRunner::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    std::string reason;
    FeedEnd end = FeedEnd::stopped;
    try {
      end = feed_->run(
          store_.checkpoints(),
          [this](std::vector<FeedEvent>&& batch) { deliver(std::move(batch)); }, stop, reason);
    } catch (const std::exception& e) {
      // A projection bug or a broken store: say so loudly and stop applying, rather than skip
      // events.
      std::lock_guard lock(mutex_);
      last_error_ = e.what();
      observability::log_error("projection stopped",
                               {{"projection", projection_.name()}, {"error", e.what()}});
      return;
    }
    if (end != FeedEnd::rebuild_required) return;
    rebuilds_.inc();
    observability::log_warn(
        "projection rebuilding its view from scratch",
        {{"projection", projection_.name()}, {"feed", feed_->kind()}, {"reason", reason}});
    store_.reset();
  }
}

bool ProjectionRunner::wait_for_position(const std::string& domain, std::uint64_t position,
                                         std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return applied_changed_.wait_until(lock, deadline,
                                     [&] { return store_.watermark(domain) >= position; });
}

nlohmann::json ProjectionRunner::status() const {
  std::lock_guard lock(mutex_);
  nlohmann::json out{
      {"projection", projection_.name()}, {"feed", feed_->kind()}, {"running", thread_.joinable()}};
  if (!last_error_.empty()) out["error"] = last_error_;
  return out;
}

}  // namespace opsdesk::projection
