#pragma once
// What every opsdesk Kafka client (relay producer, feed consumer, dev broker) is built from:
// the broker settings an operator gives (bootstrap list plus pass-through librdkafka
// properties for SASL/TLS), owning handles over librdkafka's C objects, and librdkafka's own
// log lines routed into opsdesk's JSON logs. Never lets pass-through properties override what
// a component relies on (idempotence, acks, partitioner, offset handling).

#include <librdkafka/rdkafka.h>

#include <expected>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace opsdesk::messaging {

struct KafkaSettings {
  // librdkafka bootstrap.servers: "host:port[,host:port…]". Empty means Kafka is not used.
  std::string brokers;
  // Passed to librdkafka as they are (e.g. security.protocol=SASL_SSL, sasl.mechanisms=PLAIN,
  // sasl.username, ssl.ca.location); applied in order, a later one wins.
  std::vector<std::pair<std::string, std::string>> properties;
};

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

// Destroying a client handle waits for librdkafka's threads; callers purge or close first.
struct HandleDeleter {
  void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
};
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

using Properties = std::vector<std::pair<std::string, std::string>>;

// What a component sets on top of the operator's settings.
struct ClientProperties {
  Properties defaults;  // the component's choice; pass-through properties may override them
  Properties fixed;     // what the component relies on; pass-through properties may not name them
};

// A configuration: bootstrap.servers from settings.brokers, client.id "opsdesk-<component>",
// the component's defaults, the pass-through properties, then its fixed properties, with
// librdkafka's log lines sent to opsdesk's log. The error names the property and says what
// librdkafka refused ("kafka.properties: sasl.mechanisms: …").
std::expected<ConfPtr, std::string> make_conf(const KafkaSettings& settings,
                                              const ClientProperties& properties,
                                              const std::string& component);

// Sends librdkafka's log lines to opsdesk's JSON log (make_conf does it for its configurations).
void route_logs(rd_kafka_conf_t* conf);

// Creates a producer or consumer from a configuration (consumed even on failure).
std::expected<HandlePtr, std::string> make_handle(rd_kafka_type_t type, ConfPtr conf);

// Checks settings the way the relay and the feed will use them, for a clear start-up error
// instead of one at the first connection.
std::expected<void, std::string> check_settings(const KafkaSettings& settings);

// Parses "k=v,k=v" (the OPSDESK_KAFKA_PROPERTIES form); the error names the bad entry.
std::expected<std::vector<std::pair<std::string, std::string>>, std::string> parse_properties(
    const std::string& text);

}  // namespace opsdesk::messaging
