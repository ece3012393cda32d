#pragma once
// Waits for a condition (an HTTP status, a child's state) with a deadline, polling it every
// 50 ms: tests synchronise on what they can observe, never on a guessed sleep.

#include <chrono>
#include <functional>
#include <thread>

namespace opsdesk::testing {

// True as soon as `condition` holds; false when it still does not after `within`.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::seconds within = std::chrono::seconds{60}) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  return true;
}

}  // namespace opsdesk::testing
