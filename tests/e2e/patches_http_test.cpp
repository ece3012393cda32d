// Security patches over real HTTP against the real process (docs/api/changes.yaml, /v1/patches):
// an emergency OS patch carried from registration to applied on the 18 system servers and the
// monitoring terminal, bouei's terminal refused with the contract's clause and nothing appended,
// the rollout matrix seen by an association for its own equipment only, and an emergency patch
// not rolled out in time recorded overdue exactly once across a SIGKILL.

#include <gtest/gtest.h>

#include "libs/reports/testing/xlsx_contents.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

// Monday 2026-06-01, 09:00 Tokyo; three business days later ends Thursday 06-04 at 18:00.
constexpr const char* kMonday = "2026-06-01T09:00:00+09:00";

class PatchesHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    start();
    set_clock(kMonday);
    auto seeded = desk().post("/v1/configuration-items/seed", json::object());
    ASSERT_EQ(seeded.status, 200) << seeded.body;
  }

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

  std::string register_patch(const std::string& product = "os") const {
    auto registered =
        desk().post("/v1/patches", {{"product", product},
                                    {"vendor_id", "KB5060842"},
                                    {"title", "2026年6月のセキュリティ更新プログラム"},
                                    {"published", "2026-05-29"},
                                    {"severity", "critical"}});
    EXPECT_EQ(registered.status, 201) << registered.body;
    EXPECT_EQ(registered.header("location"),
              "/v1/patches/" + registered.json().value("id", std::string()));
    return registered.json().value("id", "");
  }
  json command(const std::string& patch, const std::string& name, const json& body) const {
    auto done = desk().post("/v1/patches/" + patch + "/" + name, body);
    EXPECT_EQ(done.status, 200) << name << ": " << done.body;
    return done.json();
  }
  // Assessed, agreed as an emergency and verified: ready to roll out.
  void make_ready(const std::string& patch) const {
    command(patch, "assess", {{"impact", "標準共済システムへの影響なし"}});
    command(patch, "decide_urgency",
            {{"urgency", "emergency"},
             {"measure", "permanent"},
             {"plan", "全サーバへ夜間に適用"},
             {"agreed_with", "総務省共済組合 佐藤"}});
    command(patch, "record_verification", {{"result", "passed"}, {"environment", "検証環境"}});
  }
  json system_server_codes() const {
    json codes = json::array();
    const auto items =
        desk().get("/v1/configuration-items?kind=system_server&limit=100").json()["items"];
    for (const auto& item : items) codes.push_back(item["code"]);
    return codes;
  }
  static void expect_problem(const ApiResponse& r, int status, const std::string& type_name) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    EXPECT_EQ(r.json()["type"], "urn:opsdesk:problem:" + type_name) << r.body;
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
};

TEST_F(PatchesHttp, AnEmergencyOsPatchIsAppliedOnTheServersAndTheTerminalButNotBoueisTerminal) {
  auto bouei_terminal =
      desk().post("/v1/configuration-items", {{"kind", "monitoring_terminal"},
                                              {"code", "mon-terminal-bouei"},
                                              {"name", "運用監視端末（防衛省共済組合）"},
                                              {"tenants", json::array({"bouei"})},
                                              {"location", "bouei_site"}});
  ASSERT_EQ(bouei_terminal.status, 201) << bouei_terminal.body;
  const auto id = register_patch();
  make_ready(id);
  command(id, "attach_procedure", {{"document_id", "proc-kb5060842"}, {"document_version", "1.0"}});

  auto servers = system_server_codes();
  ASSERT_EQ(servers.size(), 18u);
  auto targets = servers;
  targets.push_back("mon-terminal");
  auto targeted = command(id, "target", {{"configuration_items", targets}});
  EXPECT_EQ(targeted["targets"].size(), 19u);
  EXPECT_EQ(targeted["counts"]["pending"], 19);
  EXPECT_EQ(targeted["apply_due_at"], "2026-06-04T18:00:00+09:00");

  const auto before = head_position();
  auto refused = desk().post("/v1/patches/" + id + "/target",
                             {{"configuration_items", json::array({"mon-terminal-bouei"})}});
  expect_problem(refused, 422, "validation-failed");
  EXPECT_EQ(refused.json()["errors"][0]["field"], "configuration_items[0]");
  EXPECT_EQ(refused.json()["errors"][0]["message"],
            "mon-terminal-bouei (monitoring terminal) is bouei's monitoring terminal, which the "
            "contract leaves out of OS patches (仕様書 4.(2)⑤オ ※)");
  expect_problem(desk().post("/v1/patches/" + id + "/apply", {{"targets", targets}}), 409,
                 "rollout-order");
  EXPECT_EQ(head_position(), before);

  command(id, "verify", {{"targets", targets}});
  command(id, "schedule", {{"targets", servers}, {"scheduled_for", "2026-06-02T20:00:00+09:00"}});
  command(id, "apply", {{"targets", servers}, {"note", "夜間に適用、再起動確認済"}});
  auto done = command(id, "apply", {{"target", "mon-terminal"}});
  EXPECT_EQ(done["status"], "rolled_out");
  EXPECT_EQ(done["counts"]["applied"], 19);

  auto matrix = desk().get("/v1/patches/" + id + "/matrix");
  ASSERT_EQ(matrix.status, 200) << matrix.body;
  ASSERT_EQ(matrix.json()["rows"].size(), 19u);
  const auto soumu = matrix.json()["rows"][0];
  EXPECT_EQ(soumu["state"], "applied");
  ASSERT_EQ(soumu["steps"].size(), 3u);
  EXPECT_EQ(soumu["steps"][1]["scheduled_for"], "2026-06-02T20:00:00+09:00");
  EXPECT_EQ(soumu["steps"][2]["note"], "夜間に適用、再起動確認済");
  auto open = desk().get("/v1/patches/matrix?state=open");
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_TRUE(open.json()["rows"].empty()) << open.body;
}

TEST_F(PatchesHttp, AnAssociationSeesTheMatrixRowsOfItsOwnEquipmentAndGivesNoCommands) {
  const auto id = register_patch("antivirus");
  make_ready(id);
  command(id, "target",
          {{"configuration_items", json::array({"srv-soumu", "srv-houmu", "mon-terminal"})}});
  command(id, "verify", {{"targets", json::array({"srv-soumu", "srv-houmu"})}});

  const auto soumu = as("association_admin", {"soumu"});
  auto rows = soumu.get("/v1/patches/" + id + "/matrix");
  ASSERT_EQ(rows.status, 200) << rows.body;
  std::vector<std::string> codes;
  const auto shown = rows.json()["rows"];
  for (const auto& row : shown) codes.push_back(row["code"]);
  EXPECT_EQ(codes, (std::vector<std::string>{"srv-soumu", "mon-terminal"}));
  auto pending = soumu.get("/v1/patches/matrix?state=pending");
  ASSERT_EQ(pending.status, 200) << pending.body;
  ASSERT_EQ(pending.json()["rows"].size(), 1u);
  EXPECT_EQ(pending.json()["rows"][0]["code"], "mon-terminal");
  EXPECT_EQ(pending.json()["rows"][0]["vendor_id"], "KB5060842");
  expect_problem(soumu.post("/v1/patches/" + id + "/apply", {{"target", "srv-soumu"}}), 403,
                 "forbidden");
  expect_problem(soumu.get("/v1/patches/matrix?tenant=houmu"), 422, "validation-failed");
  // The history names every association's equipment: the centre staff's only.
  expect_problem(soumu.get("/v1/patches/" + id + "/events"), 403, "forbidden");
}

TEST_F(PatchesHttp, BadFieldsAreNamedAndAppendNothing) {
  const auto before = head_position();
  auto bad = desk().post("/v1/patches", {{"product", "firmware"},
                                         {"vendor_id", "X"},
                                         {"title", "t"},
                                         {"published", "2026-06-30"},
                                         {"severity", "critical"}});
  expect_problem(bad, 422, "validation-failed");
  EXPECT_EQ(bad.json()["errors"].size(), 2u) << bad.body;  // product; published after today
  const auto id = register_patch();
  expect_problem(desk().post("/v1/patches/" + id + "/install", json::object()), 404, "not-found");
  auto unknown = desk().post("/v1/patches/" + id + "/target",
                             {{"configuration_items", json::array({"srv-nowhere"})}});
  expect_problem(unknown, 422, "validation-failed");
  EXPECT_EQ(unknown.json()["errors"][0]["message"],
            "no configuration item has the id or code 'srv-nowhere'");
  expect_problem(
      desk().post("/v1/patches/" + id + "/decide_urgency",
                  {{"urgency", "emergency"}, {"measure", "permanent"}, {"agreed_with", "佐藤"}}),
      409, "patch-not-assessed");
  EXPECT_EQ(head_position(), before + 1);  // the registration only
}

TEST_F(PatchesHttp, TheMonthlyReportListsEachAssociationsAppliedFailedAndPendingPatches) {
  const auto id = register_patch();
  make_ready(id);
  command(id, "target",
          {{"configuration_items", json::array({"srv-soumu", "srv-houmu", "mon-terminal"})}});
  command(id, "verify", {{"targets", json::array({"srv-soumu", "srv-houmu", "mon-terminal"})}});
  command(id, "apply", {{"target", "srv-soumu"}, {"note", "適用完了"}});
  command(id, "fail", {{"target", "srv-houmu"}, {"note", "再起動後にサービスが起動しない"}});

  auto report = desk().get("/v1/patches/report?month=2026-06&tenant=soumu");
  ASSERT_EQ(report.status, 200) << report.body;
  const auto soumu = report.json()["associations"][0];
  EXPECT_EQ(soumu["tenant"], "soumu");
  ASSERT_EQ(soumu["applied"].size(), 1u) << soumu;
  EXPECT_EQ(soumu["applied"][0]["code"], "srv-soumu");
  EXPECT_EQ(soumu["applied"][0]["note"], "適用完了");
  EXPECT_TRUE(soumu["failed"].empty());
  ASSERT_EQ(soumu["pending"].size(), 1u);
  EXPECT_EQ(soumu["pending"][0]["code"], "mon-terminal");
  EXPECT_EQ(soumu["pending"][0]["state"], "verified");

  const auto houmu = as("association_admin", {"houmu"}).get("/v1/patches/report?month=2026-06");
  ASSERT_EQ(houmu.status, 200) << houmu.body;
  ASSERT_EQ(houmu.json()["associations"].size(), 1u);
  EXPECT_EQ(houmu.json()["associations"][0]["counts"],
            json({{"applied", 0}, {"failed", 1}, {"pending", 2}}));
  auto earlier = desk().get("/v1/patches/report?month=2026-05&tenant=soumu");
  EXPECT_EQ(earlier.json()["associations"][0]["counts"],
            json({{"applied", 0}, {"failed", 0}, {"pending", 0}}));

  auto book = desk().get("/v1/patches/report?month=2026-06&tenant=soumu&format=xlsx");
  ASSERT_EQ(book.status, 200);
  const auto contents = reports::testing::read_xlsx(book.body);
  ASSERT_TRUE(contents.error.empty()) << contents.error;
  ASSERT_EQ(contents.sheet_names, (std::vector<std::string>{"soumu"}));
  const auto& rows = contents.rows.at("soumu");
  EXPECT_NE(rows.at(1).find("セキュリティパッチ適用状況 2026-06（"), std::string::npos)
      << rows.at(1);
  EXPECT_TRUE(rows.at(4).starts_with("区分\tパッチ\t件名\t製品\t重要度\t緊急度")) << rows.at(4);
  EXPECT_NE(rows.at(5).find("適用済\tKB5060842\t"), std::string::npos) << rows.at(5);
  EXPECT_NE(rows.at(6).find("未適用\tKB5060842\t"), std::string::npos) << rows.at(6);
  expect_problem(desk().get("/v1/patches/report?month=2026-13"), 422, "validation-failed");
}

// Decided an emergency on Monday 09:00 with three business days: due Thursday 18:00. Before
// then nothing; after, one record, which neither a SIGKILL nor later passes repeat.
TEST_F(PatchesHttp, AnOverdueEmergencyIsRecordedOnceAcrossAKill) {
  const auto id = register_patch();
  make_ready(id);
  command(id, "target", {{"configuration_items", json::array({"srv-soumu", "srv-houmu"})}});
  command(id, "verify", {{"targets", json::array({"srv-soumu", "srv-houmu"})}});
  command(id, "apply", {{"target", "srv-soumu"}});
  auto overdue_records = [&] {
    int count = 0;
    const auto events = desk().get("/v1/patches/" + id + "/events").json()["events"];
    for (const auto& e : events) count += e["type"] == "opsdesk.changes.v1.EmergencyPatchOverdue";
    return count;
  };
  set_clock("2026-06-04T17:59:00+09:00");
  EXPECT_EQ(overdue_records(), 0);
  set_clock("2026-06-04T18:00:00+09:00");
  EXPECT_EQ(overdue_records(), 1);
  opsdesk_->kill_hard();

  start();
  set_clock("2026-06-05T09:00:00+09:00");
  set_clock("2026-06-05T09:01:00+09:00");
  EXPECT_EQ(overdue_records(), 1);
  auto patch = desk().get("/v1/patches/" + id).json();
  EXPECT_EQ(patch["overdue"], true);
  EXPECT_EQ(patch["overdue_record"]["due_at"], "2026-06-04T18:00:00+09:00");
  EXPECT_EQ(patch["overdue_record"]["open_configuration_item_ids"].size(), 1u);
}

}  // namespace
}  // namespace opsdesk::testing
