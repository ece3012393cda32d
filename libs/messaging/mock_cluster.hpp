#pragma once
// librdkafka's in-process mock cluster, a Kafka-protocol broker on loopback ports, for
// `opsdesk dev-broker` and the messaging tests. It keeps everything in memory and drops the
// oldest records beyond 5 MiB a partition: for trying and testing the Kafka path only, never
// a durable broker.

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <expected>
#include <memory>
#include <string>

#include "libs/messaging/kafka_client.hpp"

namespace opsdesk::messaging {

class MockCluster {
 public:
  // Brokers get ids 1..broker_count and their own loopback ports (chosen by the OS).
  static std::expected<std::unique_ptr<MockCluster>, std::string> start(int broker_count = 1);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // The bootstrap list clients use: "127.0.0.1:PORT[,127.0.0.1:PORT…]".
  const std::string& bootstrap() const { return bootstrap_; }
  int broker_count() const { return broker_count_; }

  std::expected<void, std::string> create_topic(const std::string& topic, int partitions);

  // Fault injection for tests (rd_kafka_mock_broker_set_down, rd_kafka_mock_push_request_errors…).
  rd_kafka_mock_cluster_t* raw() const { return cluster_; }

 private:
  MockCluster(HandlePtr handle, rd_kafka_mock_cluster_t* cluster, int broker_count);

  HandlePtr handle_;  // the mock cluster lives on this client instance's threads
  rd_kafka_mock_cluster_t* cluster_;
  int broker_count_;
  std::string bootstrap_;
};

}  // namespace opsdesk::messaging
