#pragma once
// Waits for a condition that has nothing to wait on (an HTTP status, a child's state, a
// subscription's position) with a deadline, polling it: tests synchronise on what they can
// observe, never on a guessed sleep. Every test of the project uses this one.

#include <chrono>
#include <functional>
#include <thread>

namespace opsdesk::testing {

// True as soon as `condition` holds; false when it still does not after `within`.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds within = std::chrono::seconds{60},
                       std::chrono::milliseconds every = std::chrono::milliseconds{5}) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(every);
  }
  return true;
}

}  // namespace opsdesk::testing
