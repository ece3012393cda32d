// Subscriptions (catch-up, then live; in order, no duplicates; stop on destruction or on a
// throwing callback) and wait_for_position.

#include <gtest/gtest.h>

#include <future>

#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::eventstore {
namespace {

using testing::Collector;
using testing::EventStoreTest;
using testing::eventually;
using testing::one_event;
using testing::range;
using testing::request;

using EventStoreSubscription = EventStoreTest;

void append_many(EventStore& store, int count) {
  for (int i = 0; i < count; ++i)
    ASSERT_TRUE(store.append(one_event("s-" + std::to_string(i % 3), "p")));
}

TEST_F(EventStoreSubscription, CatchesUpFromTheStartThenDeliversLiveAppendsInOrder) {
  auto store = open_store();
  ASSERT_TRUE(store);
  append_many(*store, 10);
  Collector collected;
  auto subscription = store->subscribe(0, collected.callback());
  ASSERT_TRUE(collected.wait_for_count(10));
  EXPECT_EQ(collected.positions(), range(1, 10));

  append_many(*store, 5);
  ASSERT_TRUE(collected.wait_for_count(15));
  EXPECT_TRUE(eventually([&] { return subscription->position() == 15; }));
  // The store is quiet now: one more append must come alone, so nothing was delivered twice.
  ASSERT_TRUE(store->append(one_event("s-0", "last")));
  ASSERT_TRUE(collected.wait_for_count(16));
  EXPECT_EQ(collected.positions(), range(1, 16));
  EXPECT_EQ(collected.events().back().payload(), "last");
}

TEST_F(EventStoreSubscription, CatchUpFromTheMiddleStartsAfterThatPosition) {
  auto store = open_store();
  ASSERT_TRUE(store);
  append_many(*store, 10);
  Collector collected;
  auto subscription = store->subscribe(6, collected.callback());
  ASSERT_TRUE(collected.wait_for_count(4));
  append_many(*store, 2);
  ASSERT_TRUE(collected.wait_for_count(6));
  EXPECT_EQ(collected.positions(), range(7, 12));
}

TEST_F(EventStoreSubscription, PositionIsTheStartUntilSomethingIsDelivered) {
  auto store = open_store();
  ASSERT_TRUE(store);
  append_many(*store, 2);
  Collector collected;
  auto ahead = store->subscribe(5, collected.callback());
  EXPECT_EQ(ahead->position(), 5u);
  append_many(*store, 4);
  ASSERT_TRUE(collected.wait_for_count(1));
  EXPECT_EQ(collected.positions(), range(6, 6));
  EXPECT_TRUE(eventually([&] { return ahead->position() == 6; }));
}

TEST_F(EventStoreSubscription, CatchUpSpanningManyChunksKeepsOrder) {
  auto store = open_store();
  ASSERT_TRUE(store);
  for (int i = 0; i < 70; ++i) {
    std::vector<NewEvent> events;
    for (int e = 0; e < 10; ++e)
      events.push_back(testing::event("test.Appended", std::to_string(i)));
    ASSERT_TRUE(store->append(request("big", ExpectedVersion::any(), std::move(events))));
  }
  Collector collected;
  auto subscription = store->subscribe(0, collected.callback());
  ASSERT_TRUE(collected.wait_for_count(700));
  EXPECT_EQ(collected.positions(), range(1, 700));
}

TEST_F(EventStoreSubscription, ADestroyedSubscriptionDeliversNothingMore) {
  auto store = open_store();
  ASSERT_TRUE(store);
  append_many(*store, 3);
  Collector stopped;
  auto subscription = store->subscribe(0, stopped.callback());
  ASSERT_TRUE(stopped.wait_for_count(3));
  subscription.reset();  // joins its thread

  Collector witness;
  auto other = store->subscribe(0, witness.callback());
  append_many(*store, 3);
  ASSERT_TRUE(witness.wait_for_count(6));
  EXPECT_EQ(stopped.positions(), range(1, 3));
}

TEST_F(EventStoreSubscription, AThrowingCallbackStopsOnlyThatSubscription) {
  auto store = open_store();
  ASSERT_TRUE(store);
  append_many(*store, 5);
  Collector seen;
  auto failing = store->subscribe(0, [&](const RecordedEvent& event) {
    seen.add(event);
    if (event.log_position() == 3) throw std::runtime_error("projection bug");
  });
  ASSERT_TRUE(seen.wait_for_count(3));
  EXPECT_EQ(failing->position(), 2u) << "the event whose callback threw is not counted as handled";
  failing.reset();
  EXPECT_EQ(seen.positions(), range(1, 3));

  ASSERT_TRUE(store->append(one_event("s-0", "still works")));
  Collector healthy;
  auto subscription = store->subscribe(0, healthy.callback());
  ASSERT_TRUE(healthy.wait_for_count(6));
}

TEST_F(EventStoreSubscription, ClosingTheStoreStopsItsSubscriptions) {
  auto store = open_store();
  ASSERT_TRUE(store);
  append_many(*store, 2);
  Collector collected;
  auto subscription = store->subscribe(0, collected.callback());
  ASSERT_TRUE(collected.wait_for_count(2));
  store.reset();  // must not hang on, or crash in, the live subscription
  subscription.reset();
  EXPECT_EQ(collected.positions(), range(1, 2));
}

TEST_F(EventStoreSubscription, WaitForPositionIsTrueWhenReachedAndFalseAtTheDeadline) {
  auto store = open_store();
  ASSERT_TRUE(store);
  append_many(*store, 3);
  const auto now = std::chrono::steady_clock::now();
  EXPECT_TRUE(store->wait_for_position(3, now));
  EXPECT_TRUE(store->wait_for_position(0, now));
  EXPECT_FALSE(store->wait_for_position(4, now + std::chrono::milliseconds{20}));

  auto waiter = std::async(std::launch::async, [&] {
    return store->wait_for_position(4, std::chrono::steady_clock::now() + testing::kWaitLimit);
  });
  ASSERT_TRUE(store->append(one_event("s-0", "wake")));
  EXPECT_TRUE(waiter.get());
}

}  // namespace
}  // namespace opsdesk::eventstore
