// The outbox relay against librdkafka's mock cluster, read back by an independent consumer:
// nothing lost, per-stream order, every header right, through produce errors and a broker
// outage; the cursor is persisted and a new relay resumes from it.

#include "libs/messaging/outbox_relay.hpp"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka_mock.h>

#include <map>

#include "libs/messaging/tests/kafka_test_support.hpp"

namespace opsdesk::messaging {
namespace {

using namespace std::chrono_literals;
using eventstore::testing::eventually;
using testing::append_events;
using testing::ConsumedRecord;
using testing::kIncidentsTopic;
using testing::TopicReader;

constexpr int kPartitions = 4;
constexpr std::int16_t kProduceApi = 0;  // Kafka protocol ApiKey of Produce

// Applies records the way a projection does: per stream, a version already applied is a
// duplicate and skipped; any other version must be the next one (else: out of order or lost).
struct Replay {
  std::map<std::string, std::uint64_t> applied;  // stream -> last applied version
  std::map<std::string, std::int32_t> partition_of;
  std::size_t duplicates = 0;
  std::vector<std::string> problems;

  explicit Replay(const std::vector<ConsumedRecord>& records) {
    for (const auto& record : records) {
      auto decoded = record.decoded();
      if (!decoded) {
        problems.push_back("undecodable record: " + decoded.error().message);
        continue;
      }
      const auto& event = decoded->event;
      auto [at, fresh] = partition_of.emplace(event.stream_id(), record.partition);
      if (!fresh && at->second != record.partition)
        problems.push_back(event.stream_id() + " is on two partitions");
      auto& last = applied[event.stream_id()];
      if (event.stream_version() <= last) {
        ++duplicates;
      } else if (event.stream_version() == last + 1) {
        last = event.stream_version();
      } else {
        problems.push_back(event.stream_id() + ": version " +
                           std::to_string(event.stream_version()) + " after " +
                           std::to_string(last));
      }
    }
  }
};

class OutboxRelayTest : public ::testing::Test {
 protected:
  OutboxRelayTest() : cluster_(testing::start_cluster(kPartitions)) { open_store(); }

  void open_store() {
    eventstore::StoreOptions options;
    options.path = dir_.path() / "store";
    // Durability of appends is the store's own tests' subject; here it would only slow the
    // 10,000 appends down.
    options.sync = false;
    store_ = std::move(eventstore::EventStore::open(options, clock_).value());
  }

  RelayOptions relay_options(observability::Registry* metrics = nullptr) {
    RelayOptions options;
    options.domain = "incidents";
    options.kafka = KafkaSettings{cluster_->bootstrap(), {}};
    options.metrics = metrics;
    options.min_backoff = 10ms;
    options.max_backoff = 200ms;
    options.probe_interval = 100ms;
    return options;
  }

  std::unique_ptr<OutboxRelay> start_relay(observability::Registry* metrics = nullptr) {
    auto relay = OutboxRelay::start(*store_, relay_options(metrics));
    if (!relay) throw std::runtime_error(relay.error());
    return std::move(*relay);
  }

  // Every record carries exactly the envelope the store holds at its log position.
  void expect_records_match_the_log(const std::vector<ConsumedRecord>& records) {
    std::size_t mismatches = 0;
    for (const auto& record : records) {
      auto decoded = record.decoded();
      ASSERT_TRUE(decoded) << decoded.error().message;
      EXPECT_EQ(decoded->domain, "incidents");
      EXPECT_EQ(record.key, decoded->event.stream_id());
      const auto stored = store_->read_log(decoded->event.log_position(), 1);
      ASSERT_EQ(stored.size(), 1u);
      if (stored[0].SerializeAsString() != decoded->event.SerializeAsString()) ++mismatches;
    }
    EXPECT_EQ(mismatches, 0u);
  }

  testing::TempDir dir_;
  core::ManualClock clock_{eventstore::testing::at("2026-11-22T01:00:00Z")};
  std::unique_ptr<MockCluster> cluster_;
  std::unique_ptr<eventstore::EventStore> store_;
};

TEST_F(OutboxRelayTest,
       TenThousandEventsArriveInStreamOrderWithEveryHeaderThroughProduceErrorsAndAnOutage) {
  observability::Registry metrics;
  auto relay = start_relay(&metrics);
  TopicReader reader(cluster_->bootstrap(), kIncidentsTopic, kPartitions);
  auto& produce_errors =
      metrics.counter("opsdesk_relay_produce_errors_total", "", {{"domain", "incidents"}});

  append_events(*store_, 3000, 200, 5);
  // Errors librdkafka retries by itself, then one no retry can fix: that delivery fails and
  // the relay must start over from its cursor.
  rd_kafka_mock_push_request_errors(
      cluster_->raw(), kProduceApi, 4, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
      RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  append_events(*store_, 3000, 200, 3, 600);
  ASSERT_TRUE(eventually([&] { return produce_errors.value() >= 1; }));
  ASSERT_TRUE(eventually([&] { return relay->state().acknowledged_position >= 6000; }));

  // The broker goes away: commands are still accepted, the events wait in the log.
  ASSERT_EQ(rd_kafka_mock_broker_set_down(cluster_->raw(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  append_events(*store_, 4000, 200, 2, 1600);
  EXPECT_EQ(store_->head_position(), 10'000u);
  ASSERT_TRUE(eventually([&] { return relay->state().broker == BrokerState::down; }));
  EXPECT_GT(relay->state().lag, 0u);
  ASSERT_EQ(rd_kafka_mock_broker_set_up(cluster_->raw(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);

  ASSERT_TRUE(reader.read_until([](const TopicReader& r) { return r.distinct_events() == 10'000; }))
      << reader.distinct_events() << " distinct events arrived";
  ASSERT_TRUE(eventually([&] { return relay->state().acknowledged_position == 10'000; }));

  const Replay replay(reader.records());
  EXPECT_TRUE(replay.problems.empty()) << replay.problems.front();
  EXPECT_EQ(replay.applied.size(), 200u);
  std::size_t applied = 0;
  for (const auto& [stream, version] : replay.applied) applied += version;
  EXPECT_EQ(applied, 10'000u);
  expect_records_match_the_log(reader.records());

  const auto state = relay->state();
  EXPECT_EQ(state.broker, BrokerState::up);
  EXPECT_EQ(state.lag, 0u);
  relay->stop();
  EXPECT_EQ(store_->read_meta(OutboxRelay::cursor_key(kIncidentsTopic)), "10000");
  const auto text = metrics.render_prometheus();
  EXPECT_NE(text.find("opsdesk_relay_lag_positions{domain=\"incidents\"} 0"), std::string::npos)
      << text;
  EXPECT_NE(text.find("opsdesk_relay_acknowledged_position{domain=\"incidents\"} 10000"),
            std::string::npos);

  // A new relay resumes after the persisted cursor: the next event follows, nothing is re-sent.
  const auto records_before = reader.records_on_broker();
  relay = start_relay(&metrics);
  append_events(*store_, 1, 200, 1, 5000);
  ASSERT_TRUE(eventually([&] { return relay->state().acknowledged_position == 10'001; }));
  EXPECT_EQ(reader.records_on_broker(), records_before + 1);
  ASSERT_TRUE(
      reader.read_until([](const TopicReader& r) { return r.distinct_events() == 10'001; }));
}

TEST_F(OutboxRelayTest, ARecreatedRelayResumesAfterItsPersistedCursor) {
  append_events(*store_, 100, 10);
  {
    auto relay = start_relay();
    ASSERT_TRUE(eventually([&] { return relay->state().acknowledged_position == 100; }));
  }
  EXPECT_EQ(store_->read_meta(OutboxRelay::cursor_key(kIncidentsTopic)), "100");
  append_events(*store_, 50, 10, 1, 100);
  auto relay = start_relay();
  ASSERT_TRUE(eventually([&] { return relay->state().acknowledged_position == 150; }));

  TopicReader reader(cluster_->bootstrap(), kIncidentsTopic, kPartitions);
  ASSERT_TRUE(reader.read_until([](const TopicReader& r) { return r.distinct_events() == 150; }));
  std::map<std::uint64_t, int> times_published;
  for (const auto& record : reader.records())
    ++times_published[record.decoded()->event.log_position()];
  for (std::uint64_t position = 1; position <= 100; ++position) {
    EXPECT_EQ(times_published[position], 1) << "position " << position << " was published again";
  }
  EXPECT_TRUE(Replay(reader.records()).problems.empty());
}

TEST_F(OutboxRelayTest, AnUnreachableBrokerNeverHoldsUpAppendsAndShowsAsDownWithTheLag) {
  ASSERT_EQ(rd_kafka_mock_broker_set_down(cluster_->raw(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  auto relay = start_relay();
  append_events(*store_, 500, 20);
  ASSERT_TRUE(eventually([&] { return relay->state().broker == BrokerState::down; }));
  const auto down = relay->state();
  EXPECT_EQ(down.topic, kIncidentsTopic);
  EXPECT_EQ(down.acknowledged_position, 0u);
  EXPECT_EQ(down.lag, 500u);
  EXPECT_FALSE(down.last_error.empty());

  ASSERT_EQ(rd_kafka_mock_broker_set_up(cluster_->raw(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(eventually([&] { return relay->state().acknowledged_position == 500; }));
  EXPECT_EQ(relay->state().broker, BrokerState::up);
}

TEST_F(OutboxRelayTest, AnIdleRelayFindsOutWhetherTheBrokerIsReachable) {
  auto relay = start_relay();
  ASSERT_TRUE(eventually([&] { return relay->state().broker == BrokerState::up; }));
  EXPECT_EQ(relay->state().lag, 0u);
}

TEST_F(OutboxRelayTest, ACursorBeyondTheHeadRestartsFromTheHead) {
  append_events(*store_, 10, 2);
  ASSERT_TRUE(store_->write_meta(OutboxRelay::cursor_key(kIncidentsTopic), "500"));
  auto relay = start_relay();
  append_events(*store_, 1, 2, 1, 10);
  ASSERT_TRUE(eventually([&] { return relay->state().acknowledged_position == 11; }));
  TopicReader reader(cluster_->bootstrap(), kIncidentsTopic, kPartitions);
  ASSERT_TRUE(reader.read_until([](const TopicReader& r) { return !r.records().empty(); }));
  EXPECT_EQ(reader.records().front().decoded()->event.log_position(), 11u);
}

TEST_F(OutboxRelayTest, ACorruptedCursorStopsTheRelayFromStartingWithAClearError) {
  ASSERT_TRUE(store_->write_meta(OutboxRelay::cursor_key(kIncidentsTopic), "twelve"));
  auto relay = OutboxRelay::start(*store_, relay_options());
  ASSERT_FALSE(relay);
  EXPECT_NE(relay.error().find("'twelve'"), std::string::npos) << relay.error();
}

TEST_F(OutboxRelayTest, BadBrokerSettingsAreRefusedAtStart) {
  auto options = relay_options();
  options.kafka.properties = {{"acks", "1"}};
  auto relay = OutboxRelay::start(*store_, options);
  ASSERT_FALSE(relay);
  EXPECT_NE(relay.error().find("kafka.properties: acks"), std::string::npos) << relay.error();
}

}  // namespace
}  // namespace opsdesk::messaging
