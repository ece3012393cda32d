// The ops-board read model end to end with the local feed: incidents created over HTTP appear
// on the board as soon as a query names the position the command reached (no sleeps), in the
// caller's tenant scope; the view survives kill -9 and equals a fresh replay.

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "libs/core/clock.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

json detect_body(std::vector<std::string> tenants, const char* severity = "major") {
  return {{"occurred_at", minutes_ago(90)},
          {"source", "monitoring"},
          {"severity", severity},
          {"title", "board test"},
          {"affected_tenants", tenants}};
}

TEST(OpsBoard, AnIncidentCreatedOverHttpIsOnTheBoardAtItsPosition) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));

  auto created = api.post("/v1/incidents", detect_body({"soumu", "houmu"}));
  ASSERT_EQ(created.status, 201);
  const std::string id = created.json()["id"];
  auto noticed = api.post("/v1/incidents/" + id + "/record_notice", {{"tenant", "soumu"},
                                                                     {"kind", "first_notice"},
                                                                     {"sent_at", minutes_ago(10)},
                                                                     {"channel", "email"}});
  ASSERT_EQ(noticed.status, 200);
  const auto position = noticed.header("x-opsdesk-position");

  auto board = api.get("/v1/board/incidents?min_position=" + position);
  ASSERT_EQ(board.status, 200) << board.body;
  auto body = board.json();
  ASSERT_EQ(body["items"].size(), 1u);
  const auto& row = body["items"][0];
  EXPECT_EQ(row["id"], id);
  EXPECT_EQ(row["status"], "open");
  EXPECT_GE(row["elapsed_seconds"].get<long long>(), 90 * 60);
  EXPECT_EQ(row["tenants"][0]["tenant"], "soumu");
  EXPECT_EQ(row["tenants"][0]["first_notice_sent"], true);
  EXPECT_EQ(row["tenants"][0]["name_ja"], "総務省共済組合");
  EXPECT_EQ(row["tenants"][1]["first_notice_sent"], false);
  EXPECT_GE(body["as_of_position"].get<std::uint64_t>(), std::stoull(position));

  auto summary = api.get("/v1/board/summary", {{"X-Opsdesk-Min-Position", position}});
  ASSERT_EQ(summary.status, 200);
  EXPECT_EQ(summary.json()["centre"]["total"], 1);
  EXPECT_EQ(summary.json()["tenants"]["soumu"]["by_severity"]["major"], 1);
}

TEST(OpsBoard, TheHistoryPagesThroughClosedIncidentsByCloseTime) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
  // Five incidents closed 50, 40, 30, 20 and 10 minutes ago; one still open.
  std::vector<std::string> ids;
  std::string position;
  for (int i = 0; i < 5; ++i) {
    auto created = api.post("/v1/incidents", detect_body({"soumu"}));
    ASSERT_EQ(created.status, 201);
    ids.push_back(created.json()["id"]);
    const auto path = "/v1/incidents/" + ids.back() + "/";
    ASSERT_EQ(api.post(path + "restore_service", {{"at", minutes_ago(60)}}).status, 200);
    auto closed =
        api.post(path + "close", {{"at", minutes_ago(50 - 10 * i)}, {"resolution", "ok"}});
    ASSERT_EQ(closed.status, 200) << closed.body;
    position = closed.header("x-opsdesk-position");
  }
  ASSERT_EQ(api.post("/v1/incidents", detect_body({"soumu"})).status, 201);

  // The latest close first, two at a time.
  std::vector<std::string> seen;
  std::string query = "/v1/board/incidents?status=closed&limit=2&min_position=" + position;
  for (int page = 0; page < 3; ++page) {
    auto answer = api.get(query);
    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto body = answer.json();
    for (const auto& row : body["items"]) seen.push_back(row["id"]);
    if (body["next_cursor"].is_null()) break;
    query = "/v1/board/incidents?status=closed&limit=2&cursor=" +
            body["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{ids[4], ids[3], ids[2], ids[1], ids[0]}));

  // Paging is for the history only, and a cursor must be one this API gave.
  auto active = api.get("/v1/board/incidents?limit=2");
  ASSERT_EQ(active.status, 422);
  EXPECT_EQ(active.json()["errors"][0]["field"], "limit");
  EXPECT_EQ(api.get("/v1/board/incidents?status=closed&cursor=yesterday").status, 422);
  EXPECT_EQ(api.get("/v1/board/incidents?status=closed&limit=0").status, 422);
  // The default board still shows only what needs attention.
  EXPECT_EQ(api.get("/v1/board/incidents").json()["items"].size(), 1u);
}

TEST(OpsBoard, AssociationsSeeOnlyTheirOwnRowsAndNoCentreTotals) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  ApiClient maintainer(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
  ASSERT_EQ(maintainer.post("/v1/incidents", detect_body({"soumu", "houmu"})).status, 201);
  auto last = maintainer.post("/v1/incidents", detect_body({"zaimu"}, "critical"));
  ASSERT_EQ(last.status, 201);
  const auto position = last.header("x-opsdesk-position");

  ApiClient soumu(opsdesk.host(), opsdesk.port(),
                  token_for("tanaka", {"association_admin"}, {"soumu"}));
  auto board = soumu.get("/v1/board/incidents?min_position=" + position);
  ASSERT_EQ(board.status, 200);
  auto items = board.json()["items"];
  ASSERT_EQ(items.size(), 1u);
  ASSERT_EQ(items[0]["tenants"].size(), 1u);
  EXPECT_EQ(items[0]["tenants"][0]["tenant"], "soumu");

  auto summary = soumu.get("/v1/board/summary?min_position=" + position).json();
  EXPECT_FALSE(summary.contains("centre"));
  EXPECT_TRUE(summary["tenants"].contains("soumu"));
  EXPECT_FALSE(summary["tenants"].contains("zaimu"));
}

TEST(OpsBoard, APositionNotYetAppliedIs503WithRetryAfter) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {}, {{"OPSDESK_PROJECTION_READ_YOUR_WRITES_WAIT_MS", "200"}});
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"viewer"}, {"*"}));
  auto r = api.get("/v1/board/incidents?min_position=1000000");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_EQ(r.json()["type"], "urn:opsdesk:problem:position-not-yet-applied");
  EXPECT_EQ(api.get("/v1/board/incidents?min_position=soon").status, 422);
  EXPECT_EQ(api.get("/v1/board/incidents?status=lost&tenant=nasa").json()["errors"].size(), 2u);
}

// Killed at random points while commands flow, ten times; then the board must be exactly what a
// fresh replay of the events builds.
TEST(OpsBoard, AfterRepeatedKillNineTheViewEqualsAFreshReplay) {
  TempDir data;
  std::mt19937 random(std::random_device{}());
  for (int round = 0; round < 10; ++round) {
    OpsdeskProcess opsdesk(data.path());
    const auto token = token_for("load", {"maintainer"}, {"*"});
    std::mutex mutex;
    std::condition_variable progress;
    int acknowledged = 0;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        ApiClient api(opsdesk.host(), opsdesk.port(), token);
        std::string id;
        for (int i = 0; !stop; ++i) {
          auto r = (i % 3 == 0 || id.empty())
                       ? api.post("/v1/incidents", detect_body({w % 2 ? "soumu" : "keimu"},
                                                               i % 2 ? "minor" : "major"))
                       : api.post("/v1/incidents/" + id + "/record_notice",
                                  {{"tenant", w % 2 ? "soumu" : "keimu"},
                                   {"kind", i % 3 == 1 ? "first_notice" : "progress_report"},
                                   {"sent_at", minutes_ago(1)},
                                   {"channel", "phone"}});
          if (r.status == 0) return;  // the process is gone
          if (r.status == 201) id = r.json()["id"];
          std::lock_guard lock(mutex);
          ++acknowledged;
          progress.notify_all();
        }
      });
    }
    // Let a random amount of work through, then pull the plug wherever the board happens to be.
    {
      std::unique_lock lock(mutex);
      const int target = 20 + static_cast<int>(random() % 60);
      progress.wait_for(lock, std::chrono::seconds{60}, [&] { return acknowledged >= target; });
    }
    opsdesk.kill_hard();
    stop = true;
    for (auto& t : writers) t.join();
  }
  {
    // Let the last start finish catching up, then stop it cleanly so the store can be reopened.
    OpsdeskProcess opsdesk(data.path());
    ApiClient api(opsdesk.host(), opsdesk.port(), token_for("auditor", {"viewer"}, {"*"}));
    auto ready = api.get("/readyz").json();
    const auto head = ready["services"]["incidents"]["head_position"].get<std::uint64_t>();
    ASSERT_EQ(api.get("/v1/board/summary?min_position=" + std::to_string(head)).status, 200);
    ASSERT_EQ(opsdesk.terminate(), 0);
  }
  auto verify = run_opsdesk(
      {"replay", "--projection", "ops-board", "--verify", "--data-dir", data.path().string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.stdout_text << verify.stderr_text;
  EXPECT_NE(verify.stdout_text.find("identical"), std::string::npos) << verify.stdout_text;
}

TEST(OpsBoard, ReplayRebuildsTheSameView) {
  TempDir data;
  std::string before;
  {
    OpsdeskProcess opsdesk(data.path());
    ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
    std::string position;
    for (int i = 0; i < 5; ++i)
      position = api.post("/v1/incidents", detect_body({"rinya"})).header("x-opsdesk-position");
    before = api.get("/v1/board/summary?min_position=" + position).json().dump();
    ASSERT_EQ(opsdesk.terminate(), 0);
  }
  auto replay =
      run_opsdesk({"replay", "--projection", "ops-board", "--data-dir", data.path().string()});
  ASSERT_EQ(replay.exit_code, 0) << replay.stderr_text;
  EXPECT_NE(replay.stdout_text.find("replayed 5 events"), std::string::npos) << replay.stdout_text;
  EXPECT_EQ(run_opsdesk({"replay", "--projection", "nothing"}).exit_code, 2);

  OpsdeskProcess opsdesk(data.path());
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"viewer"}, {"*"}));
  EXPECT_EQ(api.get("/v1/board/summary?min_position=5").json().dump(), before);
}

}  // namespace
}  // namespace opsdesk::testing
