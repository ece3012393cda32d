// Starting and stopping librdkafka's mock cluster (see mock_cluster.hpp).

#include "libs/messaging/mock_cluster.hpp"

#include "libs/observability/log.hpp"

namespace opsdesk::messaging {

std::expected<std::unique_ptr<MockCluster>, std::string> MockCluster::start(int broker_count) {
  if (broker_count < 1)
    return std::unexpected(std::string("a mock cluster needs at least one broker"));
  // The owning client has no bootstrap servers and never connects anywhere: the mock cluster
  // only needs an instance whose threads run its brokers.
  ConfPtr conf(rd_kafka_conf_new());
  route_logs(conf.get());
  char error[512];
  // Warnings and worse only: its notices are about having no bootstrap servers, which is the point.
  for (const auto& [name, value] :
       {std::pair{"client.id", "opsdesk-mock-cluster"}, std::pair{"log_level", "4"}}) {
    if (rd_kafka_conf_set(conf.get(), name, value, error, sizeof error) != RD_KAFKA_CONF_OK) {
      return std::unexpected(std::string(error));
    }
  }
  auto handle = make_handle(RD_KAFKA_PRODUCER, std::move(conf));
  if (!handle) return std::unexpected(handle.error());
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(handle->get(), broker_count);
  if (cluster == nullptr)
    return std::unexpected(std::string("librdkafka could not start a mock cluster"));
  return std::unique_ptr<MockCluster>(new MockCluster(std::move(*handle), cluster, broker_count));
}

MockCluster::MockCluster(HandlePtr handle, rd_kafka_mock_cluster_t* cluster, int broker_count)
    : handle_(std::move(handle)),
      cluster_(cluster),
      broker_count_(broker_count),
      bootstrap_(rd_kafka_mock_cluster_bootstraps(cluster)) {}

MockCluster::~MockCluster() {
  // The cluster first: its brokers run on the owning instance's threads.
  rd_kafka_mock_cluster_destroy(cluster_);
}

std::expected<void, std::string> MockCluster::create_topic(const std::string& topic,
                                                           int partitions) {
  auto error = rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::unexpected("cannot create topic " + topic + ": " + rd_kafka_err2str(error));
  }
  return {};
}

}  // namespace opsdesk::messaging
