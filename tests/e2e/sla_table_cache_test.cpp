// The SLA table cache against a fresh computation: whatever sla-metrics kept, a table asked
// after late events (a reopening dated last month, a tenant added to an old incident, a new
// incident) is the table a process that never kept anything computes, on the same log and after
// a replay of the view; an answer nothing changed is served again, and only the answers a change
// can touch are dropped.

#include <gtest/gtest.h>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

// Tables with figures in October and November 2026, in every format and scope the cache keys.
const std::vector<std::string> kQueries = {
    "tenant=soumu&month=2026-11",
    "tenant=*&month=2026-11",
    "tenant=houmu&month=2026-11&format=csv",
    "evidence=none",  // every table of the term
    "tenant=soumu&month=2026-10",
    "tenant=zaimu&month=2026-10&evidence=all",
    "tenant=soumu&month=2026-11&as_of=2026-11-30",
};

// The answer less what says when and at which position it was given.
std::string figures_of(const ApiResponse& answer) {
  if (answer.header("content-type").rfind("application/json", 0) != 0) return answer.body;
  auto body = answer.json();
  body.erase("as_of_position");
  body.erase("computed_at");
  for (auto& table : body["tables"]) table.erase("computed_at");
  return body.dump(2);
}

class SlaTableCache : public ::testing::Test {
 protected:
  std::string detect(const std::string& occurred_at, std::vector<std::string> tenants) {
    auto created = maintainer_.post("/v1/incidents", {{"occurred_at", occurred_at},
                                                      {"source", "monitoring"},
                                                      {"severity", "major"},
                                                      {"title", "batch failed"},
                                                      {"affected_tenants", tenants}});
    EXPECT_EQ(created.status, 201) << created.body;
    position_ = created.header("x-opsdesk-position");
    return created.json().value("id", "");
  }

  void run(const std::string& id, const std::string& command, const json& body) {
    auto done = maintainer_.post("/v1/incidents/" + id + "/" + command, body);
    ASSERT_EQ(done.status, 200) << command << ": " << done.body;
    position_ = done.header("x-opsdesk-position");
  }

  void notice(const std::string& id, const std::string& tenant, const std::string& kind,
              const std::string& sent_at) {
    run(id, "record_notice",
        {{"tenant", tenant}, {"kind", kind}, {"sent_at", sent_at}, {"channel", "email"}});
  }

  // Every first-notice clock stopped (by the first report of any kind) and the service
  // restored: figures that no longer move.
  void settle(const std::string& id, const std::vector<std::string>& tenants,
              const std::string& day, bool close, const std::string& report = "first_notice") {
    for (const auto& tenant : tenants) notice(id, tenant, report, day + "T10:30:00+09:00");
    run(id, "restore_service", {{"at", day + "T12:00:00+09:00"}, {"summary", "restarted"}});
    if (close) run(id, "close", {{"at", day + "T14:00:00+09:00"}, {"resolution", "fixed"}});
  }

  std::vector<std::string> ask_all(ApiClient& api) const {
    std::vector<std::string> answers;
    for (const auto& query : kQueries) {
      auto answer = api.get("/v1/sla/table?" + query + "&min_position=" + position_);
      EXPECT_EQ(answer.status, 200) << query << ": " << answer.body;
      answers.push_back(figures_of(answer));
    }
    return answers;
  }

  double metric(const std::string& name) {
    auto value = metric_value(maintainer_, name);
    if (!value) ADD_FAILURE() << name << " is not in /metrics";
    return value.value_or(-1);
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_ = std::make_unique<OpsdeskProcess>(data_.path());
  ApiClient maintainer_{opsdesk_->host(), opsdesk_->port(),
                        token_for("sato", {"maintainer"}, {"*"})};
  std::string position_;
};

TEST_F(SlaTableCache, KeptAnswersAreTheTablesAFreshComputationGivesAfterLateEvents) {
  // Given November's incident of soumu and houmu and two of zaimu in October, all settled,
  const auto november = detect("2026-11-13T17:30:00+09:00", {"soumu", "houmu"});
  settle(november, {"soumu", "houmu"}, "2026-11-16", true);
  const auto october = detect("2026-10-05T10:00:00+09:00", {"zaimu"});
  settle(october, {"zaimu"}, "2026-10-05", true);
  const auto still_open = detect("2026-10-20T10:00:00+09:00", {"zaimu"});
  settle(still_open, {"zaimu"}, "2026-10-20", false);

  // when every table is asked twice, the second answers are the first ones, kept.
  const auto first = ask_all(maintainer_);
  const double hits_before = metric("opsdesk_sla_table_cache_hits");
  EXPECT_EQ(ask_all(maintainer_), first);
  EXPECT_EQ(metric("opsdesk_sla_table_cache_hits"), hits_before + kQueries.size());

  // A new incident in December has no figures in October or November: those answers stay.
  const auto december = detect("2026-12-01T10:00:00+09:00", {"soumu"});
  settle(december, {"soumu"}, "2026-12-01", true);
  const double dropped_before = metric("opsdesk_sla_table_cache_dropped");
  auto november_table =
      maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-11&min_position=" + position_);
  ASSERT_EQ(november_table.status, 200);
  EXPECT_EQ(figures_of(november_table), first[0]);
  EXPECT_EQ(metric("opsdesk_sla_table_cache_dropped"), dropped_before + 1);  // only the term's

  // Late events stated in the past: November's fault came back on the 20th (a recurrence with
  // new clocks), and soumu turns out to have been affected by zaimu's October fault.
  run(november, "reopen", {{"at", "2026-11-20T10:00:00+09:00"}, {"reason", "it came back"}});
  run(still_open, "add_affected_tenant",
      {{"tenant", "soumu"},
       {"reason", "shares the interface file"},
       {"at", "2026-10-21T09:30:00+09:00"}});
  const auto running = ask_all(maintainer_);  // clocks running: kept for a second at most
  settle(november, {"soumu", "houmu"}, "2026-11-20", true, "progress_report");
  notice(still_open, "soumu", "first_notice", "2026-10-21T10:00:00+09:00");
  run(still_open, "close", {{"at", "2026-10-21T14:00:00+09:00"}, {"resolution", "fixed"}});

  // then the answers show them,
  const auto kept = ask_all(maintainer_);
  EXPECT_NE(kept[0], first[0]);
  EXPECT_NE(kept[0], running[0]);
  EXPECT_NE(kept[4], first[4]);
  EXPECT_EQ(kept[6], first[6]);  // as of 11-30 nothing recorded since had been recorded yet
  EXPECT_GT(metric("opsdesk_sla_table_cache_dropped"), dropped_before + 1);

  // and they are what a process that never kept anything computes after a replay of the view.
  ASSERT_EQ(opsdesk_->terminate(), 0);
  opsdesk_.reset();
  auto replayed =
      run_opsdesk({"replay", "--projection", "sla-metrics", "--data-dir", data_.path().string()});
  ASSERT_EQ(replayed.exit_code, 0) << replayed.stderr_text;
  OpsdeskProcess fresh(
      data_.path(), {},
      {{"OPSDESK_SLA_CACHED_ANSWERS", "0"}, {"OPSDESK_SLA_CACHED_INCIDENTS", "0"}});
  ApiClient api(fresh.host(), fresh.port(), token_for("sato", {"maintainer"}, {"*"}));
  const auto computed = ask_all(api);
  for (std::size_t i = 0; i < kQueries.size(); ++i) EXPECT_EQ(kept[i], computed[i]) << kQueries[i];
}

}  // namespace
}  // namespace opsdesk::testing
