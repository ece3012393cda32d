#pragma once
// `opsdesk dev-broker`: librdkafka's mock cluster as a Kafka-protocol broker on loopback, with
// the topics of every command domain created, for trying and testing the Kafka path on one
// machine. In memory and capped at 5 MiB a partition (older records are dropped): never the
// place events are kept.

#include <CLI/CLI.hpp>
#include <string>

namespace opsdesk::cli {

class DevBrokerCommand {
 public:
  // Registers the subcommand and its flags on the application.
  // The options write into this object, so it must outlive app.parse() and stay where it is.
  explicit DevBrokerCommand(CLI::App& app);
  DevBrokerCommand(const DevBrokerCommand&) = delete;
  DevBrokerCommand& operator=(const DevBrokerCommand&) = delete;

  bool parsed() const { return command_->parsed(); }
  // Prints "bootstrap HOST:PORT" on stdout once clients can connect, then runs until SIGTERM
  // or SIGINT (which main must have blocked in every thread). Exit status: 0 after a signal,
  // 2 for a bad flag, 1 when the broker cannot start.
  int run() const;

 private:
  CLI::App* command_;
  std::string listen_ = "127.0.0.1:9092";
  int partitions_ = 3;
};

}  // namespace opsdesk::cli
