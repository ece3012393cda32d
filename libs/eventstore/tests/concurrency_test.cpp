// Many threads against one store: optimistic concurrency on one stream, and the group-commit
// counters adding up.

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <map>
#include <thread>

#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::eventstore {
namespace {

using testing::event;
using testing::EventStoreTest;
using testing::one_event;
using testing::range;
using testing::request;

using EventStoreConcurrency = EventStoreTest;

TEST_F(EventStoreConcurrency, RacingWritersOnOneStreamGetExactlyOneWinnerPerVersion) {
  constexpr int kThreads = 16;
  constexpr int kRounds = 25;
  auto store = open_store();
  ASSERT_TRUE(store);

  struct Attempt {
    std::uint64_t expected = 0;
    std::string payload;
    std::expected<AppendResult, AppendError> outcome;
  };
  std::vector<std::vector<Attempt>> attempts(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int round = 0; round < kRounds; ++round) {
        const std::uint64_t last_read = store->stream_version("contended");
        // Appended: GCC 12 warns falsely (-Wrestrict) on "t" + std::to_string(t) at -O2.
        std::string payload = "t";
        payload.append(std::to_string(t)).append("-r").append(std::to_string(round));
        auto outcome = store->append(request("contended", ExpectedVersion::exact(last_read),
                                             {event("test.Appended", payload)}));
        attempts[t].push_back(Attempt{last_read, std::move(payload), std::move(outcome)});
      }
    });
  }
  for (auto& thread : threads) thread.join();

  std::map<std::uint64_t, std::string> winners;  // version -> payload
  std::size_t losers = 0;
  for (const auto& per_thread : attempts) {
    for (const auto& attempt : per_thread) {
      if (attempt.outcome) {
        EXPECT_EQ(attempt.outcome->first_version, attempt.expected + 1);
        auto [it, inserted] = winners.emplace(attempt.outcome->first_version, attempt.payload);
        EXPECT_TRUE(inserted) << "version " << attempt.outcome->first_version << " won twice";
      } else {
        ++losers;
        EXPECT_EQ(attempt.outcome.error().code, errc::wrong_expected_version);
        EXPECT_NE(attempt.outcome.error().actual_version, attempt.expected);
      }
    }
  }
  const std::uint64_t versions = winners.size();
  EXPECT_EQ(versions + losers, std::size_t{kThreads * kRounds});
  ASSERT_GE(versions, 1u);
  EXPECT_EQ(winners.rbegin()->first, versions) << "winning versions are 1..N";
  EXPECT_EQ(store->stream_version("contended"), versions);

  auto stream = store->read_stream("contended");
  ASSERT_EQ(stream.size(), versions);
  std::vector<std::uint64_t> positions;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    EXPECT_EQ(stream[i].stream_version(), i + 1);
    EXPECT_EQ(stream[i].payload(), winners[i + 1])
        << "version " << i + 1 << " holds its winner's event";
    positions.push_back(stream[i].log_position());
  }
  EXPECT_EQ(positions, range(1, versions));
  EXPECT_EQ(store->head_position(), versions);
  EXPECT_EQ(store->read_log(1, SIZE_MAX).size(), versions);
}

TEST_F(EventStoreConcurrency, GroupCommitCountersAddUpUnderConcurrentAppends) {
  constexpr int kThreads = 32;
  constexpr int kAppendsPerThread = 20;
  constexpr std::uint64_t kAppends = kThreads * kAppendsPerThread;
  observability::Registry registry;
  auto store = open_store(&registry);
  ASSERT_TRUE(store);

  std::latch start(kThreads);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kAppendsPerThread; ++i) {
        auto outcome = store->append(request("stream-" + std::to_string(t), ExpectedVersion::any(),
                                             {event("test.A", "a"), event("test.B", "b")}));
        if (!outcome) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  const observability::Labels labels{{"store", "test"}};
  const auto ok =
      registry
          .counter("opsdesk_eventstore_appends_total", "", {{"store", "test"}, {"outcome", "ok"}})
          .value();
  const auto commits = registry.counter("opsdesk_eventstore_commits_total", "", labels).value();
  const auto events =
      registry.counter("opsdesk_eventstore_events_appended_total", "", labels).value();
  const auto group_sizes =
      registry.histogram("opsdesk_eventstore_commit_group_size", "", labels).snapshot();
  const auto durations =
      registry.histogram("opsdesk_eventstore_append_duration_seconds", "", labels).snapshot();

  EXPECT_EQ(ok, kAppends);
  EXPECT_EQ(events, 2 * kAppends);
  EXPECT_GE(commits, 1u);
  EXPECT_LE(commits, ok);
  EXPECT_EQ(group_sizes.count, commits);
  EXPECT_EQ(group_sizes.sum, static_cast<double>(kAppends));
  EXPECT_EQ(group_sizes.upper_bounds.front(), 1);
  EXPECT_EQ(group_sizes.upper_bounds.back(), 1024);
  EXPECT_EQ(durations.count, kAppends);
  EXPECT_EQ(store->head_position(), 2 * kAppends);
  EXPECT_NE(
      registry.render_prometheus().find("opsdesk_eventstore_head_position{store=\"test\"} 1280\n"),
      std::string::npos);
}

}  // namespace
}  // namespace opsdesk::eventstore
