// The SLA engine end to end: incidents recorded over HTTP on the real binary, the clocks and the
// 別表1 table read back with read-your-writes, in every format, in the caller's tenant scope; an
// as-of table does not move when later events arrive, and a replay gives identical figures.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

const json& row_of(const json& table, const std::string& kind) {
  for (const auto& row : table["rows"])
    if (row["kind"] == kind) return row;
  throw std::runtime_error("no row " + kind);
}

const json& clock_of(const json& clocks, const std::string& tenant) {
  for (const auto& clock : clocks)
    if (clock["tenant"] == tenant) return clock;
  throw std::runtime_error("no clock for " + tenant);
}

class SlaEndToEnd : public ::testing::Test {
 protected:
  // Detected Friday 2026-11-13 17:30; soumu told Monday 09:45 (1h15m business time: met), houmu
  // at 10:31 (30m + 1h31m = 2h01m: missed).
  void SetUp() override {
    auto created = maintainer_.post("/v1/incidents", {{"occurred_at", "2026-11-13T17:30:00+09:00"},
                                                      {"source", "monitoring"},
                                                      {"severity", "major"},
                                                      {"title", "batch failed"},
                                                      {"affected_tenants", {"soumu", "houmu"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    id_ = created.json()["id"];
    notice("soumu", "2026-11-16T09:45:00+09:00");
    notice("houmu", "2026-11-16T10:31:00+09:00");
  }

  void notice(const std::string& tenant, const std::string& sent_at) {
    auto sent = maintainer_.post(
        "/v1/incidents/" + id_ + "/record_notice",
        {{"tenant", tenant}, {"kind", "first_notice"}, {"sent_at", sent_at}, {"channel", "email"}});
    ASSERT_EQ(sent.status, 200) << sent.body;
    position_ = sent.header("x-opsdesk-position");
  }

  ApiClient client_for(const std::string& tenant) const {
    return ApiClient(opsdesk_.host(), opsdesk_.port(),
                     token_for("tanaka", {"association_admin"}, {tenant}));
  }

  TempDir data_;
  OpsdeskProcess opsdesk_{data_.path()};
  ApiClient maintainer_{opsdesk_.host(), opsdesk_.port(), token_for("sato", {"maintainer"}, {"*"})};
  std::string id_;
  std::string position_;
};

TEST_F(SlaEndToEnd, AnIncidentsClocksShowBusinessTimeAndTheEventsBehindThem) {
  auto answer = maintainer_.get("/v1/sla/incidents/" + id_ + "?min_position=" + position_);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto body = answer.json();
  const auto soumu = clock_of(body["first_notice"], "soumu");
  EXPECT_EQ(soumu["state"], "met");
  EXPECT_EQ(soumu["rule"], "first_report");
  EXPECT_EQ(soumu["stop_kind"], "first_notice");
  EXPECT_EQ(soumu["business_elapsed"]["seconds"], 4500);
  EXPECT_EQ(soumu["business_elapsed"]["text"], "1h15m");
  EXPECT_EQ(soumu["started_at"], "2026-11-13T17:30:00+09:00");
  EXPECT_EQ(soumu["name_ja"], "総務省共済組合");
  EXPECT_EQ(soumu["stopped_at"], "2026-11-16T09:45:00+09:00");
  EXPECT_FALSE(soumu["event_ids"]["start"].get<std::string>().empty());
  EXPECT_FALSE(soumu["event_ids"]["stop"].get<std::string>().empty());
  const auto houmu = clock_of(body["first_notice"], "houmu");
  EXPECT_EQ(houmu["state"], "missed");
  EXPECT_EQ(houmu["reason"], "late");
  EXPECT_EQ(houmu["business_elapsed"]["text"], "2h1m");
  ASSERT_EQ(body["progress_cadence"].size(), 2u);
  EXPECT_EQ(body["response_hours"]["inside_hours"], 2);
}

TEST_F(SlaEndToEnd, TheMonthlyTableHasTheSixRowsOfTheContract) {
  auto answer =
      maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-11&min_position=" + position_);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto body = answer.json();
  ASSERT_EQ(body["tables"].size(), 1u);
  const auto& table = body["tables"][0];
  EXPECT_EQ(table["tenant"], "soumu");
  EXPECT_EQ(table["period"]["label"], "2026-11");
  ASSERT_EQ(table["rows"].size(), 6u);
  const auto& first_notice = row_of(table, "first_notice");
  EXPECT_EQ(first_notice["label_ja"], "障害対応状況通知時間");
  EXPECT_EQ(first_notice["compliance"]["met"], 1);
  EXPECT_EQ(first_notice["compliance"]["total"], 1);
  EXPECT_EQ(first_notice["measured"]["mean_business"]["seconds"], 4500);
  EXPECT_EQ(first_notice["measured"]["mean_verdict"], "met");
  EXPECT_EQ(first_notice["achieved"], "met");
  EXPECT_EQ(first_notice["incident_ids"], json::array({id_}));
  for (const char* kind : {"operating_hours", "ops_report_cadence"}) {
    EXPECT_EQ(row_of(table, kind)["status"], "no_data") << kind;
    EXPECT_FALSE(row_of(table, kind)["no_data_reason"].get<std::string>().empty());
  }
  // No inquiry was received that month: measured, with no rate.
  const auto& reception = row_of(table, "reception_hours");
  EXPECT_EQ(reception["status"], "measured");
  EXPECT_EQ(reception["measured"]["received"], 0);
  EXPECT_TRUE(reception["compliance"]["achievement_percent"].is_null());
  EXPECT_TRUE(reception["achieved"].is_null());

  // By default only the evidence that counts against the target; all of it on request.
  EXPECT_TRUE(first_notice["evidence"].empty());  // soumu's notice was in time
  auto all = maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-11&evidence=all");
  ASSERT_EQ(all.status, 200);
  const auto all_body = all.json();
  const auto& listed = row_of(all_body["tables"][0], "first_notice")["evidence"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["incident_id"], id_);
  EXPECT_EQ(listed[0]["rule"], "first_report");
  ASSERT_EQ(listed[0]["events"].size(), 2u);
  EXPECT_EQ(listed[0]["events"][1]["kind"], "first_notice");

  auto centre = maintainer_.get("/v1/sla/table?tenant=*&month=2026-11");
  ASSERT_EQ(centre.status, 200);
  const auto centre_body = centre.json();
  const auto& centre_row = row_of(centre_body["tables"][0], "first_notice");
  EXPECT_EQ(centre_row["compliance"]["met"], 1);
  EXPECT_EQ(centre_row["compliance"]["total"], 2);
  EXPECT_EQ(centre_row["measured"]["max_business"]["text"], "2h1m");
  // The centre averages per incident: this one counts once, with its slower association's time.
  EXPECT_EQ(centre_row["measured"]["averaged_per"], "incident");
  EXPECT_EQ(centre_row["measured"]["averaged"], 1);
  EXPECT_EQ(centre_row["measured"]["mean_business"]["text"], "2h1m");
  EXPECT_EQ(centre_row["measured"]["mean_verdict"], "missed");
}

TEST_F(SlaEndToEnd, TheReceptionHoursRowCountsInquiriesAndListsEveryOneTakenOutOfHours) {
  std::string position;
  std::map<std::string, std::string> id_at;  // received_at -> inquiry id
  auto receive = [&](const std::string& tenant, const std::string& received_at) {
    auto received = maintainer_.post("/v1/inquiries", {{"channel", "phone"},
                                                       {"tenant", tenant},
                                                       {"requester", {{"name", "山田"}}},
                                                       {"subject", "照会"},
                                                       {"body", "照会です"},
                                                       {"received_at", received_at}});
    ASSERT_EQ(received.status, 201) << received.body;
    id_at[received_at] = received.json()["id"];
    position = received.header("x-opsdesk-position");
  };
  receive("soumu", "2026-11-17T10:00:00+09:00");  // Tuesday morning: inside
  receive("soumu", "2026-11-17T20:30:00+09:00");  // Tuesday evening: outside
  receive("soumu", "2026-11-20T17:59:00+09:00");  // Friday, a minute before closing: inside
  receive("soumu", "2026-11-20T18:00:00+09:00");  // closing time: outside
  receive("soumu", "2026-11-23T11:00:00+09:00");  // 勤労感謝の日, a holiday: outside
  receive("houmu", "2026-11-18T10:00:00+09:00");
  receive("centre_ops", "2026-11-19T10:00:00+09:00");
  receive("soumu", "2026-12-01T10:00:00+09:00");  // December's

  auto soumu = maintainer_.get(
      "/v1/sla/table?tenant=soumu&month=2026-11&evidence=all&"
      "min_position=inquiries:" +
      position);
  ASSERT_EQ(soumu.status, 200) << soumu.body;
  const auto row = row_of(soumu.json()["tables"][0], "reception_hours");
  EXPECT_EQ(row["status"], "measured");
  EXPECT_EQ(row["measured"]["received"], 5);
  EXPECT_EQ(row["measured"]["inside_hours"], 2);
  EXPECT_EQ(row["measured"]["outside_hours"], 3);
  EXPECT_EQ(row["compliance"]["achievement_percent"], 40.0);
  EXPECT_EQ(row["achieved"], "met") << "a reception out of hours is shown, never a miss";
  EXPECT_EQ(row["inquiry_ids"].size(), 5u);
  std::set<std::string> listed;
  for (const auto& item : row["evidence"]) {
    EXPECT_EQ(item["rule"], "received_out_of_hours");
    EXPECT_TRUE(item["permitted"]);
    EXPECT_TRUE(item["incident_id"].is_null());
    listed.insert(item["inquiry_id"].get<std::string>());
  }
  EXPECT_EQ(listed, (std::set<std::string>{id_at["2026-11-17T20:30:00+09:00"],
                                           id_at["2026-11-20T18:00:00+09:00"],
                                           id_at["2026-11-23T11:00:00+09:00"]}));
  EXPECT_NE(row["measured_text_ja"].get<std::string>().find("受付 5件"), std::string::npos)
      << row["measured_text_ja"];

  // The centre counts every reception, the centre operations team's too; an association its own.
  auto centre = maintainer_.get("/v1/sla/table?tenant=*&month=2026-11&evidence=none");
  EXPECT_EQ(row_of(centre.json()["tables"][0], "reception_hours")["measured"]["received"], 7);
  auto houmu = client_for("houmu").get("/v1/sla/table?tenant=houmu&month=2026-11");
  EXPECT_EQ(row_of(houmu.json()["tables"][0], "reception_hours")["measured"]["received"], 1);
  // A month before any inquiry still counts nothing.
  auto october = maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-10");
  EXPECT_EQ(row_of(october.json()["tables"][0], "reception_hours")["measured"]["received"], 0);
  auto csv = maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-11&format=csv");
  EXPECT_NE(csv.body.find(id_at["2026-11-23T11:00:00+09:00"]), std::string::npos);
}

TEST_F(SlaEndToEnd, AnAssociationSeesOnlyItsOwnClocksAndTables) {
  auto houmu = client_for("houmu");
  auto clocks = houmu.get("/v1/sla/incidents/" + id_ + "?min_position=" + position_);
  ASSERT_EQ(clocks.status, 200);
  ASSERT_EQ(clocks.json()["first_notice"].size(), 1u);
  EXPECT_EQ(clocks.json()["first_notice"][0]["tenant"], "houmu");

  EXPECT_EQ(houmu.get("/v1/sla/table?tenant=soumu").status, 404);
  EXPECT_EQ(houmu.get("/v1/sla/table?tenant=*").status, 404);
  auto own = houmu.get("/v1/sla/table?month=2026-11");
  ASSERT_EQ(own.status, 200);
  ASSERT_EQ(own.json()["tables"].size(), 1u);
  EXPECT_EQ(own.json()["tables"][0]["tenant"], "houmu");

  EXPECT_EQ(client_for("zaimu").get("/v1/sla/incidents/" + id_).status, 404);
}

TEST_F(SlaEndToEnd, BadQueriesNameTheFieldAndWhatIsAllowed) {
  auto bad = maintainer_.get("/v1/sla/table?tenant=nowhere&month=2026-13&format=pdf");
  ASSERT_EQ(bad.status, 422);
  const auto errors = bad.json()["errors"];
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"tenant", "month", "format"}));
  EXPECT_NE(bad.body.find("soumu"), std::string::npos);  // the allowed codes are listed

  auto today = maintainer_.get("/v1/sla/table?as_of=2099-01-01");
  ASSERT_EQ(today.status, 422);
  EXPECT_NE(today.body.find("a day that has ended"), std::string::npos);
}

TEST_F(SlaEndToEnd, BoueiIsMeasuredForReferenceOutsideTheCentreTable) {
  // bouei told after 3h about a fault of its own.
  auto created = maintainer_.post("/v1/incidents", {{"occurred_at", "2026-11-17T10:00:00+09:00"},
                                                    {"source", "monitoring"},
                                                    {"severity", "minor"},
                                                    {"title", "terminal update failed"},
                                                    {"affected_tenants", {"bouei"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  auto sent = maintainer_.post("/v1/incidents/" + id + "/record_notice",
                               {{"tenant", "bouei"},
                                {"kind", "first_notice"},
                                {"sent_at", "2026-11-17T13:00:00+09:00"},
                                {"channel", "phone"}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  const auto position = sent.header("x-opsdesk-position");

  auto clocks = maintainer_.get("/v1/sla/incidents/" + id + "?min_position=" + position);
  ASSERT_EQ(clocks.status, 200) << clocks.body;
  EXPECT_EQ(clocks.json()["first_notice"][0]["reference_only"], true);

  auto tables = maintainer_.get("/v1/sla/table?month=2026-11");
  ASSERT_EQ(tables.status, 200);
  const auto body = tables.json();
  for (const auto& table : body["tables"]) {
    const auto& row = row_of(table, "first_notice");
    if (table["tenant"] == "*") {
      EXPECT_EQ(table["reference_only"], false);
      EXPECT_EQ(row["incident_ids"], json::array({id_}));  // the bouei incident is not in it
    } else if (table["tenant"] == "bouei") {
      EXPECT_EQ(table["reference_only"], true);
      EXPECT_EQ(row["measured"]["mean_business"]["text"], "3h");
      EXPECT_EQ(row["achieved"], "missed");
    }
  }

  auto csv = maintainer_.get("/v1/sla/table?tenant=bouei&month=2026-11&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("防衛省共済組合 (bouei)（参考）,2026-11,障害対応状況通知時間"),
            std::string::npos);
  EXPECT_NE(csv.body.find(",×,0.0%,0/1,"), std::string::npos) << csv.body;
}

TEST_F(SlaEndToEnd, CsvAndXlsxAreFilesExcelOpens) {
  auto csv = maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-11&format=csv&min_position=" +
                             position_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("障害対応状況通知時間"), std::string::npos);
  EXPECT_NE(csv.header("content-disposition").find("sla-2026-11.csv"), std::string::npos);
  EXPECT_NE(csv.body.find(id_), std::string::npos) << "each row lists the incidents behind it";
  // Figures only: the same counts, and nothing listed behind them.
  auto figures = maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-11&evidence=none");
  ASSERT_EQ(figures.status, 200);
  const auto answer = figures.json();
  const auto& row = row_of(answer["tables"][0], "first_notice");
  EXPECT_EQ(row["items"], 1);
  EXPECT_FALSE(row.contains("incident_ids"));
  EXPECT_FALSE(answer["tables"][0].contains("incident_ids"));

  auto xlsx = maintainer_.get("/v1/sla/table?month=2026-11&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(xlsx.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

TEST_F(SlaEndToEnd, AnAsOfTableDoesNotMoveWhenLaterEventsArrive) {
  // That day's close saw none of this test's recording: every event was recorded after it.
  const std::string yesterday = "2026-11-21";
  auto before = maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-11&as_of=" + yesterday +
                                "&min_position=" + position_);
  ASSERT_EQ(before.status, 200) << before.body;
  auto more = maintainer_.post("/v1/incidents/" + id_ + "/record_notice",
                               {{"tenant", "soumu"},
                                {"kind", "progress_report"},
                                {"sent_at", "2026-11-17T10:00:00+09:00"},
                                {"channel", "email"}});
  ASSERT_EQ(more.status, 200);
  auto after = maintainer_.get("/v1/sla/table?tenant=soumu&month=2026-11&as_of=" + yesterday +
                               "&min_position=" + more.header("x-opsdesk-position"));
  ASSERT_EQ(after.status, 200);
  auto strip = [](json body) {
    body.erase("as_of_position");
    return body.dump();
  };
  EXPECT_EQ(strip(before.json()), strip(after.json()));
  EXPECT_EQ(row_of(after.json()["tables"][0], "first_notice")["compliance"]["total"], 0);
}

TEST_F(SlaEndToEnd, AReplayGivesTheSameTable) {
  // Every clock stopped, so the figures no longer depend on the time of asking.
  for (const auto& [command, body] : std::vector<std::pair<std::string, json>>{
           {"restore_service", {{"at", "2026-11-16T12:00:00+09:00"}, {"summary", "restarted"}}},
           {"record_notice",
            {{"tenant", "soumu"},
             {"kind", "recovery_report"},
             {"sent_at", "2026-11-16T13:00:00+09:00"},
             {"channel", "email"}}},
           {"record_notice",
            {{"tenant", "houmu"},
             {"kind", "recovery_report"},
             {"sent_at", "2026-11-16T13:00:00+09:00"},
             {"channel", "email"}}},
           {"close", {{"at", "2026-11-16T14:00:00+09:00"}, {"resolution", "fixed"}}}}) {
    auto done = maintainer_.post("/v1/incidents/" + id_ + "/" + command, body);
    ASSERT_EQ(done.status, 200) << command << ": " << done.body;
    position_ = done.header("x-opsdesk-position");
  }
  const std::string query = "/v1/sla/table?month=2026-11&format=csv&min_position=";
  auto live = maintainer_.get(query + position_);
  ASSERT_EQ(live.status, 200);
  ASSERT_EQ(opsdesk_.terminate(), 0);

  auto verify = run_opsdesk(
      {"replay", "--projection", "sla-metrics", "--verify", "--data-dir", data_.path().string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.stdout_text << verify.stderr_text;
  EXPECT_NE(verify.stdout_text.find("identical"), std::string::npos);
  auto replayed =
      run_opsdesk({"replay", "--projection", "sla-metrics", "--data-dir", data_.path().string()});
  ASSERT_EQ(replayed.exit_code, 0) << replayed.stderr_text;

  OpsdeskProcess restarted(data_.path());
  ApiClient api(restarted.host(), restarted.port(), token_for("sato", {"maintainer"}, {"*"}));
  auto again = api.get(query + position_);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body, live.body);
}

TEST(SlaSettings, AChangedDefinitionIsRecordedAndClosedPeriodsSaySo) {
  TempDir data;
  {
    OpsdeskProcess first(data.path());
    ApiClient api(first.host(), first.port(), token_for("sato", {"maintainer"}, {"*"}));
    auto definitions = api.get("/v1/sla/definitions");
    ASSERT_EQ(definitions.status, 200) << definitions.body;
    EXPECT_EQ(definitions.json()["version"], 1);
    EXPECT_EQ(definitions.json()["definitions"].size(), 6u);
  }

  // The operator deploys a file with another first-notice goal.
  const auto file = data.path() / "sla.yaml";
  {
    std::ifstream in(std::string(OPSDESK_SOURCE_DIR) + "/config/sla-definitions.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string changed = text.str();
    changed.replace(changed.find("goal: 1h30m"), 11, "goal: 2h");
    std::ofstream(file) << changed;
  }
  OpsdeskProcess second(
      data.path(), {},
      {{"OPSDESK_SLA_DEFINITIONS_FILE", file.string()}, {"OPSDESK_SLA_CHANGED_BY", "suzuki"}});
  ApiClient api(second.host(), second.port(), token_for("sato", {"maintainer"}, {"*"}));
  auto definitions = api.get("/v1/sla/definitions");
  ASSERT_EQ(definitions.status, 200);
  const auto body = definitions.json();
  EXPECT_EQ(body["version"], 2);
  ASSERT_EQ(body["history"].size(), 2u);
  EXPECT_EQ(body["history"][1]["by"], "suzuki");
  EXPECT_EQ(body["history"][1]["source"], file.string());
  EXPECT_EQ(body["history"][1]["changes"], json::array({"first_notice goal: 1h30m -> 2h"}));

  // A month that ended before the change is recomputed under it, and the answer says so.
  auto closed_month = api.get("/v1/sla/table?tenant=soumu&month=2026-10");
  ASSERT_EQ(closed_month.status, 200);
  const auto table = closed_month.json();
  EXPECT_EQ(table["settings_version"], 2);
  ASSERT_GE(table["settings_changed_after_period"].size(), 1u);
  EXPECT_EQ(table["settings_changed_after_period"].back()["version"], 2);
}

TEST(SlaLimits, AnAnswerWithMoreEvidenceThanAllowedIsRefusedNamingTheLimit) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {}, {{"OPSDESK_SLA_MAX_EVIDENCE_ITEMS", "1"}});
  ApiClient api(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
  // Two associations told late: two items of evidence against in the centre's table.
  auto created = api.post("/v1/incidents", {{"occurred_at", "2026-11-16T10:00:00+09:00"},
                                            {"source", "monitoring"},
                                            {"severity", "major"},
                                            {"title", "batch failed"},
                                            {"affected_tenants", {"soumu", "houmu"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  std::string position;
  for (const char* tenant : {"soumu", "houmu"}) {
    auto sent = api.post("/v1/incidents/" + id + "/record_notice",
                         {{"tenant", tenant},
                          {"kind", "first_notice"},
                          {"sent_at", "2026-11-16T13:00:00+09:00"},
                          {"channel", "email"}});
    ASSERT_EQ(sent.status, 200) << sent.body;
  }
  // Restored the same day: no progress report is owed, so each table has one item against.
  auto restored =
      api.post("/v1/incidents/" + id + "/restore_service", {{"at", "2026-11-16T13:10:00+09:00"}});
  ASSERT_EQ(restored.status, 200) << restored.body;
  position = restored.header("x-opsdesk-position");
  auto centre = api.get("/v1/sla/table?tenant=*&month=2026-11&min_position=" + position);
  ASSERT_EQ(centre.status, 422) << centre.body;
  const auto error = centre.json()["errors"][0];
  EXPECT_EQ(error["field"], "evidence");
  EXPECT_NE(error["message"].get<std::string>().find("more than the 1 one answer may"),
            std::string::npos)
      << error;
  // Asked again, the refusal is kept rather than computed again, and names its own request.
  auto again = api.get("/v1/sla/table?tenant=*&month=2026-11");
  ASSERT_EQ(again.status, 422) << again.body;
  EXPECT_EQ(again.json()["errors"][0], error);
  EXPECT_NE(again.json()["request_id"], centre.json()["request_id"]);
  auto metrics = api.get("/metrics");
  EXPECT_NE(metrics.body.find("opsdesk_sla_table_cache_hits 1\n"), std::string::npos);
  // Narrower, or without evidence, it answers.
  EXPECT_EQ(api.get("/v1/sla/table?tenant=soumu&month=2026-11").status, 200);
  EXPECT_EQ(api.get("/v1/sla/table?tenant=*&month=2026-11&evidence=none").status, 200);
  EXPECT_EQ(api.get("/v1/sla/table?tenant=*&month=2026-11&format=csv").status, 200);
  auto workbook = api.get("/v1/sla/table?tenant=*&month=2026-11&format=xlsx");
  ASSERT_EQ(workbook.status, 422);
  EXPECT_EQ(workbook.json()["errors"][0]["field"], "format");
}

}  // namespace
}  // namespace opsdesk::testing
