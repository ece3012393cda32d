// The Kafka path end to end: `opsdesk dev-broker` as the broker, `opsdesk --target=all
// --kafka.brokers …` creating incidents over HTTP, and kcat (an independent client) reading
// opsdesk.incidents.events.v1 with its CloudEvents headers. A broker that goes away never
// fails a command; the events reach Kafka once a broker is back.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>

#include "libs/core/clock.hpp"
#include "libs/core/instant.hpp"
#include "libs/testing/eventually.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/dev_broker_process.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

const std::string kTopic = "opsdesk.incidents.events.v1";

json detect_body(const std::string& title, std::vector<std::string> tenants) {
  return {{"occurred_at", minutes_ago(30)},
          {"source", "monitoring"},
          {"severity", "major"},
          {"title", title},
          {"affected_tenants", tenants}};
}

json relay_status(const OpsdeskProcess& opsdesk) {
  auto ready = ApiClient(opsdesk.host(), opsdesk.port(), token_for("probe", {"viewer"}, {"*"}))
                   .get("/readyz");
  // The relay's figures, whether or not the whole process is ready: after a broker outage the
  // read models' consumer groups take a while to be assigned again, which is not the relay's
  // business.
  if (ready.status != 200 && ready.status != 503) return json();
  const auto body = ready.json();
  return body.contains("services") ? body["services"]["incidents"] : json();
}

bool everything_relayed(const OpsdeskProcess& opsdesk) {
  const auto status = relay_status(opsdesk);
  return status.contains("relay") &&
         status["relay"]["acknowledged_position"] == status["head_position"];
}

TEST(KafkaRelayEndToEnd, IncidentEventsReachTheTopicWithTheirCloudEventsHeaders) {
  DevBrokerProcess broker;
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--kafka.brokers", broker.bootstrap()});
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("e2e-relay", {"maintainer"}, {"*"}));

  std::map<std::string, std::vector<std::string>> tenants_of;  // stream id -> affected tenants
  for (const auto& [title, tenants] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"online service unreachable", {"soumu"}}, {"batch delayed", {"soumu", "houmu"}}}) {
    auto created = api.post("/v1/incidents", detect_body(title, tenants));
    ASSERT_EQ(created.status, 201) << created.body;
    tenants_of["incident-" + created.json()["id"].get<std::string>()] = tenants;
  }
  const std::string first = tenants_of.begin()->first;
  auto notice =
      api.post("/v1/incidents/" + first.substr(std::string("incident-").size()) + "/record_notice",
               {{"tenant", tenants_of[first].front()},
                {"kind", "first_notice"},
                {"sent_at", minutes_ago(10)},
                {"channel", "email"}});
  ASSERT_EQ(notice.status, 200) << notice.body;
  ASSERT_TRUE(eventually([&] { return everything_relayed(opsdesk); }))
      << relay_status(opsdesk).dump();
  EXPECT_EQ(relay_status(opsdesk)["relay"]["broker"], "up");

  const auto records = read_topic(broker.bootstrap(), kTopic);
  ASSERT_EQ(records.size(), 3u);
  std::set<std::string> positions;
  for (const auto& record : records) {
    const auto& h = record.headers;
    SCOPED_TRACE(record.key);
    EXPECT_EQ(h.at("ce_specversion"), "1.0");
    EXPECT_EQ(h.at("content-type"), "application/protobuf");
    EXPECT_EQ(h.at("ce_source"), "/opsdesk/incidents");
    EXPECT_EQ(h.at("ce_subject"), record.key);
    ASSERT_TRUE(tenants_of.contains(record.key));
    EXPECT_TRUE(h.at("ce_type").starts_with("opsdesk.incidents.v1.")) << h.at("ce_type");
    EXPECT_TRUE(core::parse_rfc3339(h.at("ce_time")).has_value());
    EXPECT_TRUE(core::parse_rfc3339(h.at("ce_recordedtime")).has_value());
    EXPECT_EQ(h.at("ce_actor"), "e2e-relay");
    EXPECT_FALSE(h.at("ce_id").empty());
    EXPECT_FALSE(h.at("ce_correlationid").empty());
    if (h.at("ce_type") == "opsdesk.incidents.v1.IncidentDetected") {
      EXPECT_EQ(h.at("ce_streamversion"), "1");
      const auto& tenants = tenants_of[record.key];
      EXPECT_EQ(h.at("ce_tenant"),
                tenants.size() == 1 ? tenants[0] : tenants[0] + "," + tenants[1]);
    }
    positions.insert(h.at("ce_logposition"));
  }
  EXPECT_EQ(positions, (std::set<std::string>{"1", "2", "3"}));

  auto listing = run_kcat({"-L", "-b", broker.bootstrap()});
  EXPECT_NE(listing.stdout_text.find("topic \"" + kTopic + "\""), std::string::npos)
      << listing.stdout_text;
  EXPECT_EQ(opsdesk.terminate(), 0);
  EXPECT_EQ(broker.terminate(), 0);
}

TEST(KafkaRelayEndToEnd, CommandsAreAcceptedWhileTheBrokerIsGoneAndReachKafkaWhenOneIsBack) {
  auto broker = std::make_unique<DevBrokerProcess>();
  const int port = broker->port();
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--kafka.brokers", broker->bootstrap()});
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("e2e-relay", {"maintainer"}, {"*"}));
  ASSERT_EQ(api.post("/v1/incidents", detect_body("before the outage", {"soumu"})).status, 201);
  ASSERT_TRUE(eventually([&] { return everything_relayed(opsdesk); }));

  broker->kill_hard();
  auto during = api.post("/v1/incidents", detect_body("during the outage", {"houmu"}));
  ASSERT_EQ(during.status, 201) << during.body;
  const std::string during_stream = "incident-" + during.json()["id"].get<std::string>();
  ASSERT_TRUE(eventually([&] { return relay_status(opsdesk)["relay"]["broker"] == "down"; }))
      << relay_status(opsdesk).dump();
  EXPECT_EQ(relay_status(opsdesk)["relay"]["lag"], 1);

  // A new (empty) broker on the same port: the relay drains what waited in the log.
  broker = std::make_unique<DevBrokerProcess>(port);
  ASSERT_TRUE(eventually([&] { return everything_relayed(opsdesk); }))
      << relay_status(opsdesk).dump();
  bool arrived = false;
  for (const auto& record : read_topic(broker->bootstrap(), kTopic))
    arrived = arrived || record.key == during_stream;
  EXPECT_TRUE(arrived);
  EXPECT_EQ(opsdesk.terminate(), 0);
}

TEST(KafkaRelayEndToEnd, PassThroughPropertiesOpsdeskReliesOnAreRefusedAtStart) {
  TempDir data;
  auto result = run_opsdesk({"--listen", "127.0.0.1:0", "--data-dir", data.path().string(),
                             "--kafka.brokers", "127.0.0.1:9"},
                            {{"OPSDESK_KAFKA_PROPERTIES", "socket.timeout.ms=5000,acks=1"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("kafka.properties: acks"), std::string::npos)
      << result.stderr_text;
}

TEST(KafkaRelayEndToEnd, TheDevBrokerListensOnLoopbackOnly) {
  auto result = run_opsdesk({"dev-broker", "--listen", "0.0.0.0:0"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("not a loopback address"), std::string::npos)
      << result.stderr_text;
  EXPECT_TRUE(result.stdout_text.empty());
}

}  // namespace
}  // namespace opsdesk::testing
