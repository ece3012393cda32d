// append_async: the same contract as append (durable before answered, one outcome per request,
// the same refusals), delivered to a callback instead of a blocked caller.

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::eventstore {
namespace {

using testing::event;
using testing::EventStoreTest;
using testing::kWaitLimit;
using testing::one_event;
using testing::request;

using EventStoreAppendAsync = EventStoreTest;

// Collects callback outcomes from whatever thread delivers them.
class Outcomes {
 public:
  AppendCallback callback(std::size_t slot) {
    return [this, slot](AppendOutcome outcome) {
      {
        std::lock_guard lock(mutex_);
        by_slot_.emplace(slot, std::move(outcome));
        threads_.insert(std::this_thread::get_id());
      }
      changed_.notify_all();
    };
  }
  bool wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit, [&] { return by_slot_.size() >= count; });
  }
  std::multimap<std::size_t, AppendOutcome> by_slot() const {
    std::lock_guard lock(mutex_);
    return by_slot_;
  }
  std::set<std::thread::id> threads() const {
    std::lock_guard lock(mutex_);
    return threads_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<std::size_t, AppendOutcome> by_slot_;
  std::set<std::thread::id> threads_;
};

TEST_F(EventStoreAppendAsync, EveryQueuedAppendIsAnsweredOnceAfterItIsReadable) {
  constexpr std::size_t kAppends = 500;
  auto store = open_store();
  ASSERT_TRUE(store);
  Outcomes outcomes;
  // Each callback checks that its events are already in the store when it is told.
  std::atomic<int> unreadable_when_answered{0};
  for (std::size_t i = 0; i < kAppends; ++i) {
    auto record = outcomes.callback(i);
    // Appended: GCC 12 warns falsely (-Wrestrict) on "e" + std::to_string(i) at -O2.
    std::string stream = "stream-", payload = "e";
    stream.append(std::to_string(i % 7));
    payload.append(std::to_string(i));
    store->append_async(one_event(stream, payload), [&, record](AppendOutcome outcome) {
      if (outcome && store->head_position() < outcome->last_position) ++unreadable_when_answered;
      record(std::move(outcome));
    });
  }
  ASSERT_TRUE(outcomes.wait_for(kAppends));

  const auto answered = outcomes.by_slot();
  EXPECT_EQ(answered.size(), kAppends) << "one answer per append, none twice";
  std::set<std::uint64_t> positions;
  for (const auto& [slot, outcome] : answered) {
    ASSERT_TRUE(outcome) << outcome.error().message;
    positions.insert(outcome->first_position);
  }
  EXPECT_EQ(positions.size(), kAppends);
  EXPECT_EQ(*positions.rbegin(), kAppends) << "positions 1..N, no hole";
  EXPECT_EQ(unreadable_when_answered.load(), 0);
  EXPECT_EQ(store->read_log(1, kAppends + 1).size(), kAppends);
  EXPECT_FALSE(outcomes.threads().contains(std::this_thread::get_id()))
      << "queued appends are answered by the store's thread, not the caller's";
}

TEST_F(EventStoreAppendAsync, RefusalsComeThroughTheCallbackAsTheyWouldFromAppend) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("taken", "first")));
  Outcomes outcomes;
  store->append_async(request("taken", ExpectedVersion::no_stream(), {event("test.A", "x")}),
                      outcomes.callback(0));
  store->append_async(request("", ExpectedVersion::any(), {event("test.A", "x")}),
                      outcomes.callback(1));
  ASSERT_TRUE(outcomes.wait_for(2));

  const auto answered = outcomes.by_slot();
  const auto& conflict = answered.find(0)->second;
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, errc::wrong_expected_version);
  EXPECT_EQ(conflict.error().actual_version, 1u);
  const auto& invalid = answered.find(1)->second;
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, errc::invalid_request);
  EXPECT_EQ(store->head_position(), 1u) << "nothing appended for a refused request";
}

TEST_F(EventStoreAppendAsync, AppendsQueuedBeforeTheStoreClosesAreFinishedAndLaterOnesRefused) {
  constexpr std::size_t kAppends = 200;
  Outcomes outcomes;
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    for (std::size_t i = 0; i < kAppends; ++i)
      store->append_async(one_event("s", std::to_string(i)), outcomes.callback(i));
  }  // closing: everything queued is written and answered first
  ASSERT_TRUE(outcomes.wait_for(kAppends));
  for (const auto& [slot, outcome] : outcomes.by_slot())
    EXPECT_TRUE(outcome) << "append " << slot << ": " << outcome.error().message;

  auto reopened = open_store();
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->head_position(), kAppends) << "every answered append is on disk";
}

TEST_F(EventStoreAppendAsync, ACallbackThatThrowsDoesNotStopTheOthersOfItsGroup) {
  auto store = open_store();
  ASSERT_TRUE(store);
  Outcomes outcomes;
  for (std::size_t i = 0; i < 50; ++i) {
    if (i % 5 == 0) {
      store->append_async(one_event("s", "thrower"),
                          [](AppendOutcome) { throw std::runtime_error("caller bug"); });
    } else {
      store->append_async(one_event("s", "fine"), outcomes.callback(i));
    }
  }
  ASSERT_TRUE(outcomes.wait_for(40));
  for (const auto& [slot, outcome] : outcomes.by_slot()) EXPECT_TRUE(outcome);
  EXPECT_TRUE(store->append(one_event("s", "after")).has_value()) << "the writer still runs";
  EXPECT_EQ(store->head_position(), 51u);
}

}  // namespace
}  // namespace opsdesk::eventstore
