// The changes API over real HTTP against the real process (docs/api/changes.yaml): 別紙4's
// equipment seeded once, configuration items by code, a change registered against them and
// carried through its lifecycle, its work breakdown with earned value checked against figures
// worked out by hand, the monthly workbook, refusals that name the rule or the fields and append
// nothing, tenant scope, and the contract's effort cap recorded once per threshold across a
// SIGKILL.

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "libs/reports/testing/xlsx_contents.hpp"
#include "libs/testing/eventually.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

// Monday 2026-06-01, 09:00 Tokyo.
constexpr const char* kMonday = "2026-06-01T09:00:00+09:00";
constexpr const char* kInquiry = "0190c3a4-0000-7000-8000-00000000a001";
constexpr const char* kIncident = "0190c3a4-0000-7000-8000-00000000b001";

class ChangesHttp : public ::testing::Test {
 protected:
  void SetUp() override { start(); }

  void start() {
    opsdesk_ =
        std::make_unique<OpsdeskProcess>(data_.path(), std::vector<std::string>{"--clock=manual"});
  }
  void set_clock(const std::string& now) const {
    auto moved = desk().post("/v1/test/clock", {{"now", now}});
    ASSERT_EQ(moved.status, 200) << moved.body;
  }

  ApiClient as(const std::string& role, const std::vector<std::string>& tenants = {"*"}) const {
    return ApiClient(opsdesk_->host(), opsdesk_->port(),
                     token_for("user-" + role, {role}, tenants));
  }
  ApiClient desk() const { return as("maintainer"); }

  std::uint64_t head_position() const {
    return as("viewer").get("/readyz").json()["services"]["changes"]["head_position"];
  }

  std::string register_change(json body) const {
    auto registered = desk().post("/v1/changes", body);
    EXPECT_EQ(registered.status, 201) << registered.body;
    return registered.json().value("id", "");
  }

  json command(const std::string& change, const std::string& name, const json& body,
               const ApiClient& who) const {
    auto done = who.post("/v1/changes/" + change + "/" + name, body);
    EXPECT_EQ(done.status, 200) << name << ": " << done.body;
    return done.json();
  }
  json command(const std::string& change, const std::string& name, const json& body) const {
    return command(change, name, body, desk());
  }

  static void expect_problem(const ApiResponse& r, int status, const std::string& type_name) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    EXPECT_EQ(r.json()["type"], "urn:opsdesk:problem:" + type_name) << r.body;
  }

  static json improvement(json tenants = json::array({"soumu", "houmu"})) {
    return {{"origin", "improvement"},
            {"inquiry_id", kInquiry},
            {"title", "掛金計算画面の改善"},
            {"description", "改善要望による改修"},
            {"tenants", std::move(tenants)},
            {"configuration_items", json::array({"srv-soumu", "srv-houmu"})}};
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
};

TEST_F(ChangesHttp, TheCentresEquipmentIsSeededOnceAndReadByCode) {
  set_clock(kMonday);
  auto first = desk().post("/v1/configuration-items/seed", json::object());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["registered"].size(), 39u);
  auto again = desk().post("/v1/configuration-items/seed", json::object());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(again.json()["registered"].empty());
  EXPECT_EQ(again.json()["already_registered"].size(), 39u);

  auto servers = desk().get("/v1/configuration-items?kind=system_server");
  ASSERT_EQ(servers.status, 200) << servers.body;
  EXPECT_EQ(servers.json()["count"], 18);

  auto soumu = desk().get("/v1/configuration-items/srv-soumu");
  ASSERT_EQ(soumu.status, 200) << soumu.body;
  EXPECT_EQ(soumu.json()["tenants"], json::array({"soumu"}));
  EXPECT_EQ(soumu.json()["attributes"]["os"], "Windows Server 2022 Standard");
  EXPECT_EQ(soumu.json()["relations"][0]["target_code"], "storage-shared");
  auto storage = desk().get("/v1/configuration-items/storage-shared");
  ASSERT_EQ(storage.status, 200);
  EXPECT_EQ(storage.json()["concerned_tenants"].size(), 18u);
  // The shared disk carries the 18 servers and the 3 hosts.
  EXPECT_EQ(storage.json()["related_from"].size(), 22u);  // and the backup server backs it up

  // An association sees its own server and the shared equipment, not another's server.
  const auto admin = as("association_admin", {"soumu"});
  auto own = admin.get("/v1/configuration-items");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.json()["count"], 22);  // 21 shared + srv-soumu
  expect_problem(admin.get("/v1/configuration-items/srv-houmu"), 404, "not-found");
}

TEST_F(ChangesHttp, AConfigurationItemsCodeIsItsOwnAndBadFieldsAppendNothing) {
  set_clock(kMonday);
  json item{{"kind", "system_server"},
            {"code", "srv-bouei"},
            {"name", "標準共済システムサーバ（防衛省共済組合）"},
            {"tenants", json::array({"bouei"})},
            {"location", "bouei_site"},
            {"attributes", {{"os", "Windows Server 2022 Standard"}}}};
  auto registered = desk().post("/v1/configuration-items", item);
  ASSERT_EQ(registered.status, 201) << registered.body;
  EXPECT_EQ(registered.header("location"),
            "/v1/configuration-items/" + registered.json()["id"].get<std::string>());
  const auto before = head_position();
  auto twice = desk().post("/v1/configuration-items", item);
  expect_problem(twice, 409, "ci-code-in-use");
  item["code"] = "srv-bouei-2";
  item["location"] = "centre";
  item["relations"] = json::array({{{"kind", "runs_on"}, {"target", "no-such-host"}}});
  auto bad = desk().post("/v1/configuration-items", item);
  expect_problem(bad, 422, "validation-failed");
  EXPECT_EQ(bad.json()["errors"][0]["field"], "relations[0].target") << bad.body;
  EXPECT_EQ(head_position(), before);

  // Revised and retired by code; a retired item changes no more.
  auto revised = desk().post(
      "/v1/configuration-items/srv-bouei/revise",
      {{"attributes", {{"os", "Windows Server 2025 Standard"}}}, {"reason", "OS 更改"}});
  ASSERT_EQ(revised.status, 200) << revised.body;
  EXPECT_EQ(revised.json()["version"], 2);
  ASSERT_EQ(
      desk().post("/v1/configuration-items/srv-bouei/retire", {{"reason", "機器更改"}}).status,
      200);
  expect_problem(desk().post("/v1/configuration-items/srv-bouei/retire", {{"reason", "again"}}),
                 409, "ci-retired");
  auto events = desk().get("/v1/configuration-items/srv-bouei/events");
  ASSERT_EQ(events.status, 200);
  EXPECT_EQ(events.json()["events"].size(), 3u);
}

TEST_F(ChangesHttp, AnImprovementGoesThroughItsLifecycleWithEvidence) {
  set_clock(kMonday);
  ASSERT_EQ(desk().post("/v1/configuration-items/seed", json::object()).status, 200);
  auto unknown = improvement();
  unknown["configuration_items"] = json::array({"srv-nowhere"});
  expect_problem(desk().post("/v1/changes", unknown), 422, "validation-failed");
  const auto id = register_change(improvement());
  auto change = desk().get("/v1/changes/" + id);
  ASSERT_EQ(change.status, 200);
  EXPECT_EQ(change.json()["status"], "registered");
  EXPECT_EQ(change.json()["configuration_items"][0]["code"], "srv-soumu");
  // One change per improvement request.
  auto second = desk().post("/v1/changes", improvement());
  expect_problem(second, 409, "inquiry-has-change");
  EXPECT_EQ(second.json()["change_id"], id);

  expect_problem(desk().post("/v1/changes/" + id + "/approve", {{"approver", "佐藤"}}), 409,
                 "change-not-assessed");
  command(id, "assess", {{"impact", "掛金計算に影響"}, {"effort_estimate_hours", 120}});
  // The association side approves; another association's administrator does not see the change
  // if it is not one of its associations.
  expect_problem(as("association_admin", {"zaimu"})
                     .post("/v1/changes/" + id + "/approve", {{"approver", "財務"}}),
                 404, "not-found");
  command(id, "approve", {{"approver", "総務省共済組合 佐藤"}}, as("association_admin", {"soumu"}));
  expect_problem(
      as("association_admin", {"soumu"})
          .post("/v1/changes/" + id + "/assess", {{"impact", "x"}, {"effort_estimate_hours", 1}}),
      403, "forbidden");

  const json evidence{{"document_id", "doc-design"}, {"document_version", "1.0"}};
  expect_problem(desk().post("/v1/changes/" + id + "/complete_phase",
                             {{"phase", "build"}, {"evidence", evidence}}),
                 409, "phase-order");
  for (const auto* phase : {"design", "build", "unit_test", "integration_test", "system_test",
                            "acceptance_support", "distribution"})
    command(id, "complete_phase", {{"phase", phase}, {"evidence", evidence}});
  command(id, "skip_phase", {{"phase", "migration"}, {"reason", "データ移行なし"}});
  command(id, "complete_phase",
          {{"phase", "installation"}, {"tenant", "soumu"}, {"evidence", evidence}});
  auto early = desk().post("/v1/changes/" + id + "/close", json::object());
  expect_problem(early, 409, "phases-open");
  EXPECT_NE(early.json()["detail"].get<std::string>().find("installation for houmu"),
            std::string::npos)
      << early.body;
  command(id, "complete_phase",
          {{"phase", "installation"}, {"tenant", "houmu"}, {"evidence", evidence}});
  command(id, "skip_phase", {{"phase", "training"}, {"reason", "運用変更なし"}});
  auto closed = command(id, "close", {{"note", "完了"}});
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_TRUE(closed["open_phases"].empty());

  // The item's page lists the change that concerns it.
  auto server = desk().get("/v1/configuration-items/srv-houmu");
  ASSERT_EQ(server.status, 200);
  ASSERT_EQ(server.json()["changes"].size(), 1u);
  EXPECT_EQ(server.json()["changes"][0]["id"], id);
}

// The hand-worked week (services/changes/tests/earned_value_test.cpp): 40 h over Monday 06-01 …
// Friday 06-05; by Wednesday 50 % done, 10 h and 12 h worked.
TEST_F(ChangesHttp, EarnedValueOfAWorkBreakdownAsWorkedOutByHand) {
  set_clock(kMonday);
  json fault{{"origin", "fault"},
             {"incident_id", kIncident},
             {"title", "夜間バッチ異常終了の恒久対策"},
             {"tenants", json::array({"soumu"})}};
  const auto id = register_change(fault);
  auto package = command(id, "add_work_package",
                         {{"name", "設計・製造"},
                          {"planned_hours", 40},
                          {"planned_start", "2026-06-01"},
                          {"planned_finish", "2026-06-05"},
                          {"tenant", "soumu"}});
  EXPECT_EQ(package["work_packages"][0]["id"], "wp-1");
  command(id, "baseline", json::object());

  // Nothing recorded yet: no CPI, and it says why.
  auto before = desk().get("/v1/changes/" + id + "/evm?as_of=2026-06-01");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_TRUE(before.json()["cpi"].is_null());
  EXPECT_EQ(before.json()["undefined"]["cpi"], "AC is 0: no hours were recorded by 2026-06-01");

  set_clock("2026-06-03T18:00:00+09:00");
  command(id, "record_actual",
          {{"package_id", "wp-1"},
           {"hours", 10},
           {"by", "山田"},
           {"date", "2026-06-01"},
           {"activity", "設計"}});
  command(id, "record_actual",
          {{"package_id", "wp-1"}, {"hours", 12}, {"by", "山田"}, {"date", "2026-06-02"}});
  command(id, "record_progress",
          {{"package_id", "wp-1"}, {"percent", 50}, {"as_of", "2026-06-03"}});
  const auto before_refusals = head_position();
  expect_problem(desk().post("/v1/changes/" + id + "/record_progress",
                             {{"package_id", "wp-1"}, {"percent", 120}}),
                 422, "validation-failed");
  expect_problem(desk().post("/v1/changes/" + id + "/record_actual",
                             {{"package_id", "wp-9"}, {"hours", 1}, {"by", "山田"}}),
                 422, "validation-failed");
  expect_problem(desk().post("/v1/changes/" + id + "/baseline", json::object()), 409,
                 "baseline-exists");
  EXPECT_EQ(head_position(), before_refusals);

  auto evm = desk().get("/v1/changes/" + id + "/evm");
  ASSERT_EQ(evm.status, 200) << evm.body;
  const auto m = evm.json();
  EXPECT_EQ(m["as_of"], "2026-06-03");
  EXPECT_EQ(m["pv"], 24);
  EXPECT_EQ(m["ev"], 20);
  EXPECT_EQ(m["ac"], 22);
  EXPECT_EQ(m["bac"], 40);
  EXPECT_EQ(m["sv"], -4);
  EXPECT_EQ(m["cv"], -2);
  EXPECT_EQ(m["spi"], 0.8333);
  EXPECT_EQ(m["cpi"], 0.9091);
  EXPECT_EQ(m["eac"]["atypical"], 42);
  EXPECT_EQ(m["eac"]["cpi"], 44);
  EXPECT_EQ(m["eac"]["cpi_spi"], 48.4);
  EXPECT_EQ(m["vac"]["cpi"], -4);
  EXPECT_EQ(m["tcpi"]["to_bac"], 1.1111);
  EXPECT_EQ(m["es"], 2.5);
  EXPECT_EQ(m["at"], 3);
  EXPECT_EQ(m["spi_t"], 0.8333);
  EXPECT_EQ(m["forecast_finish"], "2026-06-08");
  EXPECT_TRUE(m["undefined"].empty()) << m["undefined"];
  EXPECT_EQ(m["by_tenant"]["soumu"]["ev"], 20);

  // The month for the meeting, as JSON with the S-curve and as the workbook.
  auto month = desk().get("/v1/evm?month=2026-06");
  ASSERT_EQ(month.status, 200) << month.body;
  EXPECT_EQ(month.json()["totals"]["ac"], 22);
  EXPECT_EQ(month.json()["series"].size(), 30u);
  EXPECT_EQ(month.json()["series"][2]["pv"], 24);
  EXPECT_EQ(month.json()["contract_cap"]["cap"]["person_months"], 2);
  EXPECT_EQ(month.json()["contract_cap"]["ac"]["hours"], 22);
  // The fiscal year's figures (April 2026 – March 2027), and a period named twice refused.
  auto year = desk().get("/v1/evm?year=2026");
  ASSERT_EQ(year.status, 200) << year.body;
  EXPECT_EQ(year.json()["year"], "2026");
  EXPECT_EQ(year.json()["totals"]["ev"], 20);
  EXPECT_EQ(year.json()["series"].size(), 365u);
  expect_problem(desk().get("/v1/evm?year=2026&month=2026-06"), 422, "validation-failed");
  auto book = desk().get("/v1/evm?month=2026-06&format=xlsx");
  ASSERT_EQ(book.status, 200);
  const auto contents = reports::testing::read_xlsx(book.body);
  ASSERT_TRUE(contents.error.empty()) << contents.error;
  ASSERT_EQ(contents.sheet_names, (std::vector<std::string>{"EVM", "日次推移"}));
  const auto& rows = contents.rows.at("EVM");
  EXPECT_NE(rows.at(4).find("計画値(PV)\t出来高(EV)\t実コスト(AC)"), std::string::npos)
      << rows.at(4);
  EXPECT_NE(rows.at(5).find("夜間バッチ異常終了の恒久対策\t障害\t"), std::string::npos)
      << rows.at(5);
  // An association's administrator sees its own figures, not the centre's cap.
  auto own = as("association_admin", {"soumu"}).get("/v1/evm?month=2026-06&tenant=soumu");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_TRUE(own.json()["contract_cap"].is_null());
  EXPECT_EQ(own.json()["totals"]["ev"], 20);
  expect_problem(as("association_admin", {"soumu"}).get("/v1/evm/cap"), 403, "forbidden");
  expect_problem(as("association_admin", {"houmu"}).get("/v1/changes/" + id + "/evm"), 404,
                 "not-found");
}

// 2 person-months of 160 h: 256 h is 80 %, 320 h is 100 %. A 400 h package 10 % done for 40 h
// forecasts 400 h (CPI 1): both thresholds of the forecast at once; the process is killed just
// after the hours are recorded, and the pass after the restart records what the crash left out.
TEST_F(ChangesHttp, TheContractsCapThresholdsAreRecordedOnceAcrossAKill) {
  set_clock(kMonday);
  json fault{{"origin", "fault"},
             {"incident_id", kIncident},
             {"title", "大規模改修"},
             {"tenants", json::array({"all_centre"})}};
  const auto id = register_change(fault);
  command(id, "add_work_package",
          {{"name", "改修一式"},
           {"planned_hours", 400},
           {"planned_start", "2026-06-01"},
           {"planned_finish", "2026-07-31"}});
  command(id, "baseline", json::object());
  command(id, "record_progress", {{"package_id", "wp-1"}, {"percent", 10}});
  command(id, "record_actual", {{"package_id", "wp-1"}, {"hours", 20}, {"by", "山田"}});
  command(id, "record_actual", {{"package_id", "wp-1"}, {"hours", 20}, {"by", "鈴木"}});
  opsdesk_->kill_hard();

  start();
  set_clock("2026-06-01T18:00:00+09:00");  // a pass
  set_clock("2026-06-01T18:01:00+09:00");  // and another: nothing twice
  auto cap = desk().get("/v1/evm/cap");
  ASSERT_EQ(cap.status, 200) << cap.body;
  const auto c = cap.json();
  EXPECT_EQ(c["eac"]["hours"], 400);
  EXPECT_EQ(c["ac"]["hours"], 40);
  EXPECT_EQ(c["remaining"]["after_ac_person_months"], 1.75);
  ASSERT_EQ(c["thresholds_reached"].size(), 2u) << c;
  std::set<std::pair<int, std::string>> reached;
  for (const auto& r : c["thresholds_reached"])
    reached.insert({r["threshold_percent"].get<int>(), r["measure"].get<std::string>()});
  EXPECT_EQ(reached, (std::set<std::pair<int, std::string>>{{80, "eac"}, {100, "eac"}}));
}

// An improvement request escalated from an inquiry becomes exactly one change, linked both ways,
// even when the process is killed right after the classification and the escalation is carried
// out after the restart.
TEST_F(ChangesHttp, AnEscalatedImprovementBecomesOneChangeLinkedBothWaysAcrossAKill) {
  set_clock(kMonday);
  auto received = desk().post("/v1/inquiries",
                              {{"channel", "email"},
                               {"tenant", "houmu"},
                               {"requester", {{"name", "山田"}, {"role", "本部システム管理者"}}},
                               {"subject", "給付金一覧の並び順を変えたい"},
                               {"body", "給付金一覧を支給日順に並べ替えられるようにしてほしい。"}});
  ASSERT_EQ(received.status, 201) << received.body;
  const std::string inquiry_id = received.json()["id"];
  auto classified =
      desk().post("/v1/inquiries/" + inquiry_id + "/classify", {{"class", "improvement"},
                                                                {"escalate", true},
                                                                {"title", "給付金一覧の並び替え"},
                                                                {"by", "desk"}});
  ASSERT_EQ(classified.status, 200) << classified.body;
  opsdesk_->kill_hard();

  start();
  // The process manager carries the escalation out in the background: wait for the link.
  json inquiry;
  eventually(
      [&] {
        inquiry = desk().get("/v1/inquiries/" + inquiry_id).json();
        return !inquiry["change_id"].is_null();
      },
      std::chrono::seconds{30}, std::chrono::milliseconds{50});
  ASSERT_FALSE(inquiry["change_id"].is_null()) << inquiry;
  const std::string change_id = inquiry["change_id"];

  auto change = as("association_admin", {"houmu"}).get("/v1/changes/" + change_id);
  ASSERT_EQ(change.status, 200) << change.body;
  EXPECT_EQ(change.json()["origin"], "improvement");
  EXPECT_EQ(change.json()["inquiry_id"], inquiry_id);
  EXPECT_EQ(change.json()["title"], "給付金一覧の並び替え");
  EXPECT_EQ(change.json()["tenants"], json::array({"houmu"}));
  EXPECT_EQ(change.json()["counts_against_cap"], true);
  auto all = desk().get("/v1/changes?origin=improvement").json()["items"];
  EXPECT_EQ(all.size(), 1u) << all;
  auto history = desk().get("/v1/inquiries/" + inquiry_id + "/events").json()["events"];
  int links = 0;
  for (const auto& e : history) links += e["type"] == "opsdesk.inquiries.v1.ChangeLinked";
  EXPECT_EQ(links, 1) << history;
}

// Incidents name configuration items in free text; the ci-links read model links a text that is
// an item's code to the item (before or after the item exists), for the item's history and the
// board, within the caller's associations.
TEST_F(ChangesHttp, AnItemsHistoryShowsTheIncidentsThatNameIt) {
  set_clock(kMonday);
  json fault{{"occurred_at", "2026-06-01T08:30:00+09:00"},
             {"source", "monitoring"},
             {"severity", "major"},
             {"title", "標準共済システムサーバ応答なし"},
             {"affected_tenants", json::array({"soumu"})},
             {"configuration_items", json::array({"SRV-SOUMU", "業務AP"})}};
  auto early = desk().post("/v1/incidents", fault);
  ASSERT_EQ(early.status, 201) << early.body;
  const std::string early_id = early.json()["id"];
  ASSERT_EQ(desk().post("/v1/configuration-items/seed", json::object()).status, 200);
  fault["title"] = "共有ディスク障害";
  fault["affected_tenants"] = json::array({"houmu"});
  fault["configuration_items"] = json::array({"storage-shared"});
  auto later = desk().post("/v1/incidents", fault);
  ASSERT_EQ(later.status, 201) << later.body;
  const std::string later_id = later.json()["id"];

  // The read model follows the logs: wait until it has both.
  auto history = [&](const ApiClient& who, const std::string& item) {
    json answer;
    eventually(
        [&] {
          auto r = who.get("/v1/configuration-items/" + item + "/incidents");
          answer = r.json();
          return r.status == 200 && !answer["incidents"].empty();
        },
        std::chrono::seconds{20}, std::chrono::milliseconds{50});
    return answer;
  };
  auto soumu_server = history(desk(), "srv-soumu");
  ASSERT_EQ(soumu_server["incidents"].size(), 1u) << soumu_server;
  EXPECT_EQ(soumu_server["incidents"][0]["id"], early_id);
  EXPECT_EQ(soumu_server["incidents"][0]["matched_text"], "SRV-SOUMU");
  auto storage = history(desk(), "storage-shared");
  ASSERT_EQ(storage["incidents"].size(), 1u) << storage;
  EXPECT_EQ(storage["incidents"][0]["id"], later_id);

  // The board's question: which items do these incidents name?
  auto links = desk().get("/v1/configuration-links?incident=" + early_id + "," + later_id);
  ASSERT_EQ(links.status, 200) << links.body;
  ASSERT_EQ(links.json()["links"].size(), 2u);
  EXPECT_EQ(links.json()["links"][0]["configuration_items"][0]["code"], "srv-soumu");
  // soumu's administrator sees the shared disk, but not houmu's incident on it.
  auto soumu = as("association_admin", {"soumu"});
  auto shared = soumu.get("/v1/configuration-items/storage-shared/incidents");
  ASSERT_EQ(shared.status, 200) << shared.body;
  EXPECT_TRUE(shared.json()["incidents"].empty());
  expect_problem(soumu.get("/v1/configuration-items/srv-houmu/incidents"), 404, "not-found");
  expect_problem(desk().get("/v1/configuration-links?incident=nonsense"), 422, "validation-failed");
}

TEST_F(ChangesHttp, AChangeIsSeenByItsAssociationsOnly) {
  set_clock(kMonday);
  json other{
      {"origin", "other"}, {"title", "帳票レイアウト変更"}, {"tenants", json::array({"soumu"})}};
  const auto id = register_change(other);
  auto houmu = as("association_admin", {"houmu"});
  expect_problem(houmu.get("/v1/changes/" + id), 404, "not-found");
  auto listed = houmu.get("/v1/changes");
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(listed.json()["items"].empty());
  auto soumu = as("association_admin", {"soumu"}).get("/v1/changes?status=open");
  ASSERT_EQ(soumu.status, 200);
  ASSERT_EQ(soumu.json()["items"].size(), 1u);
  EXPECT_EQ(soumu.json()["items"][0]["counts_against_cap"], false);
  auto unknown = desk().post("/v1/changes/" + id + "/rename", json::object());
  expect_problem(unknown, 404, "not-found");
}

}  // namespace
}  // namespace opsdesk::testing
