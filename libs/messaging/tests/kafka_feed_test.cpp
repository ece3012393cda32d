// The Kafka feed of projections against librdkafka's mock cluster, with events published by
// the outbox relay: decoded envelopes with their checkpoints, resuming exactly after stored
// checkpoints, a rebuild when a checkpoint is beyond a partition's end, and records that are
// not opsdesk events skipped and counted.

#include "libs/messaging/kafka_feed.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "libs/messaging/outbox_relay.hpp"
#include "libs/messaging/tests/kafka_test_support.hpp"

namespace opsdesk::messaging {
namespace {

using namespace std::chrono_literals;
using eventstore::testing::eventually;
using projection::Checkpoints;
using projection::FeedEnd;
using projection::FeedEvent;
using testing::append_events;
using testing::kIncidentsTopic;

constexpr int kPartitions = 3;

// Runs a feed on its own thread and collects what it delivers, for tests to wait on.
class FeedRun {
 public:
  FeedRun(KafkaFeed& feed, Checkpoints checkpoints) : checkpoints_(std::move(checkpoints)) {
    thread_ = std::jthread([this, &feed](std::stop_token stop) {
      std::string reason;
      const auto end = feed.run(
          checkpoints_,
          [this](std::vector<FeedEvent>&& batch) {
            std::lock_guard lock(mutex_);
            for (auto& event : batch) {
              checkpoints_after_[event.checkpoint_key] = event.next_offset;
              events_.push_back(std::move(event));
            }
            changed_.notify_all();
          },
          stop, reason);
      std::lock_guard lock(mutex_);
      end_ = end;
      reason_ = reason;
      changed_.notify_all();
    });
  }

  bool wait_for_events(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, testing::kDeadline, [&] {
      return events_.size() >= count || end_.has_value();
    }) && events_.size() >= count;
  }

  // Waits for the run to end by itself (e.g. rebuild_required).
  std::optional<FeedEnd> wait_for_end() {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, testing::kDeadline, [&] { return end_.has_value(); });
    return end_;
  }

  FeedEnd stop() {
    thread_.request_stop();
    thread_.join();
    return end_.value();
  }

  std::vector<FeedEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  // The checkpoints a projection would have stored after applying everything delivered.
  Checkpoints stored_checkpoints() const {
    std::lock_guard lock(mutex_);
    Checkpoints out = checkpoints_;
    for (const auto& [key, offset] : checkpoints_after_) out[key] = offset;
    return out;
  }
  std::string reason() const {
    std::lock_guard lock(mutex_);
    return reason_;
  }

 private:
  Checkpoints checkpoints_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<FeedEvent> events_;
  Checkpoints checkpoints_after_;
  std::optional<FeedEnd> end_;
  std::string reason_;
  std::jthread thread_;  // last: joined before the members it uses go away
};

class KafkaFeedTest : public ::testing::Test {
 protected:
  KafkaFeedTest() : cluster_(testing::start_cluster(kPartitions)) {
    eventstore::StoreOptions options;
    options.path = dir_.path() / "store";
    options.sync = false;  // the store's durability is not what these tests are about
    store_ = std::move(eventstore::EventStore::open(options, clock_).value());
  }

  // Appends events and waits until the relay has them all on the broker.
  void publish(std::size_t count, std::size_t first_index = 0) {
    append_events(*store_, count, 20, 1, first_index);
    if (!relay_) {
      RelayOptions options;
      options.domain = "incidents";
      options.kafka = KafkaSettings{cluster_->bootstrap(), {}};
      relay_ = std::move(OutboxRelay::start(*store_, options).value());
    }
    ASSERT_TRUE(eventually(
        [&] { return relay_->state().acknowledged_position == store_->head_position(); }));
  }

  std::unique_ptr<KafkaFeed> make_feed(observability::Registry* metrics = nullptr,
                                       std::uint64_t max_lag = projection::kDefaultMaxLag) {
    KafkaFeedOptions options;
    // The mock cluster rebalances after a member leaves only when the session timeout (less
    // a second) has passed; the shortest timeout Kafka allows keeps the resume test short.
    options.kafka = KafkaSettings{cluster_->bootstrap(), {{"session.timeout.ms", "6000"}}};
    options.group_id = "opsdesk-test-projection";
    options.domains = {"incidents"};
    options.max_batch = 64;
    options.max_lag = max_lag;
    options.metrics = metrics;
    auto feed = KafkaFeed::create(options);
    if (!feed) throw std::runtime_error(feed.error());
    return std::move(*feed);
  }

  testing::TempDir dir_;
  core::ManualClock clock_{eventstore::testing::at("2026-11-22T01:00:00Z")};
  std::unique_ptr<MockCluster> cluster_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<OutboxRelay> relay_;
};

TEST_F(KafkaFeedTest, DeliversEveryEventDecodedWithItsPartitionCheckpoint) {
  publish(120);
  auto feed = make_feed();
  FeedRun run(*feed, {});
  ASSERT_TRUE(run.wait_for_events(120));
  EXPECT_EQ(run.stop(), FeedEnd::stopped);

  std::map<std::string, std::uint64_t> last_offset;
  std::set<std::uint64_t> positions;
  for (const auto& event : run.events()) {
    EXPECT_EQ(event.domain, "incidents");
    EXPECT_TRUE(event.checkpoint_key.starts_with("kafka/" + kIncidentsTopic + "/"))
        << event.checkpoint_key;
    // Offsets of a partition come in order, one after the other.
    EXPECT_EQ(event.next_offset, last_offset[event.checkpoint_key] + 1) << event.checkpoint_key;
    last_offset[event.checkpoint_key] = event.next_offset;
    const auto stored = store_->read_log(event.envelope.log_position(), 1);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].SerializeAsString(), event.envelope.SerializeAsString());
    positions.insert(event.envelope.log_position());
  }
  EXPECT_EQ(positions.size(), 120u);
  EXPECT_EQ(run.events().size(), 120u);
}

TEST_F(KafkaFeedTest, IsCaughtUpOnlyOnceAssignedAndReadToTheEndOffsetsItWasAssignedWith) {
  publish(50);
  auto feed = make_feed();
  EXPECT_FALSE(feed->catch_up().caught_up);
  EXPECT_NE(feed->catch_up().waiting_for.find("assign its Kafka partitions"), std::string::npos);

  // A projection still applying its first batch: the feed is assigned but behind.
  std::mutex mutex;
  std::condition_variable changed;
  bool applying = false, release = false;
  std::jthread run([&](std::stop_token stop) {
    std::string reason;
    feed->run(
        {},
        [&](std::vector<FeedEvent>&&) {
          std::unique_lock lock(mutex);
          applying = true;
          changed.notify_all();
          changed.wait(lock, [&] { return release; });
        },
        stop, reason);
  });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, testing::kDeadline, [&] { return applying; }));
  }
  const auto behind = feed->catch_up();
  EXPECT_FALSE(behind.caught_up);
  EXPECT_NE(behind.waiting_for.find("records"), std::string::npos) << behind.waiting_for;
  EXPECT_EQ(behind.behind, 50u);

  {
    std::lock_guard lock(mutex);
    release = true;
  }
  changed.notify_all();
  EXPECT_TRUE(eventually([&] { return feed->catch_up().caught_up; }));
}

TEST_F(KafkaFeedTest, FallingMoreThanMaxLagBehindItsPartitionsAfterCatchingUpIsNotCaughtUp) {
  publish(10);
  auto feed = make_feed(nullptr, /*max_lag=*/5);
  std::mutex mutex;
  std::condition_variable changed;
  bool hold = false;
  std::jthread run([&](std::stop_token stop) {
    std::string reason;
    feed->run(
        {},
        [&](std::vector<FeedEvent>&&) {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return !hold || stop.stop_requested(); });
        },
        stop, reason);
  });
  ASSERT_TRUE(eventually([&] { return feed->catch_up().caught_up; }));
  EXPECT_EQ(feed->catch_up().behind, 0u);

  // The projection stalls on its next batch while 20 more records arrive.
  {
    std::lock_guard lock(mutex);
    hold = true;
  }
  publish(20, 10);
  ASSERT_TRUE(eventually([&] { return feed->catch_up().behind == 20; })) << feed->catch_up().behind;
  const auto stalled = feed->catch_up();
  EXPECT_FALSE(stalled.caught_up);
  EXPECT_NE(stalled.waiting_for.find("20 records of its Kafka partitions (ready within 5)"),
            std::string::npos)
      << stalled.waiting_for;

  {
    std::lock_guard lock(mutex);
    hold = false;
  }
  changed.notify_all();
  EXPECT_TRUE(eventually([&] {
    const auto now = feed->catch_up();
    return now.caught_up && now.behind == 0;
  }));
  run.request_stop();
  changed.notify_all();
}

TEST_F(KafkaFeedTest, ResumesAfterTheStoredCheckpointsWithoutRepeatingAnything) {
  publish(100);
  auto feed = make_feed();
  Checkpoints stored;
  {
    FeedRun first(*feed, {});
    ASSERT_TRUE(first.wait_for_events(100));
    first.stop();
    stored = first.stored_checkpoints();
  }
  publish(60, 100);

  FeedRun second(*feed, stored);
  ASSERT_TRUE(second.wait_for_events(60));
  second.stop();
  std::set<std::uint64_t> positions;
  for (const auto& event : second.events()) positions.insert(event.envelope.log_position());
  EXPECT_EQ(second.events().size(), 60u) << "an event was delivered twice";
  ASSERT_FALSE(positions.empty());
  EXPECT_EQ(*positions.begin(), 101u) << "an event before the checkpoints was delivered again";
  EXPECT_EQ(*positions.rbegin(), 160u);
}

TEST_F(KafkaFeedTest, ACheckpointBeyondAPartitionsEndRequiresARebuild) {
  publish(30);
  auto feed = make_feed();
  FeedRun first(*feed, {});
  ASSERT_TRUE(first.wait_for_events(30));
  first.stop();
  const auto stored = first.stored_checkpoints();

  // The broker is reset: a new cluster, the same (now empty) topic.
  relay_.reset();
  cluster_.reset();
  cluster_ = testing::start_cluster(kPartitions);
  auto reset_feed = make_feed();
  FeedRun after_reset(*reset_feed, stored);
  const auto end = after_reset.wait_for_end();
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(*end, FeedEnd::rebuild_required);
  EXPECT_NE(after_reset.reason().find("beyond the partition's end"), std::string::npos)
      << after_reset.reason();
  EXPECT_TRUE(after_reset.events().empty());
}

TEST_F(KafkaFeedTest, RecordsThatAreNotOpsdeskEventsAreSkippedAndCounted) {
  {
    auto conf = make_conf(KafkaSettings{cluster_->bootstrap(), {}}, {}, "test-foreign-producer");
    auto producer = std::move(make_handle(RD_KAFKA_PRODUCER, std::move(conf.value())).value());
    const std::string value = "not a CloudEvent";
    ASSERT_EQ(rd_kafka_producev(producer.get(), RD_KAFKA_VTYPE_TOPIC, kIncidentsTopic.c_str(),
                                RD_KAFKA_VTYPE_PARTITION, std::int32_t{0}, RD_KAFKA_VTYPE_MSGFLAGS,
                                RD_KAFKA_MSG_F_COPY, RD_KAFKA_VTYPE_VALUE,
                                const_cast<char*>(value.data()), value.size(), RD_KAFKA_VTYPE_END),
              RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(rd_kafka_flush(producer.get(), 30'000), RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  publish(10);
  observability::Registry metrics;
  auto feed = make_feed(&metrics);
  FeedRun run(*feed, {});
  ASSERT_TRUE(run.wait_for_events(10));
  run.stop();
  EXPECT_EQ(run.events().size(), 10u);
  EXPECT_EQ(metrics
                .counter("opsdesk_kafka_feed_malformed_records_total", "",
                         {{"group", "opsdesk-test-projection"}})
                .value(),
            1u);
}

TEST_F(KafkaFeedTest, BadOptionsAreRefusedWhenTheFeedIsCreated) {
  KafkaFeedOptions options;
  options.kafka = KafkaSettings{cluster_->bootstrap(), {}};
  options.domains = {"incidents"};
  EXPECT_FALSE(KafkaFeed::create(options));  // no group
  options.group_id = "g";
  options.kafka.properties = {{"enable.auto.commit", "true"}};
  auto refused = KafkaFeed::create(options);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("enable.auto.commit"), std::string::npos);
}

}  // namespace
}  // namespace opsdesk::messaging
