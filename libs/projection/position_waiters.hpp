#pragma once
// Queries waiting for a log position to reach a view (read-your-writes), without a thread each:
// a waiter is a callback kept in a list, called once the view's watermark reaches its position
// or its deadline passes. The projection's thread wakes the satisfied ones after each batch; one
// small thread of the list wakes the expired ones. The list is bounded in total and per caller,
// so a client cannot hold the server's memory or answers hostage with waits.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace opsdesk::projection {

struct WaiterLimits {
  std::size_t total = 1024;     // waiting queries at most, over every caller
  std::size_t per_caller = 16;  // … and per caller (a token's subject)
};

// How a read model's queries wait for min_position (settings projection.read_your_writes_*).
struct ReadYourWritesLimits {
  std::chrono::milliseconds max_wait{2000};  // longest a query waits before 503
  WaiterLimits waiters{};
};

class PositionWaiters {
 public:
  // `watermark` tells how far the view has applied a domain; it must be safe from any thread.
  PositionWaiters(std::function<std::uint64_t(const std::string& domain)> watermark,
                  WaiterLimits limits);
  // Wakes every waiter still waiting as timed out.
  ~PositionWaiters();
  PositionWaiters(const PositionWaiters&) = delete;
  PositionWaiters& operator=(const PositionWaiters&) = delete;

  // true: the position is in the view; false: the deadline passed first (or the list closed).
  using Done = std::function<void(bool applied)>;
  enum class Admission {
    applied,              // already in the view: `done(true)` was called before returning
    waiting,              // `done` will be called once, from another thread
    too_many,             // the list is full: `done` is never called
    too_many_for_caller,  // this caller holds its share: `done` is never called
  };
  Admission wait(const std::string& domain, std::uint64_t position,
                 std::chrono::steady_clock::time_point deadline, const std::string& caller,
                 Done done);

  // The view's watermark may have moved: wakes the waiters it satisfies.
  void positions_changed();
  std::size_t waiting() const;
  const WaiterLimits& limits() const { return limits_; }

 private:
  struct Waiter {
    std::string domain;
    std::uint64_t position = 0;
    std::string caller;
    Done done;
  };
  using Waiters = std::multimap<std::chrono::steady_clock::time_point, Waiter>;

  void expire_loop(std::stop_token stop);
  // Takes `it` out of the list (under the lock) and returns its callback.
  Done take(Waiters::iterator it);

  std::function<std::uint64_t(const std::string&)> watermark_;
  const WaiterLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable_any earliest_changed_;
  Waiters waiters_;  // by deadline
  std::unordered_map<std::string, std::size_t> per_caller_;
  std::jthread expirer_;  // last: started after the members it uses
};

}  // namespace opsdesk::projection
