// Per-caller allowances: a minute's worth at once, then refilled evenly; callers and kinds of
// request do not share allowances; nothing is limited unless configured.

#include "libs/http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace opsdesk::http {
namespace {

using namespace std::chrono_literals;

const auto t0 = std::chrono::steady_clock::time_point{} + 1h;

TEST(RateLimiter, NothingIsLimitedUnlessConfigured) {
  RateLimiter limiter({});
  for (int i = 0; i < 10'000; ++i)
    EXPECT_EQ(limiter.take(RateClass::command, "sato", t0), std::nullopt);
}

TEST(RateLimiter, AMinutesAllowanceIsAvailableAtOnceThenRefilledEvenly) {
  RateLimiter limiter({.commands_per_minute = 6, .expensive_reads_per_minute = 0});
  for (int i = 0; i < 6; ++i) EXPECT_EQ(limiter.take(RateClass::command, "sato", t0), std::nullopt);
  // One every 10 s from here on.
  EXPECT_EQ(limiter.take(RateClass::command, "sato", t0), std::optional(10s));
  EXPECT_EQ(limiter.take(RateClass::command, "sato", t0 + 4s), std::optional(6s));
  EXPECT_EQ(limiter.take(RateClass::command, "sato", t0 + 10s), std::nullopt);
  EXPECT_EQ(limiter.take(RateClass::command, "sato", t0 + 10s), std::optional(10s));
  // Idle for long, the allowance is full again but no fuller.
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(limiter.take(RateClass::command, "sato", t0 + 1h), std::nullopt);
  EXPECT_NE(limiter.take(RateClass::command, "sato", t0 + 1h), std::nullopt);
}

TEST(RateLimiter, CallersAndKindsHaveTheirOwnAllowances) {
  RateLimiter limiter({.commands_per_minute = 1, .expensive_reads_per_minute = 1});
  EXPECT_EQ(limiter.take(RateClass::command, "sato", t0), std::nullopt);
  EXPECT_NE(limiter.take(RateClass::command, "sato", t0), std::nullopt);
  EXPECT_EQ(limiter.take(RateClass::command, "suzuki", t0), std::nullopt);
  EXPECT_EQ(limiter.take(RateClass::expensive_read, "sato", t0), std::nullopt);
  EXPECT_NE(limiter.take(RateClass::expensive_read, "sato", t0), std::nullopt);
  EXPECT_EQ(limiter.take(RateClass::unlimited, "sato", t0), std::nullopt);
}

}  // namespace
}  // namespace opsdesk::http
