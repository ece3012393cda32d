// Idempotency keys: a retried command gets its first answer and appends nothing; a key reused
// for another request is refused; racing retries append once.

#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::eventstore {
namespace {

using testing::event;
using testing::EventStoreTest;
using testing::one_event;
using testing::request;

using EventStoreIdempotency = EventStoreTest;

AppendRequest keyed(std::string stream, ExpectedVersion expected, std::string key,
                    std::string fingerprint) {
  return request(std::move(stream), expected, {event("test.A", "1"), event("test.B", "2")},
                 IdempotencyKey{std::move(key), std::move(fingerprint)});
}

TEST_F(EventStoreIdempotency, ReplayWithTheSameKeyReturnsTheFirstResultAndAppendsNothing) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("other", "before")));
  auto first = store->append(keyed("s", ExpectedVersion::no_stream(), "user-1:key-1", "fp-1"));
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->replayed);
  ASSERT_TRUE(store->append(one_event("other", "after")));
  const auto head = store->head_position();

  // The retry's expected version is stale by now: the key still wins, as the client retried
  // the very same command.
  auto replay = store->append(keyed("s", ExpectedVersion::no_stream(), "user-1:key-1", "fp-1"));
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->stream_id, "s");
  EXPECT_EQ(replay->first_version, first->first_version);
  EXPECT_EQ(replay->last_version, first->last_version);
  EXPECT_EQ(replay->first_position, first->first_position);
  EXPECT_EQ(replay->last_position, first->last_position);
  EXPECT_EQ(store->head_position(), head);
  EXPECT_EQ(store->stream_version("s"), 2u);
  EXPECT_EQ(store->read_log(1, SIZE_MAX).size(), head);

  auto record = store->find_idempotency_key("user-1:key-1");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->fingerprint(), "fp-1");
  EXPECT_EQ(record->stream_id(), "s");
  EXPECT_EQ(record->first_position(), 2u);
  EXPECT_EQ(record->last_position(), 3u);
  EXPECT_FALSE(store->find_idempotency_key("user-1:key-2").has_value());
}

TEST_F(EventStoreIdempotency, TheSameKeyForAnotherRequestIsRefusedAndAppendsNothing) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(keyed("s", ExpectedVersion::any(), "k", "fp-1")));
  auto reused = store->append(keyed("s", ExpectedVersion::any(), "k", "fp-2"));
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, errc::idempotency_key_reused);
  EXPECT_FALSE(reused.error().message.empty());
  EXPECT_EQ(store->head_position(), 2u);
  EXPECT_EQ(store->stream_version("s"), 2u);
  EXPECT_EQ(store->find_idempotency_key("k")->fingerprint(), "fp-1");
}

TEST_F(EventStoreIdempotency, ARefusedAppendDoesNotClaimItsKey) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("s", "x")));
  ASSERT_FALSE(store->append(keyed("s", ExpectedVersion::no_stream(), "k", "fp")));
  EXPECT_FALSE(store->find_idempotency_key("k").has_value());
  auto retry = store->append(keyed("s", ExpectedVersion::exact(1), "k", "fp"));
  ASSERT_TRUE(retry);
  EXPECT_FALSE(retry->replayed);
}

TEST_F(EventStoreIdempotency, ConcurrentAppendsWithTheSameKeyAppendOnce) {
  constexpr int kThreads = 8;
  constexpr int kKeys = 40;
  auto store = open_store();
  ASSERT_TRUE(store);
  for (int k = 0; k < kKeys; ++k) {
    const std::string stream = "s-" + std::to_string(k);
    const std::string key = "key-" + std::to_string(k);
    std::vector<std::expected<AppendResult, AppendError>> outcomes(kThreads);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        outcomes[t] = store->append(keyed(stream, ExpectedVersion::any(), key, "fp"));
      });
    }
    for (auto& thread : threads) thread.join();

    int appended = 0;
    for (const auto& outcome : outcomes) {
      ASSERT_TRUE(outcome) << outcome.error().message;
      if (!outcome->replayed) ++appended;
      EXPECT_EQ(outcome->first_version, 1u);
      EXPECT_EQ(outcome->last_version, 2u);
      EXPECT_EQ(outcome->first_position, outcomes[0]->first_position);
    }
    EXPECT_EQ(appended, 1) << "key " << key;
    EXPECT_EQ(store->stream_version(stream), 2u);
  }
  EXPECT_EQ(store->head_position(), 2u * kKeys);
}

TEST_F(EventStoreIdempotency, KeysSurviveReopening) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append(keyed("s", ExpectedVersion::no_stream(), "k", "fp")));
  }
  auto store = open_store();
  ASSERT_TRUE(store);
  auto replay = store->append(keyed("s", ExpectedVersion::no_stream(), "k", "fp"));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->last_position, 2u);
  EXPECT_EQ(store->head_position(), 2u);
}

}  // namespace
}  // namespace opsdesk::eventstore
