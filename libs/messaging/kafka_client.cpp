// Building librdkafka configurations and handles (see kafka_client.hpp).

#include "libs/messaging/kafka_client.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "libs/observability/log.hpp"

namespace opsdesk::messaging {

namespace {

// Set by the components for correctness (ordering, durability, where offsets live) or by
// kafka.brokers, whichever component a configuration is for: a pass-through value for them
// would silently break a guarantee.
constexpr std::array<std::string_view, 11> kReserved{"bootstrap.servers",
                                                     "metadata.broker.list",
                                                     "enable.idempotence",
                                                     "acks",
                                                     "request.required.acks",
                                                     "partitioner",
                                                     "enable.gapless.guarantee",
                                                     "enable.auto.commit",
                                                     "enable.auto.offset.store",
                                                     "auto.offset.reset",
                                                     "group.id"};

// librdkafka logs with syslog levels (0 emergency … 7 debug).
void log_to_opsdesk(const rd_kafka_t* handle, int level, const char* facility,
                    const char* message) {
  // The client name carries client.id ("opsdesk-relay-incidents#producer-1").
  nlohmann::json fields{{"client", rd_kafka_name(handle)}, {"facility", facility}};
  auto opsdesk_level = level <= 3   ? observability::LogLevel::error
                       : level == 4 ? observability::LogLevel::warn
                       : level <= 6 ? observability::LogLevel::info
                                    : observability::LogLevel::debug;
  // The relay sets enable.gapless.guarantee on purpose; librdkafka warns about it (as an
  // experimental property) at every producer start, which is noise, not news.
  if (std::string_view(facility) == "CONFWARN" &&
      std::string_view(message).find("is experimental") != std::string_view::npos) {
    opsdesk_level = observability::LogLevel::debug;
  }
  observability::log(opsdesk_level, std::string("librdkafka: ") + message, fields);
}

std::expected<void, std::string> set(rd_kafka_conf_t* conf, const std::string& key,
                                     const std::string& value, const std::string& source) {
  char error[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof error) !=
      RD_KAFKA_CONF_OK) {
    return std::unexpected(source + ": " + key + ": " + error);
  }
  return {};
}

}  // namespace

std::expected<ConfPtr, std::string> make_conf(const KafkaSettings& settings,
                                              const ClientProperties& properties,
                                              const std::string& component) {
  if (settings.brokers.empty())
    return std::unexpected(std::string("kafka.brokers: no brokers configured"));
  ConfPtr conf(rd_kafka_conf_new());
  if (auto ok = set(conf.get(), "bootstrap.servers", settings.brokers, "kafka.brokers"); !ok) {
    return std::unexpected(ok.error());
  }
  const std::string own_source = "opsdesk " + component;
  if (auto ok = set(conf.get(), "client.id", "opsdesk-" + component, own_source); !ok)
    return std::unexpected(ok.error());
  for (const auto& [key, value] : properties.defaults) {
    if (auto ok = set(conf.get(), key, value, own_source); !ok) return std::unexpected(ok.error());
  }
  const auto& fixed = properties.fixed;
  for (const auto& [key, value] : settings.properties) {
    const bool reserved =
        std::find(kReserved.begin(), kReserved.end(), key) != kReserved.end() ||
        std::any_of(fixed.begin(), fixed.end(), [&](const auto& p) { return p.first == key; });
    if (reserved) {
      return std::unexpected(
          "kafka.properties: " + key +
          ": set by opsdesk itself (brokers come from kafka.brokers; idempotence, acks, "
          "partitioner and offset handling are fixed)");
    }
    if (auto ok = set(conf.get(), key, value, "kafka.properties"); !ok)
      return std::unexpected(ok.error());
  }
  for (const auto& [key, value] : fixed) {
    if (auto ok = set(conf.get(), key, value, own_source); !ok) return std::unexpected(ok.error());
  }
  route_logs(conf.get());
  return conf;
}

void route_logs(rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, log_to_opsdesk); }

std::expected<HandlePtr, std::string> make_handle(rd_kafka_type_t type, ConfPtr conf) {
  char error[512];
  // rd_kafka_new takes the configuration only when it succeeds.
  rd_kafka_t* handle = rd_kafka_new(type, conf.get(), error, sizeof error);
  if (handle == nullptr)
    return std::unexpected(std::string("cannot create a Kafka client: ") + error);
  conf.release();
  return HandlePtr(handle);
}

std::expected<void, std::string> check_settings(const KafkaSettings& settings) {
  auto conf = make_conf(settings, {}, "check");
  if (!conf) return std::unexpected(conf.error());
  return {};
}

std::expected<std::vector<std::pair<std::string, std::string>>, std::string> parse_properties(
    const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string entry = text.substr(start, end - start);
    start = end + 1;
    if (entry.empty()) continue;
    const auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) {
      return std::unexpected("'" + entry +
                             "' is not a property; expected name=value[,name=value…]");
    }
    out.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return out;
}

}  // namespace opsdesk::messaging
