// The module table as an operator meets it: --target names one module, several, or `all`;
// a bad name is refused naming the valid ones; /readyz and /openapi.json cover exactly the
// modules the process runs.

#include <gtest/gtest.h>

#include "libs/core/clock.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

json detect_body() {
  return {
      {"occurred_at", core::format_rfc3339(core::SystemClock{}.now() - std::chrono::minutes{5})},
      {"source", "monitoring"},
      {"severity", "major"},
      {"title", "AP server 3 does not answer"},
      {"affected_tenants", {"soumu"}}};
}

TEST(Modules, AListOfTargetsServesEachOfThemAndNothingElse) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--target=incidents,ops-board"});
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));

  auto created = api.post("/v1/incidents", detect_body());
  ASSERT_EQ(created.status, 201) << created.body;
  auto board = api.get("/v1/board/incidents?min_position=" + created.header("x-opsdesk-position"));
  ASSERT_EQ(board.status, 200) << board.body;
  ASSERT_EQ(board.json()["items"].size(), 1u);
  EXPECT_EQ(board.json()["items"][0]["id"], created.json()["id"]);

  // A position may name its domain; a domain the board does not read is a bad request.
  EXPECT_EQ(
      api.get("/v1/board/incidents?min_position=incidents:" + created.header("x-opsdesk-position"))
          .status,
      200);
  auto other_domain = api.get("/v1/board/incidents?min_position=inquiries:1");
  EXPECT_EQ(other_domain.status, 422) << other_domain.body;
  EXPECT_NE(other_domain.body.find("inquiries"), std::string::npos) << other_domain.body;

  // Not running here: the SLA engine's routes are unknown paths.
  EXPECT_EQ(api.get("/v1/sla/table").status, 404);

  auto ready = api.get("/readyz");
  ASSERT_EQ(ready.status, 200) << ready.body;
  const auto services = ready.json()["services"];
  EXPECT_TRUE(services.contains("incidents"));
  EXPECT_TRUE(services.contains("ops-board"));
  EXPECT_TRUE(services.contains("calendar"));  // every process answers calendar questions
  EXPECT_FALSE(services.contains("sla-metrics"));

  // One document, titled for opsdesk, with only the routes this process serves.
  auto openapi = api.get("/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  EXPECT_EQ(openapi.json()["info"]["title"], "opsdesk API");
  const auto paths = openapi.json()["paths"];
  EXPECT_TRUE(paths.contains("/v1/incidents"));
  EXPECT_TRUE(paths.contains("/v1/board/incidents"));
  EXPECT_TRUE(paths.contains("/v1/calendar/holidays"));
  EXPECT_TRUE(paths.contains("/readyz"));
  EXPECT_FALSE(paths.contains("/v1/sla/table"));
  EXPECT_FALSE(paths.contains("/v1/test/clock"));  // only under --clock=manual
}

TEST(Modules, AnUnknownTargetExits2ListingTheModules) {
  auto r = run_opsdesk({"--target=nonsense"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("'nonsense'"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("all, incidents, inquiries, inquiry-escalation, ops-board, "
                               "sla-metrics, sla-watch, scheduling, notifier, changes, ci-links, "
                               "certificates, calendar"),
            std::string::npos)
      << r.stderr_text;

  auto in_a_list = run_opsdesk({"--target=incidents,nonsense"});
  EXPECT_EQ(in_a_list.exit_code, 2);
  EXPECT_NE(in_a_list.stderr_text.find("nonsense"), std::string::npos) << in_a_list.stderr_text;
}

TEST(Modules, AReaderWithoutItsProducerAndWithoutKafkaExits2SayingWhy) {
  TempDir data;
  auto r = run_opsdesk({"--target=sla-metrics,ops-board", "--listen", "127.0.0.1:0", "--data-dir",
                        data.path().string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("reads the incidents events from Kafka"), std::string::npos)
      << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("kafka.brokers"), std::string::npos) << r.stderr_text;
}

TEST(Modules, EveryViewTheReplayNamesIsRebuiltFromTheStoresAndAgainTheSame) {
  TempDir data;
  {
    OpsdeskProcess opsdesk(data.path());
    ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
    for (int i = 0; i < 3; ++i) ASSERT_EQ(api.post("/v1/incidents", detect_body()).status, 201);
    const json inquiry = {{"channel", "phone"},
                          {"tenant", "soumu"},
                          {"requester", {{"name", "山田"}, {"role", "本部システム管理者"}}},
                          {"subject", "AP サーバ 3 が応答しません"},
                          {"body", "業務端末から接続できません。"}};
    ASSERT_EQ(api.post("/v1/inquiries", inquiry).status, 201);
    ASSERT_EQ(opsdesk.terminate(), 0);
  }
  // Every read model with a view of its own, process managers' included.
  const auto unknown = run_opsdesk({"replay", "--projection", "nothing"});
  ASSERT_EQ(unknown.exit_code, 2);
  const std::string known = "known: inquiry-escalation, ops-board, sla-metrics, notifier, ci-links";
  ASSERT_NE(unknown.stderr_text.find(known), std::string::npos) << unknown.stderr_text;

  for (const std::string name :
       {"inquiry-escalation", "ops-board", "sla-metrics", "notifier", "ci-links"}) {
    auto replayed =
        run_opsdesk({"replay", "--projection", name, "--data-dir", data.path().string()});
    ASSERT_EQ(replayed.exit_code, 0) << name << ": " << replayed.stderr_text;
    EXPECT_NE(replayed.stdout_text.find("into " + name), std::string::npos) << replayed.stdout_text;
    // A second build beside it, from the same stores, has the same bytes.
    auto verified = run_opsdesk(
        {"replay", "--projection", name, "--verify", "--data-dir", data.path().string()});
    EXPECT_EQ(verified.exit_code, 0)
        << name << ": " << verified.stdout_text << verified.stderr_text;
    EXPECT_NE(verified.stdout_text.find(": identical"), std::string::npos) << verified.stdout_text;
  }
}

}  // namespace
}  // namespace opsdesk::testing
