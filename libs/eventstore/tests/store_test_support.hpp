#pragma once
// Shared by the event store tests: a fresh temp directory per test, a store on it over a
// ManualClock, request builders, and a callback collector to wait on (with a deadline, never a
// sleep).

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "libs/core/clock.hpp"
#include "libs/core/instant.hpp"
#include "libs/core/uuid.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/testing/eventually.hpp"
#include "libs/testing/temp_dir.hpp"

namespace opsdesk::eventstore::testing {

inline constexpr auto kWaitLimit = std::chrono::seconds{60};

inline core::Instant at(std::string_view rfc3339) { return core::parse_rfc3339(rfc3339).value(); }

using opsdesk::testing::TempDir;

inline NewEvent event(std::string type, std::string payload,
                      core::Instant occurred_at = at("2026-11-22T00:00:00Z")) {
  return NewEvent{std::move(type), std::move(payload), occurred_at};
}

inline AppendRequest request(std::string stream_id, ExpectedVersion expected,
                             std::vector<NewEvent> events,
                             std::optional<IdempotencyKey> idempotency = std::nullopt) {
  AppendRequest out;
  out.stream_id = std::move(stream_id);
  out.expected = expected;
  out.events = std::move(events);
  out.idempotency = std::move(idempotency);
  return out;
}

// One event "test.Appended" with the given payload, at any version.
inline AppendRequest one_event(std::string stream_id, std::string payload) {
  return request(std::move(stream_id), ExpectedVersion::any(),
                 {event("test.Appended", std::move(payload))});
}

// Polls a condition with no notification to wait on, such as Subscription::position().
using opsdesk::testing::eventually;

class EventStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventStore> open_store(observability::Registry* metrics = nullptr) {
    StoreOptions options;
    options.path = dir_.path() / "store";
    options.metrics = metrics;
    options.metrics_store_label = "test";
    auto store = EventStore::open(options, clock_);
    if (!store) ADD_FAILURE() << store.error();
    return store ? std::move(*store) : nullptr;
  }

  TempDir dir_;
  core::ManualClock clock_{at("2026-11-22T01:00:00Z")};
};

// Collects what a subscription delivers; tests wait on it with a deadline.
class Collector {
 public:
  void add(const RecordedEvent& event) {
    {
      std::lock_guard lock(mutex_);
      events_.push_back(event);
    }
    changed_.notify_all();
  }
  std::function<void(const RecordedEvent&)> callback() {
    return [this](const RecordedEvent& event) { add(event); };
  }
  bool wait_for_count(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit, [&] { return events_.size() >= count; });
  }
  std::vector<RecordedEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<std::uint64_t> positions() const {
    std::lock_guard lock(mutex_);
    std::vector<std::uint64_t> out;
    for (const auto& event : events_) out.push_back(event.log_position());
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<RecordedEvent> events_;
};

// The log holds exactly `events` events, the head is the last of them, and the next append
// takes the position after it: keys of another family (metadata, snapshots) left it alone.
inline void expect_log_of(EventStore& store, std::uint64_t events) {
  EXPECT_EQ(store.head_position(), events);
  EXPECT_EQ(store.read_log(1, 100).size(), events);
  auto next = store.append(one_event("s-next", "c"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->first_position, events + 1);
}

inline std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> out;
  for (auto i = first; i <= last; ++i) out.push_back(i);
  return out;
}

}  // namespace opsdesk::eventstore::testing
