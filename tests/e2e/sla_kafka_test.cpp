// SLA alerts leave sla-watch like any service's events: relayed from its own store to
// opsdesk.sla.events.v1 with CloudEvents headers, read here with kcat (an independent client).

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/api_client.hpp"
#include "tests/support/dev_broker_process.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

TEST(SlaAlertsOnKafka, AThresholdAlertReachesTheSlaTopic) {
  DevBrokerProcess broker;
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--kafka.brokers", broker.bootstrap(), "--clock=manual"});
  // The manual clock checks token expiry too: this token outlives the dates below.
  ApiClient api(opsdesk.host(), opsdesk.port(),
                token_for("sato", {"maintainer"}, {"*"}, std::chrono::hours{24 * 365 * 30}));

  ASSERT_EQ(api.post("/v1/test/clock", {{"now", "2026-12-07T10:00:00+09:00"}}).status, 200);
  auto created = api.post("/v1/incidents", {{"occurred_at", "2026-12-07T10:00:00+09:00"},
                                            {"source", "monitoring"},
                                            {"severity", "major"},
                                            {"title", "line down"},
                                            {"affected_tenants", {"houmu"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  // Through Kafka the watch first joins its consumer group: until it has read the detection the
  // clock refuses to move (503, Retry-After), as any read-your-writes query does.
  ApiResponse moved;
  const auto joined_by = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  do {
    moved = api.post("/v1/test/clock?min_position=" + created.header("x-opsdesk-position"),
                     {{"now", "2026-12-07T10:50:00+09:00"}});
  } while (moved.status == 503 && std::chrono::steady_clock::now() < joined_by);
  ASSERT_EQ(moved.status, 200) << moved.body;
  ASSERT_EQ(moved.json()["alerts_recorded"], 1);

  // The relay publishes within moments; poll the topic rather than sleep a fixed time.
  std::vector<TopicRecord> records;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while ((records = read_topic(broker.bootstrap(), "opsdesk.sla.events.v1")).empty() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  ASSERT_EQ(records.size(), 1u);
  const auto& record = records[0];
  EXPECT_EQ(record.key, "sla-" + id);
  EXPECT_EQ(record.headers.at("ce_type"), "opsdesk.sla.v1.SlaThresholdReached");
  EXPECT_EQ(record.headers.at("ce_source"), "/opsdesk/sla");
  EXPECT_EQ(record.headers.at("ce_subject"), "sla-" + id);
  EXPECT_EQ(record.headers.at("ce_tenant"), "houmu");
  EXPECT_EQ(record.headers.at("ce_actor"), "sla-watch");
  EXPECT_EQ(record.headers.at("ce_time"), "2026-12-07T01:45:00Z");  // when 50 % was reached
  EXPECT_EQ(record.headers.at("content-type"), "application/protobuf");
}

}  // namespace
}  // namespace opsdesk::testing
