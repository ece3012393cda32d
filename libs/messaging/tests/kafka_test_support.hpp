#pragma once
// Shared by the messaging tests: a mock cluster with the incidents topic, an event store in a
// temp dir filled with events across many streams, and an independent reader of a topic (a
// plain assign-and-read consumer, not the code under test) that tests wait on with a deadline.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "libs/eventstore/tests/store_test_support.hpp"
#include "libs/messaging/kafka_client.hpp"
#include "libs/messaging/kafka_records.hpp"
#include "libs/messaging/mock_cluster.hpp"
#include "libs/messaging/topics.hpp"

namespace opsdesk::messaging::testing {

using eventstore::testing::TempDir;
inline constexpr auto kDeadline = std::chrono::seconds{120};
inline const std::string kIncidentsTopic = topic_for("incidents");

inline std::unique_ptr<MockCluster> start_cluster(int partitions = 4, int brokers = 1) {
  auto cluster = MockCluster::start(brokers);
  if (!cluster) throw std::runtime_error(cluster.error());
  if (auto created = (*cluster)->create_topic(kIncidentsTopic, partitions); !created) {
    throw std::runtime_error(created.error());
  }
  return std::move(*cluster);
}

struct ConsumedRecord {
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string key;
  Headers headers;
  std::string value;
  std::expected<DecodedRecord, DecodeError> decoded() const {
    return from_kafka_record(key, headers, value);
  }
};

// Reads every partition of a topic from the beginning, without a consumer group.
class TopicReader {
 public:
  TopicReader(const std::string& bootstrap, const std::string& topic, int partitions)
      : topic_(topic), partitions_(partitions) {
    // A group id only because librdkafka's consumer wants one; the reader assigns partitions
    // itself and never joins or commits.
    auto conf = make_conf(KafkaSettings{bootstrap, {}},
                          {{},
                           {{"group.id", "test-reader"},
                            {"enable.auto.commit", "false"},
                            {"enable.partition.eof", "false"}}},
                          "test-reader");
    if (!conf) throw std::runtime_error(conf.error());
    auto handle = make_handle(RD_KAFKA_CONSUMER, std::move(*conf));
    if (!handle) throw std::runtime_error(handle.error());
    consumer_ = std::move(*handle);
    auto* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p) {
      rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    const auto assigned = rd_kafka_assign(consumer_.get(), list);
    rd_kafka_topic_partition_list_destroy(list);
    if (assigned != RD_KAFKA_RESP_ERR_NO_ERROR)
      throw std::runtime_error(rd_kafka_err2str(assigned));
  }
  ~TopicReader() { rd_kafka_consumer_close(consumer_.get()); }

  // Reads until `done(this reader)` holds; false if the deadline passed first.
  bool read_until(const std::function<bool(const TopicReader&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (!done(*this)) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer_.get(), 100);
      if (message == nullptr) continue;
      if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) add(*message);
      rd_kafka_message_destroy(message);
    }
    return true;
  }

  const std::vector<ConsumedRecord>& records() const { return records_; }

  // How many records the topic holds now (the sum of its partitions' end offsets).
  std::int64_t records_on_broker() const {
    std::int64_t total = 0;
    for (int p = 0; p < partitions_; ++p) {
      std::int64_t low = 0, high = 0;
      const auto error =
          rd_kafka_query_watermark_offsets(consumer_.get(), topic_.c_str(), p, &low, &high, 30'000);
      if (error != RD_KAFKA_RESP_ERR_NO_ERROR) throw std::runtime_error(rd_kafka_err2str(error));
      total += high;
    }
    return total;
  }
  // Distinct (ce_subject, ce_streamversion) pairs: events, whatever the duplicates.
  std::size_t distinct_events() const { return distinct_.size(); }

 private:
  void add(const rd_kafka_message_t& message) {
    ConsumedRecord record;
    record.partition = message.partition;
    record.offset = message.offset;
    record.key = std::string(key_of(message).value_or(""));
    record.headers = headers_of(message);
    record.value = std::string(static_cast<const char*>(message.payload), message.len);
    std::string stream, version;
    for (const auto& [name, value] : record.headers) {
      if (name == "ce_subject") stream = value;
      if (name == "ce_streamversion") version = value;
    }
    distinct_.emplace(std::move(stream), std::move(version));
    records_.push_back(std::move(record));
  }

  std::string topic_;
  int partitions_;
  HandlePtr consumer_;
  std::vector<ConsumedRecord> records_;
  std::set<std::pair<std::string, std::string>> distinct_;
};

// Appends `count` events round-robin over `streams` streams ("incident-<n>"), `per_append` at a
// time per stream, with the metadata a command would record.
inline void append_events(eventstore::EventStore& store, std::size_t count, std::size_t streams,
                          std::size_t per_append = 1, std::size_t first_index = 0) {
  std::size_t appended = 0;
  for (std::size_t round = first_index; appended < count; ++round) {
    const std::size_t stream = round % streams;
    eventstore::AppendRequest request;
    request.stream_id = "incident-" + std::to_string(stream);
    request.expected = eventstore::ExpectedVersion::any();
    request.metadata = {{"t" + std::to_string(stream % 19 + 1)},
                        "user-" + std::to_string(stream),
                        "corr-" + std::to_string(round),
                        round % 2 == 0 ? "" : "cause-" + std::to_string(round)};
    for (std::size_t i = 0; i < per_append && appended < count; ++i, ++appended) {
      request.events.push_back(
          eventstore::testing::event("opsdesk.incidents.v1.IncidentDetected",
                                     "payload-" + std::to_string(round) + "-" + std::to_string(i)));
    }
    auto result = store.append(request);
    if (!result) throw std::runtime_error("append failed: " + result.error().message);
  }
}

}  // namespace opsdesk::messaging::testing
