#include "libs/projection/position_waiters.hpp"

#include <vector>

namespace opsdesk::projection {

PositionWaiters::PositionWaiters(std::function<std::uint64_t(const std::string&)> watermark,
                                 WaiterLimits limits)
    : watermark_(std::move(watermark)),
      limits_(limits),
      expirer_([this](std::stop_token stop) { expire_loop(stop); }) {}

PositionWaiters::~PositionWaiters() {
  expirer_.request_stop();
  expirer_.join();
  std::vector<Done> left;
  {
    std::lock_guard lock(mutex_);
    while (!waiters_.empty()) left.push_back(take(waiters_.begin()));
  }
  for (auto& done : left) done(false);
}

PositionWaiters::Admission PositionWaiters::wait(const std::string& domain, std::uint64_t position,
                                                 std::chrono::steady_clock::time_point deadline,
                                                 const std::string& caller, Done done) {
  {
    // The watermark is read under the lock that positions_changed() takes after a batch is
    // applied: either this sees the new watermark, or that sees this waiter. No wake-up is lost.
    std::lock_guard lock(mutex_);
    if (watermark_(domain) < position) {
      if (waiters_.size() >= limits_.total) return Admission::too_many;
      auto& held = per_caller_[caller];
      if (held >= limits_.per_caller) return Admission::too_many_for_caller;
      ++held;
      const bool earliest = waiters_.empty() || deadline < waiters_.begin()->first;
      waiters_.emplace(deadline, Waiter{domain, position, caller, std::move(done)});
      if (earliest) earliest_changed_.notify_all();
      return Admission::waiting;
    }
  }
  done(true);
  return Admission::applied;
}

void PositionWaiters::positions_changed() {
  std::vector<Done> woken;
  {
    std::lock_guard lock(mutex_);
    // Domains repeat among waiters: ask the view once per domain.
    std::unordered_map<std::string, std::uint64_t> applied;
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      auto [known, fresh] = applied.try_emplace(it->second.domain, 0);
      if (fresh) known->second = watermark_(it->second.domain);
      if (known->second >= it->second.position) {
        auto next = std::next(it);
        woken.push_back(take(it));
        it = next;
      } else {
        ++it;
      }
    }
  }
  // Outside the lock: a callback may queue work or answer, never wait on this list.
  for (auto& done : woken) done(true);
}

std::size_t PositionWaiters::waiting() const {
  std::lock_guard lock(mutex_);
  return waiters_.size();
}

PositionWaiters::Done PositionWaiters::take(Waiters::iterator it) {
  auto done = std::move(it->second.done);
  if (auto held = per_caller_.find(it->second.caller); held != per_caller_.end()) {
    if (--held->second == 0) per_caller_.erase(held);
  }
  waiters_.erase(it);
  return done;
}

void PositionWaiters::expire_loop(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (waiters_.empty()) {
      earliest_changed_.wait(lock, stop, [&] { return !waiters_.empty(); });
      continue;
    }
    const auto earliest = waiters_.begin()->first;
    if (std::chrono::steady_clock::now() < earliest) {
      earliest_changed_.wait_until(lock, stop, earliest, [&] {
        return waiters_.empty() || waiters_.begin()->first < earliest;
      });
      continue;
    }
    std::vector<Done> expired;
    const auto now = std::chrono::steady_clock::now();
    while (!waiters_.empty() && waiters_.begin()->first <= now)
      expired.push_back(take(waiters_.begin()));
    lock.unlock();
    for (auto& done : expired) done(false);
    lock.lock();
  }
}

}  // namespace opsdesk::projection
