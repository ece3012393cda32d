#pragma once
// One computation of a thing at a time: the caches of rendered answers (the SLA tables, the
// board) expire with the second, and the polls of many dashboards would otherwise all compute
// the same answer at once. A request that finds a key being computed waits for that computation
// to end (up to its patience) and then looks in its cache again; only if the answer is still
// missing does it compute it, holding the turn in its place.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace opsdesk::core {

class SingleFlight {
 public:
  // The right to compute one key; ends (waking those who wait for the key) when destroyed.
  class Turn {
   public:
    Turn(SingleFlight* flights, std::string key) : flights_(flights), key_(std::move(key)) {}
    Turn(Turn&& other) noexcept
        : flights_(std::exchange(other.flights_, nullptr)), key_(std::move(other.key_)) {}
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    Turn& operator=(Turn&&) = delete;
    ~Turn() {
      if (flights_ != nullptr) flights_->end(key_);
    }

   private:
    SingleFlight* flights_;
    std::string key_;
  };

  // Waits while another holds the turn for `key` (past `patience`, computing beside it is better
  // than not answering), then takes it.
  Turn take(const std::string& key, std::chrono::milliseconds patience = std::chrono::seconds{30}) {
    std::unique_lock lock(mutex_);
    ++waiting_;
    ended_.wait_for(lock, patience, [&] { return !computing_.contains(key); });
    --waiting_;
    computing_.insert(key);
    return Turn(this, key);
  }

  bool computing(const std::string& key) const {
    std::lock_guard lock(mutex_);
    return computing_.contains(key);
  }
  // Takers waiting for another's turn to end, whatever their key.
  std::size_t waiting() const {
    std::lock_guard lock(mutex_);
    return waiting_;
  }

 private:
  void end(const std::string& key) {
    {
      std::lock_guard lock(mutex_);
      computing_.erase(key);
    }
    ended_.notify_all();
  }

  mutable std::mutex mutex_;
  std::condition_variable ended_;
  std::set<std::string> computing_;
  std::size_t waiting_ = 0;
};

}  // namespace opsdesk::core
