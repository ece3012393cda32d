// An event a reader cannot decode stops it, visibly: a record of the incidents topic with an
// event type the ops-board was not built with (a newer producer), published by kcat (an
// independent client) with valid CloudEvents headers. The board keeps what it had, /readyz
// answers 503 naming the projection, the position and the reason, and /metrics shows it.

#include <gtest/gtest.h>

#include <fstream>

#include "libs/core/clock.hpp"
#include "libs/testing/eventually.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/dev_broker_process.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

TEST(UndecodableEvent, StopsTheProjectionThatCannotDecodeItAndKeepsItsLastState) {
  DevBrokerProcess broker;
  TempDir incidents_data, board_data, payload_dir;
  OpsdeskProcess incidents(incidents_data.path(),
                           {"--target=incidents", "--kafka.brokers", broker.bootstrap()},
                           kFastKafkaFetch);
  OpsdeskProcess board(board_data.path(),
                       {"--target=ops-board", "--kafka.brokers", broker.bootstrap()},
                       kFastKafkaFetch);
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  ApiClient commands(incidents.host(), incidents.port(), token);
  ApiClient dashboard(board.host(), board.port(), token);

  auto created = commands.post("/v1/incidents",
                               json{{"occurred_at", core::format_rfc3339(core::SystemClock{}.now() -
                                                                         std::chrono::minutes{5})},
                                    {"source", "monitoring"},
                                    {"severity", "major"},
                                    {"title", "AP server 3 does not answer"},
                                    {"affected_tenants", {"soumu"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  auto before = dashboard.get("/v1/board/incidents?min_position=1");
  ASSERT_EQ(before.status, 200) << before.body;
  ASSERT_EQ(before.json()["items"].size(), 1u);

  // Ready once its consumer holds its partitions and has read what they held then.
  ApiClient probe(board.host(), board.port(), token_for("probe", {"viewer"}, {"*"}));
  ASSERT_TRUE(eventually([&] {
    auto r = probe.get("/readyz");
    return r.status == 200 && r.json()["services"]["ops-board"]["caught_up"] == true;
  }));

  // Position 2 of the incidents log, of a type this build's contract does not have.
  const auto payload = payload_dir.path() / "payload.bin";
  std::ofstream(payload) << "\x0a\x03"
                            "abc";
  const auto now = core::format_rfc3339(core::SystemClock{}.now());
  auto produced = run_kcat({"-P",
                            "-b",
                            broker.bootstrap(),
                            "-t",
                            "opsdesk.incidents.events.v1",
                            "-k",
                            "incident-" + id,
                            "-H",
                            "ce_specversion=1.0",
                            "-H",
                            "ce_id=0190c0de-0000-7000-8000-000000000002",
                            "-H",
                            "ce_type=opsdesk.incidents.v1.IncidentMerged",
                            "-H",
                            "ce_source=/opsdesk/incidents",
                            "-H",
                            "ce_subject=incident-" + id,
                            "-H",
                            "ce_time=" + now,
                            "-H",
                            "ce_recordedtime=" + now,
                            "-H",
                            "ce_streamversion=2",
                            "-H",
                            "ce_logposition=2",
                            "-H",
                            "content-type=application/protobuf",
                            payload.string()});
  ASSERT_EQ(produced.exit_code, 0) << produced.stdout_text;

  // Stopped for good (a consumer-group rebalance may make it briefly unready before that).
  json readiness;
  ASSERT_TRUE(eventually([&] {
    auto r = probe.get("/readyz");
    readiness = r.json();
    return r.status == 503 && readiness["services"]["ops-board"].contains("stopped_at");
  })) << readiness.dump();
  EXPECT_EQ(readiness["status"], "not_ready");
  ASSERT_EQ(readiness["not_ready"].size(), 1u) << readiness.dump();
  EXPECT_EQ(readiness["not_ready"][0]["module"], "ops-board");
  const std::string reason = readiness["not_ready"][0]["reason"];
  EXPECT_NE(reason.find("incidents position 2"), std::string::npos) << reason;
  EXPECT_NE(reason.find("opsdesk.incidents.v1.IncidentMerged"), std::string::npos) << reason;
  EXPECT_EQ(readiness["services"]["ops-board"]["stopped_at"]["position"], 2);
  EXPECT_EQ(readiness["services"]["ops-board"]["applied_position"], 1);

  // What it had is still served, and the process stays alive.
  auto after = dashboard.get("/v1/board/incidents");
  ASSERT_EQ(after.status, 200) << after.body;
  ASSERT_EQ(after.json()["items"].size(), 1u);
  EXPECT_EQ(after.json()["items"][0]["id"], id);
  EXPECT_EQ(probe.get("/healthz").status, 200);

  auto metrics = dashboard.get("/metrics");
  EXPECT_NE(metrics.body.find("opsdesk_projection_stopped{projection=\"ops-board\"} 1"),
            std::string::npos);
}

}  // namespace
}  // namespace opsdesk::testing
