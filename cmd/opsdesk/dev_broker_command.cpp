// `opsdesk dev-broker` (see dev_broker_command.hpp): the mock cluster, its topics, the loopback
// forwarder from the requested port, the bootstrap line, then a wait for SIGTERM/SIGINT.

#include "cmd/opsdesk/dev_broker_command.hpp"

#include <charconv>
#include <csignal>
#include <iostream>

#include "cmd/opsdesk/loopback_forwarder.hpp"
#include "cmd/opsdesk/module_list.hpp"
#include "cmd/opsdesk/stop_signals.hpp"
#include "libs/messaging/mock_cluster.hpp"
#include "libs/messaging/topics.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::cli {

namespace {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

std::expected<HostPort, std::string> split_host_port(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return std::unexpected("'" + text + "' is not HOST:PORT");
  HostPort out;
  out.host = text.substr(0, colon);
  if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  const auto port = text.substr(colon + 1);
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
  if (ec != std::errc{} || end != port.data() + port.size()) {
    return std::unexpected("'" + text + "' has no port from 0 to 65535");
  }
  return out;
}

}  // namespace

DevBrokerCommand::DevBrokerCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "dev-broker",
      "a Kafka-protocol broker for trying and testing the Kafka path on one machine (librdkafka's "
      "mock "
      "cluster): in memory, at most 5 MiB a partition (older records are dropped), gone when it "
      "stops; "
      "never for production. Prints 'bootstrap HOST:PORT' and runs until SIGTERM or Ctrl-C");
  command_
      ->add_option("--listen", listen_,
                   "loopback HOST:PORT clients bootstrap from (port 0 picks a free one)")
      ->capture_default_str();
  command_
      ->add_option("--partitions", partitions_,
                   "partitions of each opsdesk.<domain>.events.v1 topic")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
}

int DevBrokerCommand::run() const {
  auto listen = split_host_port(listen_);
  if (!listen) {
    std::cerr << "opsdesk dev-broker: --listen: " << listen.error() << "\n";
    return 2;
  }
  if (!is_loopback_host(listen->host)) {
    std::cerr << "opsdesk dev-broker: --listen: '" << listen->host
              << "' is not a loopback address; the dev broker only listens on 127.0.0.1, ::1 or "
                 "localhost\n";
    return 2;
  }

  auto cluster = messaging::MockCluster::start(1);
  if (!cluster) {
    std::cerr << "opsdesk dev-broker: " << cluster.error() << "\n";
    return 1;
  }
  // The topic of every domain a module of the table publishes.
  for (const auto& domain : module_table(Settings{}).published_domains()) {
    if (auto created = (*cluster)->create_topic(messaging::topic_for(domain), partitions_);
        !created) {
      std::cerr << "opsdesk dev-broker: " << created.error() << "\n";
      return 1;
    }
  }
  // One broker, so the bootstrap list is one address.
  auto broker = split_host_port((*cluster)->bootstrap());
  if (!broker) {
    std::cerr << "opsdesk dev-broker: unexpected mock cluster address " << (*cluster)->bootstrap()
              << "\n";
    return 1;
  }
  LoopbackForwarder forwarder;
  auto port = forwarder.start(listen->host, listen->port, broker->host, broker->port);
  if (!port) {
    std::cerr << "opsdesk dev-broker: " << port.error() << "\n";
    return 1;
  }
  const bool v6 = listen->host.find(':') != std::string::npos;
  const std::string bootstrap =
      (v6 ? "[" + listen->host + "]" : listen->host) + ":" + std::to_string(*port);

  // Scripts and tests read this line to learn where to bootstrap from.
  std::cout << "bootstrap " << bootstrap << std::endl;
  observability::log_info(
      "dev broker started: in memory, at most 5 MiB a partition; for trying and testing only",
      {{"bootstrap", bootstrap}, {"broker", (*cluster)->bootstrap()}, {"partitions", partitions_}});

  const int signal = wait_for_stop_signal();
  observability::log_info("dev broker stopping",
                          {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  forwarder.stop();
  cluster->reset();
  return 0;
}

}  // namespace opsdesk::cli
