// End to end: commands on a long incident after a restart. The incidents service keeps a
// snapshot of an incident's state beside its stream every `commands.snapshot_every` events, so a
// process that starts with nothing in memory reads the snapshot and folds only the events after
// it; the incident it answers with is the one a fold of every event gives.

#include <gtest/gtest.h>

#include <map>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

double metric(ApiClient& api, const std::string& name) {
  auto value = metric_value(api, name);
  if (!value) ADD_FAILURE() << name << " is not in /metrics";
  return value.value_or(-1);
}

const std::string kLoads = "opsdesk_command_snapshot_loads{store=\"incidents\"}";
const std::string kFolded = "opsdesk_command_events_folded{store=\"incidents\"}";
const std::string kWritten = "opsdesk_command_snapshots_written{store=\"incidents\"}";

json activity(int minutes_ago_started) {
  return {{"started_at", minutes_ago(minutes_ago_started)},
          {"ended_at", minutes_ago(minutes_ago_started - 1)},
          {"by", "sato"},
          {"summary", "checked the batch log, step " + std::to_string(minutes_ago_started)}};
}

TEST(LongIncident, AfterARestartItIsLoadedFromItsSnapshotAndAnswersAsAFoldOfEveryEvent) {
  TempDir data;
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  const std::map<std::string, std::string> every_ten{{"OPSDESK_COMMANDS_SNAPSHOT_EVERY", "10"}};
  std::string id;
  {
    OpsdeskProcess opsdesk(data.path(), {}, every_ten);
    ApiClient api(opsdesk.host(), opsdesk.port(), token);
    auto created = api.post("/v1/incidents", {{"occurred_at", minutes_ago(300)},
                                              {"source", "monitoring"},
                                              {"severity", "major"},
                                              {"title", "Nightly batch failed on AP server 3"},
                                              {"affected_tenants", {"soumu", "houmu"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    id = created.json()["id"];
    // 25 activities: version 26, snapshots kept with the appends that reached 10 and 20.
    for (int i = 0; i < 25; ++i) {
      auto recorded =
          api.post("/v1/incidents/" + id + "/record_response_activity", activity(290 - i * 5));
      ASSERT_EQ(recorded.status, 200) << recorded.body;
    }
    EXPECT_EQ(metric(api, kWritten), 2);
    opsdesk.kill_hard();
  }

  json from_snapshot;
  {
    OpsdeskProcess restarted(data.path(), {}, every_ten);
    ApiClient api(restarted.host(), restarted.port(), token);
    auto recorded = api.post("/v1/incidents/" + id + "/record_response_activity", activity(100));
    ASSERT_EQ(recorded.status, 200) << recorded.body;
    EXPECT_EQ(recorded.header("etag"), "\"27\"");
    // Read from the snapshot at version 20: only versions 21 to 26 were folded.
    EXPECT_EQ(metric(api, kLoads), 1);
    EXPECT_EQ(metric(api, kFolded), 6);
    from_snapshot = api.get("/v1/incidents/" + id).json();
    EXPECT_EQ(from_snapshot["version"], 27);
    EXPECT_EQ(from_snapshot["response_activities"].size(), 26u);
    restarted.kill_hard();
  }

  // Without snapshots, the same incident is folded from its first event: the same answer.
  OpsdeskProcess plain(data.path(), {}, {{"OPSDESK_COMMANDS_SNAPSHOT_EVERY", "0"}});
  ApiClient api(plain.host(), plain.port(), token);
  EXPECT_EQ(api.get("/v1/incidents/" + id).json(), from_snapshot);
  EXPECT_EQ(metric(api, kLoads), 0);
  EXPECT_EQ(metric(api, kFolded), 27);
}

}  // namespace
}  // namespace opsdesk::testing
