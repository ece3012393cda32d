// SLA threshold alerts end to end, under `opsdesk --clock=manual`: time moves only when the test
// says so (POST /v1/test/clock), and each 50/75/100 % alert is recorded once, at the right
// instant, across a restart too.

#include <gtest/gtest.h>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

// The manual clock is the process's only clock, token expiry included: a token for a test that
// moves time must outlive every date the test moves it to.
std::string long_lived_maintainer_token() {
  return token_for("sato", {"maintainer"}, {"*"}, std::chrono::hours{24 * 365 * 30});
}

class SlaWatch : public ::testing::Test {
 protected:
  void start() {
    opsdesk_ =
        std::make_unique<OpsdeskProcess>(data_.path(), std::vector<std::string>{"--clock=manual"});
    api_ = std::make_unique<ApiClient>(opsdesk_->host(), opsdesk_->port(),
                                       long_lived_maintainer_token());
  }

  // Moves the manual clock to `now` (Tokyo time) once the watch has seen `position_`.
  json clock_to(const std::string& now) {
    auto moved =
        api_->post("/v1/test/clock?min_position=" + position_, {{"now", now + ":00+09:00"}});
    EXPECT_EQ(moved.status, 200) << moved.body;
    return moved.json();
  }

  std::vector<std::string> alerts() {
    auto listed = api_->get("/v1/sla/alerts?incident=" + id_);
    EXPECT_EQ(listed.status, 200) << listed.body;
    std::vector<std::string> out;
    const auto body = listed.json();
    for (const auto& alert : body["items"])
      out.push_back(alert["clock"].get<std::string>() + " " + alert["tenant"].get<std::string>() +
                    " " + std::to_string(alert["percent"].get<int>()) + " " +
                    alert["due_at"].get<std::string>());
    std::reverse(out.begin(), out.end());  // oldest first
    return out;
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
  std::unique_ptr<ApiClient> api_;
  std::string id_;
  std::string position_ = "0";
};

TEST_F(SlaWatch, FirstNoticeAlertsFireOnceEachAtTheirInstantsAcrossARestart) {
  start();
  clock_to("2026-12-07T10:00");  // a Monday
  auto created = api_->post("/v1/incidents", {{"occurred_at", "2026-12-07T10:00:00+09:00"},
                                              {"source", "monitoring"},
                                              {"severity", "critical"},
                                              {"title", "storage down"},
                                              {"affected_tenants", {"soumu"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  id_ = created.json()["id"];
  position_ = created.header("x-opsdesk-position");

  EXPECT_EQ(clock_to("2026-12-07T10:44")["alerts_recorded"], 0);
  // Nothing changed and nothing is due: a pass looks at no incident at all.
  EXPECT_EQ(clock_to("2026-12-07T10:44")["incidents_examined"], 0);
  const auto at_half = clock_to("2026-12-07T10:45");
  EXPECT_EQ(at_half["alerts_recorded"], 1);
  EXPECT_EQ(at_half["incidents_examined"], 1);  // its 50 % came due
  EXPECT_EQ(alerts(),
            (std::vector<std::string>{"first_notice soumu 50 2026-12-07T10:45:00+09:00"}));
  EXPECT_EQ(clock_to("2026-12-07T10:50")["alerts_recorded"], 0);  // never twice

  // A restart: time stands where the test puts it, nothing is repeated or lost.
  ASSERT_EQ(opsdesk_->terminate(), 0);
  start();
  EXPECT_EQ(clock_to("2026-12-07T11:10")["alerts_recorded"], 1);  // 75 % was due at 11:07:30
  EXPECT_EQ(alerts(),
            (std::vector<std::string>{"first_notice soumu 50 2026-12-07T10:45:00+09:00",
                                      "first_notice soumu 75 2026-12-07T11:07:30+09:00"}));

  // The notice stops the clock: 100 % never comes.
  auto noticed = api_->post("/v1/incidents/" + id_ + "/record_notice",
                            {{"tenant", "soumu"},
                             {"kind", "first_notice"},
                             {"sent_at", "2026-12-07T11:10:00+09:00"},
                             {"channel", "phone"}});
  ASSERT_EQ(noticed.status, 200) << noticed.body;
  position_ = noticed.header("x-opsdesk-position");
  EXPECT_EQ(clock_to("2026-12-07T12:00")["alerts_recorded"], 0);
  EXPECT_EQ(alerts().size(), 2u);

  // The next business day without a report: the cadence warns at 13:30, 15:45 and 18:00.
  EXPECT_EQ(clock_to("2026-12-08T16:00")["alerts_recorded"], 2);
  const auto all = alerts();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[2], "progress_cadence soumu 50 2026-12-08T13:30:00+09:00");
  EXPECT_EQ(all[3], "progress_cadence soumu 75 2026-12-08T15:45:00+09:00");
}

TEST_F(SlaWatch, ThresholdsCrossedWhileTheWatchWasDownAreRecordedEvenIfTheIncidentClosed) {
  start();
  clock_to("2026-12-07T10:00");
  auto created = api_->post("/v1/incidents", {{"occurred_at", "2026-12-07T10:00:00+09:00"},
                                              {"source", "monitoring"},
                                              {"severity", "major"},
                                              {"title", "mail relay down"},
                                              {"affected_tenants", {"zaimu"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  id_ = created.json()["id"];
  position_ = created.header("x-opsdesk-position");
  EXPECT_EQ(clock_to("2026-12-07T10:50")["alerts_recorded"], 1);
  ASSERT_EQ(opsdesk_->terminate(), 0);

  // Only the incidents service runs: the notice comes at 11:40, after 75 % and 100 %.
  {
    OpsdeskProcess incidents_only(data_.path(), {"--clock=manual", "--target=incidents"});
    ApiClient api(incidents_only.host(), incidents_only.port(), long_lived_maintainer_token());
    ASSERT_EQ(api.post("/v1/test/clock", {{"now", "2026-12-07T12:00:00+09:00"}}).status, 200);
    const auto path = "/v1/incidents/" + id_ + "/";
    for (const auto& [command, body] : std::vector<std::pair<std::string, json>>{
             {"record_notice",
              {{"tenant", "zaimu"},
               {"kind", "first_notice"},
               {"sent_at", "2026-12-07T11:40:00+09:00"},
               {"channel", "phone"}}},
             {"restore_service", {{"at", "2026-12-07T11:45:00+09:00"}}},
             {"record_notice",
              {{"tenant", "zaimu"},
               {"kind", "recovery_report"},
               {"sent_at", "2026-12-07T11:50:00+09:00"},
               {"channel", "phone"}}},
             {"close", {{"at", "2026-12-07T11:55:00+09:00"}, {"resolution", "relay restarted"}}}}) {
      auto done = api.post(path + command, body);
      ASSERT_EQ(done.status, 200) << command << ": " << done.body;
      position_ = done.header("x-opsdesk-position");
    }
    ASSERT_EQ(incidents_only.terminate(), 0);
  }

  start();
  EXPECT_EQ(clock_to("2026-12-07T12:05")["alerts_recorded"], 2);
  EXPECT_EQ(alerts(),
            (std::vector<std::string>{"first_notice zaimu 50 2026-12-07T10:45:00+09:00",
                                      "first_notice zaimu 75 2026-12-07T11:07:30+09:00",
                                      "first_notice zaimu 100 2026-12-07T11:30:00+09:00"}));
}

TEST_F(SlaWatch, ACloseWithoutNoticeStopsTheAlertsAndAReopeningStartsNewOnes) {
  start();
  clock_to("2026-12-07T10:00");  // a Monday
  auto created = api_->post("/v1/incidents", {{"occurred_at", "2026-12-07T10:00:00+09:00"},
                                              {"source", "monitoring"},
                                              {"severity", "minor"},
                                              {"title", "print queue stuck"},
                                              {"affected_tenants", {"kaikei"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  id_ = created.json()["id"];
  const auto path = "/v1/incidents/" + id_ + "/";
  clock_to("2026-12-07T10:50");
  // Fixed and closed at 10:50 without a word to kaikei.
  for (const auto& [command, body] : std::vector<std::pair<std::string, json>>{
           {"restore_service", {{"at", "2026-12-07T10:48:00+09:00"}}},
           {"close", {{"at", "2026-12-07T10:50:00+09:00"}, {"resolution", "queue cleared"}}}}) {
    auto done = api_->post(path + command, body);
    ASSERT_EQ(done.status, 200) << command << ": " << done.body;
    position_ = done.header("x-opsdesk-position");
  }
  clock_to("2026-12-08T10:00");
  EXPECT_EQ(alerts(),
            (std::vector<std::string>{"first_notice kaikei 50 2026-12-07T10:45:00+09:00"}));
  auto clocks = api_->get("/v1/sla/incidents/" + id_ + "?min_position=" + position_);
  ASSERT_EQ(clocks.status, 200) << clocks.body;
  EXPECT_EQ(clocks.json()["first_notice"][0]["state"], "missed");
  EXPECT_EQ(clocks.json()["first_notice"][0]["reason"], "no_notice");
  EXPECT_EQ(clocks.json()["first_notice"][0]["rule"], "closed_without_notice");

  // It comes back at 10:00 on Tuesday: a recurrence, with a clock and alerts of its own.
  auto reopened = api_->post(
      path + "reopen", {{"at", "2026-12-08T10:00:00+09:00"}, {"reason", "the queue stuck again"}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  position_ = reopened.header("x-opsdesk-position");
  EXPECT_EQ(clock_to("2026-12-08T10:45")["alerts_recorded"], 1);
  auto listed = api_->get("/v1/sla/alerts?incident=" + id_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json()["items"][0]["recurrence"], 1);
  EXPECT_EQ(listed.json()["items"][0]["due_at"], "2026-12-08T10:45:00+09:00");
  EXPECT_EQ(listed.json()["items"][0]["name_ja"], "会計検査院共済組合");
}

TEST_F(SlaWatch, TheTestClockExistsOnlyWithTheManualClock) {
  OpsdeskProcess opsdesk(data_.path());
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
  EXPECT_EQ(api.post("/v1/test/clock", {{"advance", "1h"}}).status, 404);
}

TEST_F(SlaWatch, TheManualClockIsSetOrAdvanced) {
  start();
  EXPECT_EQ(clock_to("2026-12-07T10:00")["now"], "2026-12-07T10:00:00+09:00");
  EXPECT_EQ(api_->post("/v1/test/clock", {{"advance", "90m"}}).json()["now"],
            "2026-12-07T11:30:00+09:00");
  auto both = api_->post("/v1/test/clock", {{"advance", "1h"}, {"now", "2026-12-07T10:00:00Z"}});
  EXPECT_EQ(both.status, 422);
  EXPECT_NE(both.body.find("exactly one of"), std::string::npos);
}

}  // namespace
}  // namespace opsdesk::testing
