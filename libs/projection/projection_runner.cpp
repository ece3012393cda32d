#include "libs/projection/projection_runner.hpp"

#include "libs/observability/log.hpp"

namespace opsdesk::projection {

ProjectionRunner::ProjectionRunner(ViewStore& store, Projection& projection,
                                   std::unique_ptr<EventFeed> feed,
                                   observability::Registry& metrics, WaiterLimits waiter_limits)
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
                                        {{"projection", projection.name()}})),
      stopped_gauge_(metrics.gauge("opsdesk_projection_stopped",
                                   "1 while a projection is stopped on an event it cannot apply",
                                   {{"projection", projection.name()}})),
      waiters_([&store](const std::string& domain) { return store.watermark(domain); },
               waiter_limits) {
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
  waiters_.positions_changed();
}

void ProjectionRunner::halt(ProjectionStop why) {
  observability::log_error("projection stopped", {{"projection", projection_.name()},
                                                  {"domain", why.domain},
                                                  {"position", why.position},
                                                  {"type", why.type},
                                                  {"error", why.reason}});
  stopped_gauge_.set(1);
  {
    std::lock_guard lock(mutex_);
    stop_ = std::move(why);
  }
  applied_changed_.notify_all();
}

bool ProjectionRunner::wait_for_storage(const std::string& reason, const std::stop_token& stop) {
  observability::log_error("projection view cannot write; waiting for it to resume",
                           {{"projection", projection_.name()}, {"error", reason}});
  {
    std::lock_guard lock(mutex_);
    storage_trouble_ = reason;
  }
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      applied_changed_.wait_for(lock, stop, std::chrono::seconds{1}, [] { return false; });
    }
    if (stop.stop_requested()) return false;
    if (store_.try_resume()) break;
  }
  {
    std::lock_guard lock(mutex_);
    storage_trouble_.clear();
  }
  observability::log_warn("projection view writes again", {{"projection", projection_.name()}});
  return true;
}

std::optional<std::string> ProjectionRunner::storage_trouble() const {
  std::lock_guard lock(mutex_);
  if (storage_trouble_.empty()) return std::nullopt;
  return storage_trouble_;
}

std::optional<ProjectionStop> ProjectionRunner::stopped() const {
  std::lock_guard lock(mutex_);
  return stop_;
}

void ProjectionRunner::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    std::string reason;
    FeedEnd end = FeedEnd::stopped;
    try {
      end = feed_->run(
          store_.checkpoints(),
          [this](std::vector<FeedEvent>&& batch) { deliver(std::move(batch)); }, stop, reason);
    } catch (const EventNotApplied& e) {
      halt(e.stop());
      return;
    } catch (const ViewStoreWriteFailed& e) {
      // Nothing of the batch was applied: once the view writes again, the feed starts over
      // from the stored checkpoints.
      if (!wait_for_storage(e.what(), stop)) return;
      continue;
    } catch (const std::exception& e) {
      // A projection bug or a broken store: say so loudly and stop applying, rather than skip
      // events.
      halt(ProjectionStop{.reason = e.what()});
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
  nlohmann::json out{{"projection", projection_.name()},
                     {"feed", feed_->kind()},
                     {"running", thread_.joinable()},
                     {"waiting_queries", waiters_.waiting()}};
  if (stop_) {
    out["error"] = stop_->reason;
    if (!stop_->domain.empty()) {
      out["stopped_at"] = {{"domain", stop_->domain},
                           {"position", stop_->position},
                           {"stream_id", stop_->stream_id},
                           {"stream_version", stop_->stream_version},
                           {"type", stop_->type}};
    }
  }
  return out;
}

}  // namespace opsdesk::projection
