#include "libs/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace opsdesk::http {

namespace {

// Buckets kept at most; beyond, the full ones (callers idle for a minute) are forgotten.
constexpr std::size_t kMaxBuckets = 100'000;

}  // namespace

std::size_t RateLimiter::per_minute(RateClass kind) const {
  switch (kind) {
    case RateClass::command:
      return limits_.commands_per_minute;
    case RateClass::expensive_read:
      return limits_.expensive_reads_per_minute;
    case RateClass::unlimited:
      break;
  }
  return 0;
}

std::optional<std::chrono::seconds> RateLimiter::take(RateClass kind, const std::string& caller,
                                                      std::chrono::steady_clock::time_point now) {
  const auto limit = per_minute(kind);
  if (limit == 0) return std::nullopt;
  const double capacity = static_cast<double>(limit);
  const double per_second = capacity / 60.0;
  const std::string key = std::to_string(static_cast<int>(kind)) + ":" + caller;

  std::lock_guard lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, per_second, capacity, now});
  auto& bucket = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - bucket.refilled_at).count();
    bucket.tokens = std::min(capacity, bucket.tokens + std::max(0.0, elapsed) * per_second);
    bucket.refilled_at = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    if (buckets_.size() > kMaxBuckets) {
      std::erase_if(buckets_, [&](const auto& entry) {
        const double idle = std::chrono::duration<double>(now - entry.second.refilled_at).count();
        return entry.second.tokens + idle * entry.second.per_second >= entry.second.capacity;
      });
    }
    return std::nullopt;
  }
  const double wait = (1.0 - bucket.tokens) / per_second;
  return std::chrono::seconds{static_cast<long long>(std::ceil(wait))};
}

}  // namespace opsdesk::http
