// The ops-board fed through Kafka: `opsdesk dev-broker` as the broker, and the board either in
// the same process as the incidents service (--target=all with --kafka.brokers) or in a process
// of its own (--target=ops-board, its own data dir) as it would run in its own container. A
// query naming the command's position waits for it; nothing sleeps.

#include <gtest/gtest.h>

#include "libs/core/clock.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/dev_broker_process.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

json detect_body(std::vector<std::string> tenants) {
  return {
      {"occurred_at", core::format_rfc3339(core::SystemClock{}.now() - std::chrono::minutes{15})},
      {"source", "vendor"},
      {"severity", "critical"},
      {"title", "line down between centre and kasumigaseki"},
      {"affected_tenants", tenants}};
}

TEST(OpsBoardKafka, WithABrokerTheBoardOfTargetAllIsFedThroughTheTopic) {
  DevBrokerProcess broker;
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--kafka.brokers", broker.bootstrap()}, kFastKafkaFetch);
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
  auto created = api.post("/v1/incidents", detect_body({"gaimu"}));
  ASSERT_EQ(created.status, 201);
  auto board = api.get("/v1/board/incidents?min_position=" + created.header("x-opsdesk-position"));
  ASSERT_EQ(board.status, 200) << board.body;
  ASSERT_EQ(board.json()["items"].size(), 1u);
  EXPECT_EQ(board.json()["items"][0]["id"], created.json()["id"]);
  auto ready = api.get("/readyz").json();
  EXPECT_EQ(ready["services"]["ops-board"]["feed"], "kafka");
}

TEST(OpsBoardKafka, ABoardInItsOwnProcessSeesIncidentsOfAnother) {
  DevBrokerProcess broker;
  TempDir incidents_data, board_data;
  OpsdeskProcess incidents(incidents_data.path(),
                           {"--target=incidents", "--kafka.brokers", broker.bootstrap()},
                           kFastKafkaFetch);
  OpsdeskProcess board(board_data.path(),
                       {"--target=ops-board", "--kafka.brokers", broker.bootstrap()},
                       kFastKafkaFetch);
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  ApiClient commands(incidents.host(), incidents.port(), token);
  ApiClient dashboard(board.host(), board.port(), token);

  std::string position;
  std::set<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto created = commands.post("/v1/incidents", detect_body({"gaimu", "zaimu"}));
    ASSERT_EQ(created.status, 201);
    ids.insert(created.json()["id"].get<std::string>());
    position = created.header("x-opsdesk-position");
  }
  auto seen = dashboard.get("/v1/board/incidents?tenant=zaimu&min_position=" + position);
  ASSERT_EQ(seen.status, 200) << seen.body;
  std::set<std::string> on_board;
  const auto seen_body = seen.json();
  for (const auto& item : seen_body["items"]) on_board.insert(item["id"].get<std::string>());
  EXPECT_EQ(on_board, ids);
  EXPECT_EQ(dashboard.get("/v1/incidents").status, 404)
      << "the board process serves no incident commands";
}

// Replicas of a read model (Kubernetes' ops-board-0 and ops-board-1) each read every partition
// in a consumer group of their own, so either one answers the whole board.
TEST(OpsBoardKafka, ReplicasWithTheirOwnGroupInstanceEachHoldTheWholeBoard) {
  DevBrokerProcess broker;
  TempDir incidents_data, first_data, second_data;
  OpsdeskProcess incidents(incidents_data.path(),
                           {"--target=incidents", "--kafka.brokers", broker.bootstrap()},
                           kFastKafkaFetch);
  auto replica_env = [](std::string instance) {
    auto env = kFastKafkaFetch;
    env["OPSDESK_KAFKA_GROUP_INSTANCE"] = std::move(instance);
    return env;
  };
  OpsdeskProcess first(first_data.path(),
                       {"--target=ops-board", "--kafka.brokers", broker.bootstrap()},
                       replica_env("ops-board-0"));
  OpsdeskProcess second(second_data.path(),
                        {"--target=ops-board", "--kafka.brokers", broker.bootstrap()},
                        replica_env("ops-board-1"));
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  ApiClient commands(incidents.host(), incidents.port(), token);

  std::set<std::string> ids;
  std::string position;
  // Keys spread over the topic's three partitions: a replica with only some of them would miss
  // some of these.
  for (int i = 0; i < 9; ++i) {
    auto created = commands.post("/v1/incidents", detect_body({"gaimu"}));
    ASSERT_EQ(created.status, 201);
    ids.insert(created.json()["id"].get<std::string>());
    position = created.header("x-opsdesk-position");
  }
  for (auto* replica : {&first, &second}) {
    ApiClient dashboard(replica->host(), replica->port(), token);
    auto seen = dashboard.get("/v1/board/incidents?min_position=" + position);
    ASSERT_EQ(seen.status, 200) << seen.body;
    std::set<std::string> on_board;
    const auto body = seen.json();
    for (const auto& item : body["items"]) on_board.insert(item["id"].get<std::string>());
    EXPECT_EQ(on_board, ids) << "replica on port " << replica->port();
  }
}

TEST(OpsBoardKafka, ReplayWithABrokerRebuildsTheBoardFromTheEarliestOffsets) {
  DevBrokerProcess broker;
  TempDir incidents_data, board_data;
  OpsdeskProcess incidents(incidents_data.path(),
                           {"--target=incidents", "--kafka.brokers", broker.bootstrap()},
                           kFastKafkaFetch);
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  ApiClient commands(incidents.host(), incidents.port(), token);
  auto created = commands.post("/v1/incidents", detect_body({"monka"}));
  ASSERT_EQ(created.status, 201);
  const auto position = created.header("x-opsdesk-position");
  std::string before;
  {
    OpsdeskProcess board(board_data.path(),
                         {"--target=ops-board", "--kafka.brokers", broker.bootstrap()},
                         kFastKafkaFetch);
    before = ApiClient(board.host(), board.port(), token)
                 .get("/v1/board/summary?min_position=" + position)
                 .body;
    ASSERT_EQ(board.terminate(), 0);
  }
  auto replay = run_opsdesk({"replay", "--projection", "ops-board", "--kafka.brokers",
                             broker.bootstrap(), "--data-dir", board_data.path().string()});
  ASSERT_EQ(replay.exit_code, 0) << replay.stderr_text;
  EXPECT_NE(replay.stdout_text.find("earliest Kafka offsets"), std::string::npos)
      << replay.stdout_text;

  OpsdeskProcess board(board_data.path(),
                       {"--target=ops-board", "--kafka.brokers", broker.bootstrap()},
                       kFastKafkaFetch);
  auto after = ApiClient(board.host(), board.port(), token)
                   .get("/v1/board/summary?min_position=" + position);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(nlohmann::json::parse(after.body)["centre"], nlohmann::json::parse(before)["centre"]);
}

TEST(OpsBoardKafka, ABoardAloneWithoutABrokerRefusesToStart) {
  TempDir data;
  auto r = run_opsdesk(
      {"--target=ops-board", "--listen", "127.0.0.1:0", "--data-dir", data.path().string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("kafka.brokers"), std::string::npos) << r.stderr_text;
}

}  // namespace
}  // namespace opsdesk::testing
