#pragma once
// Per-caller rate limits, off unless a deployment sets them: a token bucket per caller (a
// token's subject) and per kind of request, holding up to a minute's allowance and refilled
// evenly. Commands (every POST) and expensive reads (routes that declare it: the SLA table and
// its exports) have separate allowances; a request beyond its caller's allowance is answered
// 429 with Retry-After.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace opsdesk::http {

struct RateLimits {
  std::size_t commands_per_minute = 0;         // 0: unlimited
  std::size_t expensive_reads_per_minute = 0;  // 0: unlimited
};

enum class RateClass { unlimited, command, expensive_read };

class RateLimiter {
 public:
  explicit RateLimiter(RateLimits limits) : limits_(limits) {}

  // Takes one request of `kind` from `caller`'s allowance at `now`: nothing when allowed, else
  // the whole seconds to wait before the next one would be.
  std::optional<std::chrono::seconds> take(
      RateClass kind, const std::string& caller,
      std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

  std::size_t per_minute(RateClass kind) const;

 private:
  struct Bucket {
    double capacity = 0;    // a minute's allowance
    double per_second = 0;  // refill rate
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled_at{};
  };

  RateLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // by kind and caller
};

}  // namespace opsdesk::http
