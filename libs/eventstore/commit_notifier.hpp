#pragma once
// The durable head position and the condition variable that wakes waiters (wait_for_position,
// subscriptions) after each group commit. Only the writer (with sync on, its syncer thread)
// publishes, and only once the group is durable, so nobody is ever woken for data that is not.
// Also counts running subscription threads so the store can stop them before closing RocksDB.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace opsdesk::eventstore::detail {

class CommitNotifier {
 public:
  explicit CommitNotifier(std::uint64_t head) : head_(head) {}

  std::uint64_t head() const { return head_.load(std::memory_order_acquire); }
  // Called by the writer once a group is durable.
  void publish(std::uint64_t head);

  bool wait_for_position(std::uint64_t position,
                         std::chrono::steady_clock::time_point deadline) const;

  // For subscription threads: returns once the head is beyond `after`, `stop` is set, or the
  // store is closing. Whoever sets `stop` must call wake_all() afterwards.
  void wait_beyond(std::uint64_t after, const std::atomic<bool>& stop) const;
  void wake_all() const;

  // A subscription thread may run only while registered; false once the store is closing.
  bool register_thread();
  void unregister_thread();
  bool closing() const { return closing_.load(std::memory_order_acquire); }
  // Tells subscription threads to stop and waits until every registered one has returned.
  void close_and_wait_for_threads();

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::atomic<std::uint64_t> head_;
  std::atomic<bool> closing_{false};
  int running_threads_ = 0;  // guarded by mutex_
};

}  // namespace opsdesk::eventstore::detail
