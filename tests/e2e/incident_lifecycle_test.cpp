// End to end: the real opsdesk process on port 0 with a temp data dir, driven over HTTP; an
// incident goes through its whole lifecycle; the process is killed with SIGKILL and started
// again, and every acknowledged change is still there.

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "libs/core/clock.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

TEST(IncidentLifecycle, AFullLifecycleSurvivesKillNine) {
  TempDir data;
  std::string id;
  json before_kill;
  {
    OpsdeskProcess opsdesk(data.path());
    ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));

    auto created = api.post("/v1/incidents", {{"occurred_at", minutes_ago(120)},
                                              {"source", "monitoring"},
                                              {"severity", "major"},
                                              {"title", "Nightly batch failed on AP server 3"},
                                              {"description", "job KY0420 ended with code 12"},
                                              {"affected_tenants", {"soumu", "houmu"}},
                                              {"configuration_items", {"ap-server-3"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    id = created.json()["id"];
    EXPECT_EQ(created.header("location"), "/v1/incidents/" + id);
    EXPECT_EQ(created.header("etag"), "\"1\"");
    EXPECT_EQ(created.json()["status"], "open");

    const std::string base = "/v1/incidents/" + id + "/";
    const std::vector<std::pair<std::string, json>> steps{
        {"record_notice",
         {{"tenant", "soumu"},
          {"kind", "first_notice"},
          {"sent_at", minutes_ago(100)},
          {"channel", "email"},
          {"summary", "batch failure under investigation"}}},
        {"record_notice",
         {{"tenant", "houmu"},
          {"kind", "first_notice"},
          {"sent_at", minutes_ago(95)},
          {"channel", "phone"}}},
        {"add_affected_tenant", {{"tenant", "bouei"}, {"reason", "shares the interface file"}}},
        {"record_vendor_contact",
         {{"vendor", "software"}, {"at", minutes_ago(90)}, {"summary", "asked DB vendor"}}},
        {"record_response_activity",
         {{"started_at", minutes_ago(110)},
          {"ended_at", minutes_ago(60)},
          {"by", "sato"},
          {"summary", "log analysis"}}},
        {"apply_workaround", {{"at", minutes_ago(80)}, {"summary", "re-ran the job by hand"}}},
        {"identify_cause", {{"at", minutes_ago(70)}, {"summary", "tablespace full"}}},
        {"record_notice",
         {{"tenant", "soumu"},
          {"kind", "progress_report"},
          {"sent_at", minutes_ago(65)},
          {"channel", "email"}}},
        {"restore_service", {{"at", minutes_ago(50)}, {"summary", "tablespace extended"}}},
        {"record_notice",
         {{"tenant", "soumu"},
          {"kind", "recovery_report"},
          {"sent_at", minutes_ago(40)},
          {"channel", "email"}}},
        {"plan_permanent_fix",
         {{"change_id", "0190c3a4-0000-7000-8000-00000000abcd"},
          {"summary", "monitor free space"}}},
        {"record_prevention_action", {{"summary", "free-space alert at 80%"}}},
        {"close", {{"resolution", "tablespace extended, alert added"}}},
    };
    std::uint64_t version = 1;
    for (const auto& [command, body] : steps) {
      auto response =
          api.post(base + command, body, {{"If-Match", "\"" + std::to_string(version) + "\""}});
      ASSERT_EQ(response.status, 200) << command << ": " << response.body;
      ++version;
      EXPECT_EQ(response.header("etag"), "\"" + std::to_string(version) + "\"") << command;
      EXPECT_FALSE(response.header("x-opsdesk-position").empty());
    }

    auto got = api.get("/v1/incidents/" + id);
    ASSERT_EQ(got.status, 200);
    before_kill = got.json();
    EXPECT_EQ(before_kill["status"], "closed");
    EXPECT_EQ(before_kill["version"], 14);
    EXPECT_EQ(before_kill["affected_tenants"], json({"soumu", "houmu", "bouei"}));
    EXPECT_EQ(before_kill["notices"]["soumu"]["progress_reports"], 1);
    EXPECT_EQ(before_kill["resolution"], "tablespace extended, alert added");

    auto history = api.get("/v1/incidents/" + id + "/events");
    ASSERT_EQ(history.status, 200);
    const auto events = history.json()["events"];
    ASSERT_EQ(events.size(), 14u);
    EXPECT_EQ(events[0]["type"], "opsdesk.incidents.v1.IncidentDetected");
    EXPECT_EQ(events[0]["actor"], "sato");
    EXPECT_EQ(events[0]["payload"]["title"], "Nightly batch failed on AP server 3");
    EXPECT_EQ(events[13]["type"], "opsdesk.incidents.v1.IncidentClosed");
    opsdesk.kill_hard();
  }

  OpsdeskProcess restarted(data.path());
  ApiClient api(restarted.host(), restarted.port(), token_for("sato", {"viewer"}, {"*"}));
  auto got = api.get("/v1/incidents/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json(), before_kill);
  auto listed = api.get("/v1/incidents?status=closed");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_EQ(listed.json()["items"][0]["id"], id);
}

TEST(IncidentLifecycle, EveryAcknowledgedCommandSurvivesKillNineUnderLoad) {
  TempDir data;
  std::vector<std::string> acknowledged;
  {
    OpsdeskProcess opsdesk(data.path());
    const auto token = token_for("load", {"maintainer"}, {"*"});
    std::mutex mutex;
    std::condition_variable progress;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 8; ++w) {
      writers.emplace_back([&] {
        ApiClient api(opsdesk.host(), opsdesk.port(), token);
        while (!stop) {
          auto created = api.post("/v1/incidents", {{"occurred_at", minutes_ago(5)},
                                                    {"source", "operator"},
                                                    {"severity", "minor"},
                                                    {"title", "load"},
                                                    {"affected_tenants", {"keimu"}}});
          if (created.status != 201) return;  // the process is gone
          std::lock_guard lock(mutex);
          acknowledged.push_back(created.json()["id"]);
          progress.notify_all();
        }
      });
    }
    // Let acknowledgements accumulate, then pull the plug mid-stream.
    bool enough = false;
    {
      std::unique_lock lock(mutex);
      enough = progress.wait_for(lock, std::chrono::seconds{120},
                                 [&] { return acknowledged.size() >= 200; });
    }
    opsdesk.kill_hard();
    stop = true;
    for (auto& t : writers) t.join();
    ASSERT_TRUE(enough) << "only " << acknowledged.size() << " incidents were acknowledged";
  }

  OpsdeskProcess restarted(data.path());
  ApiClient api(restarted.host(), restarted.port(), token_for("auditor", {"viewer"}, {"*"}));
  for (const auto& id : acknowledged) {
    auto got = api.get("/v1/incidents/" + id);
    ASSERT_EQ(got.status, 200) << "acknowledged incident " << id << " is missing after SIGKILL";
  }
}

}  // namespace
}  // namespace opsdesk::testing
