// Broker settings: pass-through properties reach librdkafka, but never the ones opsdesk relies
// on, and every mistake names the property.

#include "libs/messaging/kafka_client.hpp"

#include <gtest/gtest.h>

namespace opsdesk::messaging {
namespace {

std::string conf_value(rd_kafka_conf_t* conf, const char* name) {
  char value[512];
  std::size_t size = sizeof value;
  if (rd_kafka_conf_get(conf, name, value, &size) != RD_KAFKA_CONF_OK) return "<unset>";
  return value;
}

TEST(KafkaSettings, PassThroughPropertiesReachLibrdkafkaAndDefaultsGiveWay) {
  KafkaSettings settings{"127.0.0.1:9092",
                         {{"socket.timeout.ms", "1234"}, {"message.timeout.ms", "5000"}}};
  auto conf = make_conf(settings, {{{"message.timeout.ms", "60000"}}, {{"acks", "all"}}}, "test");
  ASSERT_TRUE(conf) << conf.error();
  EXPECT_EQ(conf_value(conf->get(), "bootstrap.servers"), "127.0.0.1:9092");
  EXPECT_EQ(conf_value(conf->get(), "socket.timeout.ms"), "1234");
  EXPECT_EQ(conf_value(conf->get(), "message.timeout.ms"), "5000");
  EXPECT_EQ(conf_value(conf->get(), "client.id"), "opsdesk-test");
}

TEST(KafkaSettings, PropertiesOpsdeskReliesOnCannotBeOverridden) {
  for (const std::string name : {"acks", "enable.idempotence", "partitioner", "enable.auto.commit",
                                 "group.id", "bootstrap.servers", "auto.offset.reset"}) {
    KafkaSettings settings{"127.0.0.1:9092", {{name, "1"}}};
    auto checked = check_settings(settings);
    ASSERT_FALSE(checked) << name;
    EXPECT_EQ(checked.error().rfind("kafka.properties: " + name + ":", 0), 0u) << checked.error();
  }
}

TEST(KafkaSettings, AnUnknownOrBadPropertyIsNamedWithLibrdkafkasReason) {
  auto unknown = check_settings(KafkaSettings{"127.0.0.1:9092", {{"no.such.property", "1"}}});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("kafka.properties: no.such.property"), std::string::npos)
      << unknown.error();
  auto bad = check_settings(KafkaSettings{"127.0.0.1:9092", {{"socket.timeout.ms", "soon"}}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("socket.timeout.ms"), std::string::npos) << bad.error();
}

TEST(KafkaSettings, NoBrokersIsAnError) {
  auto checked = check_settings(KafkaSettings{});
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().find("kafka.brokers"), std::string::npos);
}

TEST(KafkaSettings, PropertyListsParseAsNameValuePairs) {
  auto parsed =
      parse_properties("security.protocol=SASL_SSL,sasl.mechanisms=PLAIN,sasl.password=a=b");
  ASSERT_TRUE(parsed) << parsed.error();
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[2], (std::pair<std::string, std::string>{"sasl.password", "a=b"}));
  EXPECT_TRUE(parse_properties("")->empty());
  auto bad = parse_properties("security.protocol");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("'security.protocol'"), std::string::npos);
}

}  // namespace
}  // namespace opsdesk::messaging
