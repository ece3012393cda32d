// Head publication and wake-ups after group commits (see commit_notifier.hpp).

#include "libs/eventstore/commit_notifier.hpp"

namespace opsdesk::eventstore::detail {

void CommitNotifier::publish(std::uint64_t head) {
  {
    // Stored under the mutex so a waiter cannot check the old head, then miss the notify.
    std::lock_guard lock(mutex_);
    head_.store(head, std::memory_order_release);
  }
  changed_.notify_all();
}

bool CommitNotifier::wait_for_position(std::uint64_t position,
                                       std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline, [&] { return head() >= position; });
}

void CommitNotifier::wait_beyond(std::uint64_t after, const std::atomic<bool>& stop) const {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return head() > after || stop.load() || closing(); });
}

void CommitNotifier::wake_all() const {
  { std::lock_guard lock(mutex_); }
  changed_.notify_all();
}

bool CommitNotifier::register_thread() {
  std::lock_guard lock(mutex_);
  if (closing()) return false;
  ++running_threads_;
  return true;
}

void CommitNotifier::unregister_thread() {
  {
    std::lock_guard lock(mutex_);
    --running_threads_;
  }
  changed_.notify_all();
}

void CommitNotifier::close_and_wait_for_threads() {
  std::unique_lock lock(mutex_);
  closing_.store(true, std::memory_order_release);
  changed_.notify_all();
  changed_.wait(lock, [&] { return running_threads_ == 0; });
}

}  // namespace opsdesk::eventstore::detail
