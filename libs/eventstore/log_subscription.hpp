#pragma once
// A catch-up subscription on the store's global log: its own thread reads the log in chunks
// from the start position, then sleeps on the commit notifier and reads again after each
// commit. It must never deliver an event twice, out of order, or after its destructor
// returned; a throwing callback stops it with a log line, never the process.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "libs/eventstore/commit_notifier.hpp"
#include "libs/eventstore/event_store.hpp"

namespace opsdesk::eventstore::detail {

class LogSubscription final : public Subscription {
 public:
  // `store` must stay open while the thread runs: the store's destructor stops every
  // subscription thread (through the notifier) before closing RocksDB.
  LogSubscription(const EventStore& store, std::shared_ptr<CommitNotifier> notifier,
                  std::uint64_t after_position, std::function<void(const RecordedEvent&)> on_event,
                  std::string store_label);
  // Stops and joins the thread; must not be called from inside the callback.
  ~LogSubscription() override;
  LogSubscription(const LogSubscription&) = delete;
  LogSubscription& operator=(const LogSubscription&) = delete;

  std::uint64_t position() const override { return position_.load(std::memory_order_acquire); }

 private:
  void run();
  void deliver_until_stopped();
  bool should_stop() const { return stop_.load() || notifier_->closing(); }

  static constexpr std::size_t kChunk = 256;

  const EventStore& store_;
  std::shared_ptr<CommitNotifier> notifier_;
  std::function<void(const RecordedEvent&)> on_event_;
  std::string store_label_;
  std::atomic<std::uint64_t> position_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace opsdesk::eventstore::detail
