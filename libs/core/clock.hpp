#pragma once
// Where "now" comes from. Services read the clock at their edges and pass the time into pure
// deciders; tests use ManualClock so that no test depends on the wall clock.

#include <atomic>

#include "libs/core/instant.hpp"

namespace opsdesk::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : micros_(to_unix_micros(start)) {}
  Instant now() const override { return from_unix_micros(micros_.load()); }
  void set(Instant at) { micros_.store(to_unix_micros(at)); }
  void advance(std::chrono::microseconds by) { micros_.fetch_add(by.count()); }

 private:
  std::atomic<std::int64_t> micros_;
};

}  // namespace opsdesk::core
