#pragma once
// The event store's Prometheus metrics: append outcomes, appended events, commits (one per
// fsync'd group), append latency from enqueue to durable, group sizes and the head position.
// Registered once at open; updates are lock-free. Never holds a pointer into the store: the
// head gauge reads the shared notifier, which outlives the store if the registry does.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "libs/eventstore/commit_notifier.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::eventstore::detail {

class AppendMetrics {
 public:
  AppendMetrics(observability::Registry& registry, const std::string& store_label,
                std::shared_ptr<const CommitNotifier> notifier);

  // outcome: ok, conflict (wrong version, reused key), replayed, error (invalid, storage,
  // shutting down).
  void record_outcome(const std::expected<AppendResult, AppendError>& outcome);
  // Enqueue to durable (or refused), for appends that reached the writer.
  void record_duration(std::chrono::steady_clock::duration duration);
  // One fsync'd group of `appends` requests holding `events` events.
  void record_commit(std::size_t appends, std::size_t events);
  // Whether the store accepts appends (0 while a full disk or a failed sync refuses them).
  void set_writable(bool writable);

 private:
  observability::Counter& ok_;
  observability::Counter& conflict_;
  observability::Counter& replayed_;
  observability::Counter& error_;
  observability::Counter& events_;
  observability::Counter& commits_;
  observability::Histogram& duration_;
  observability::Histogram& group_size_;
  observability::Gauge& writable_;
};

}  // namespace opsdesk::eventstore::detail
