// Controlled documents, meetings and check-outs over real HTTP against the real process
// (docs/api/changes.yaml, /v1/documents, /v1/meetings, /v1/checkouts): a procedure with two
// approved versions (one carried as bytes, one known by its hash) and its register exported as a
// workbook; a meeting on Friday 2026-11-20 owing its minutes by Wednesday 11-25 18:00 (Monday
// 11-23 is 勤労感謝の日) and recorded overdue exactly once across a SIGKILL; an asset checked out
// to a vendor and back with consistency checks against equal and differing hashes; each association
// seeing only what concerns it; bad fields named with nothing appended.

#include <gtest/gtest.h>

#include "libs/auth/base64url.hpp"
#include "libs/auth/digests.hpp"
#include "libs/reports/testing/xlsx_contents.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

// Friday 2026-11-20, 17:00 Tokyo: the meeting has just ended.
constexpr const char* kFridayEvening = "2026-11-20T17:00:00+09:00";
const std::string kProcedureV1 = "1. 業務を停止する\n2. サーバを再起動する\n";

class DocumentsHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    start();
    set_clock(kFridayEvening);
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

  std::string create(const std::string& path, const json& body) const {
    auto created = desk().post(path, body);
    EXPECT_EQ(created.status, 201) << path << ": " << created.body;
    const auto id = created.json().value("id", std::string());
    EXPECT_EQ(created.header("location"), path + "/" + id);
    return id;
  }
  json command(const std::string& path, const json& body, const ApiClient& who) const {
    auto done = who.post(path, body);
    EXPECT_EQ(done.status, 200) << path << ": " << done.body;
    return done.json();
  }
  json command(const std::string& path, const json& body) const {
    return command(path, body, desk());
  }

  std::string register_procedure() const {
    return create("/v1/documents", {{"title", "サーバ再起動手順書"},
                                    {"kind", "procedure"},
                                    {"tenants", json::array({"soumu"})}});
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
};

TEST_F(DocumentsHttp, AProcedureWithTwoApprovedVersionsAndItsRegister) {
  const auto id = register_procedure();
  const auto path = "/v1/documents/" + id;
  // Version 1.0 travels with its bytes; opsdesk computes its SHA-256.
  auto v1 = command(path + "/add_version", {{"version", "1.0"},
                                            {"content_base64", auth::base64_encode(kProcedureV1)},
                                            {"file_name", "再起動手順.txt"},
                                            {"media_type", "text/plain; charset=utf-8"}});
  EXPECT_EQ(v1["status"], "in_review");
  EXPECT_EQ(v1["versions"][0]["sha256"], auth::sha256_hex(kProcedureV1));
  EXPECT_EQ(v1["versions"][0]["size"], kProcedureV1.size());
  // The association side approves, with its own token.
  auto soumu_admin = as("association_admin", {"soumu"});
  command(path + "/approve", {{"version", "1.0"}, {"approver", "総務省共済組合 佐藤"}},
          soumu_admin);
  // Version 1.1's file stays outside: its hash and size name it.
  const std::string v11_hash(64, 'e');
  command(path + "/add_version", {{"version", "1.1"}, {"sha256", v11_hash}, {"size", 20480}});
  auto in_review = desk().get(path).json();
  EXPECT_EQ(in_review["approved_version"]["version"], "1.0") << "1.1 waits for its approval";
  command(path + "/approve", {{"version", "1.1"}, {"approver", "総務省共済組合 佐藤"}});
  command(path + "/file",
          {{"location", "fireproof_safe"}, {"label", "原本-2026-014"}, {"index", "A-03 / 5"}});

  auto document = desk().get(path).json();
  EXPECT_EQ(document["status"], "approved");
  EXPECT_EQ(document["approved_version"]["version"], "1.1");
  EXPECT_EQ(document["approved_version"]["sha256"], v11_hash);
  EXPECT_EQ(document["approved_version"]["approval"]["approver"], "総務省共済組合 佐藤");
  ASSERT_EQ(document["versions"].size(), 2u);
  EXPECT_EQ(document["versions"][0]["approval"]["by"], "user-association_admin");
  EXPECT_EQ(document["filing"]["location"], "fireproof_safe");

  // Version 1.0's bytes come back as they went in.
  const std::string content_url = document["versions"][0]["content_url"];
  auto bytes = desk().get(content_url);
  ASSERT_EQ(bytes.status, 200) << bytes.body;
  EXPECT_EQ(bytes.body, kProcedureV1);
  EXPECT_EQ(bytes.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(desk().get(path + "/versions/1.1/content").status, 404) << "kept outside";

  // A version is never replaced nor approved twice.
  auto again =
      desk().post(path + "/add_version", {{"version", "1.1"}, {"sha256", v11_hash}, {"size", 1}});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.json()["rule"], "document-version-exists");

  // The register, with its filing index, as JSON and as a workbook.
  auto listed = desk().get("/v1/documents?kind=procedure&q=" + std::string("再起動")).json();
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["filing"]["index"], "A-03 / 5");
  auto book = desk().get("/v1/documents?format=xlsx");
  ASSERT_EQ(book.status, 200) << book.body;
  const auto contents = reports::testing::read_xlsx(book.body);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.sheet_names, std::vector<std::string>{"原本管理台帳"});
  EXPECT_EQ(contents.rows.at("原本管理台帳").at(5),
            "サーバ再起動手順書\t手順書\t総務省共済組合\t承認済\t1.1\t総務省共済組合 "
            "佐藤\t2026-11-20\t1.1\t"
            "耐火金庫\t原本-2026-014\tA-03 / 5\t" +
                v11_hash + "\t2026-11-20");
}

TEST_F(DocumentsHttp, AMeetingsMinutesAreDueTwoBusinessDaysLaterAcrossTheHoliday) {
  auto meeting = desk().post("/v1/meetings", {{"date", "2026-11-20"},
                                              {"held_at", "センタ会議室"},
                                              {"kind", "monthly_report"},
                                              {"title", "11月 月次報告会"},
                                              {"attendees", json::array({"佐藤", "田中"})},
                                              {"tenants", json::array({"all_centre"})}});
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  EXPECT_EQ(meeting.json()["minutes_due_at"], "2026-11-25T18:00:00+09:00");
  EXPECT_EQ(meeting.json()["status"], "minutes_due");
  const std::string id = meeting.json()["id"];

  // Tuesday: the minutes are a version of a minutes document.
  set_clock("2026-11-24T15:00:00+09:00");
  const auto minutes = create("/v1/documents", {{"title", "11月 月次報告会 議事録"},
                                                {"kind", "minutes"},
                                                {"tenants", json::array({"all_centre"})}});
  command("/v1/documents/" + minutes + "/add_version",
          {{"version", "1.0"}, {"content_base64", auth::base64_encode("議事録本文")}});
  const auto procedure = register_procedure();
  auto not_minutes = desk().post("/v1/meetings/" + id + "/record_minutes",
                                 {{"document_id", procedure}, {"document_version", "1.0"}});
  EXPECT_EQ(not_minutes.status, 422) << not_minutes.body;
  auto recorded = command("/v1/meetings/" + id + "/record_minutes",
                          {{"document_id", minutes}, {"document_version", "1.0"}});
  EXPECT_EQ(recorded["status"], "minutes_submitted");
  EXPECT_EQ(recorded["minutes"]["late"], false);
  EXPECT_EQ(recorded["minutes"]["approval"], nullptr);
  command("/v1/documents/" + minutes + "/approve", {{"version", "1.0"}, {"approver", "佐藤"}});
  auto approved = desk().get("/v1/meetings/" + id).json();
  EXPECT_EQ(approved["minutes"]["approval"]["approver"], "佐藤");
  EXPECT_EQ(desk().get("/v1/documents/" + minutes).json()["minutes_of_meeting"], id);

  // After the due time nothing is recorded overdue for it.
  set_clock("2026-11-26T09:00:00+09:00");
  EXPECT_EQ(desk().get("/v1/meetings/" + id).json()["overdue_recorded_at"], nullptr);
}

// Due Wednesday 18:00: before it nothing; after it one record, which neither a SIGKILL nor later
// passes repeat.
TEST_F(DocumentsHttp, MinutesNotSubmittedAreRecordedOverdueOnceAcrossAKill) {
  const auto id = create("/v1/meetings", {{"date", "2026-11-20"},
                                          {"held_at", "web"},
                                          {"kind", "coordination"},
                                          {"title", "移行調整"},
                                          {"attendees", json::array({"佐藤"})},
                                          {"tenants", json::array({"soumu"})}});
  auto overdue_records = [&] {
    int count = 0;
    const auto events = desk().get("/v1/meetings/" + id + "/events").json()["events"];
    for (const auto& e : events) count += e["type"] == "opsdesk.changes.v1.MinutesOverdue";
    return count;
  };
  set_clock("2026-11-25T18:00:00+09:00");
  EXPECT_EQ(overdue_records(), 0) << "minutes at the due time itself are on time";
  set_clock("2026-11-25T18:01:00+09:00");
  EXPECT_EQ(overdue_records(), 1);
  opsdesk_->kill_hard();

  start();
  set_clock("2026-11-26T09:00:00+09:00");
  set_clock("2026-11-26T09:01:00+09:00");
  EXPECT_EQ(overdue_records(), 1);
  auto meeting = desk().get("/v1/meetings/" + id).json();
  EXPECT_EQ(meeting["status"], "minutes_overdue");
  EXPECT_EQ(meeting["overdue_recorded_at"], "2026-11-25T18:01:00+09:00");
  auto listed = desk().get("/v1/meetings?status=minutes_overdue").json();
  ASSERT_EQ(listed["items"].size(), 1u);
}

TEST_F(DocumentsHttp, AnAssetGoesToAVendorComesBackAndIsCheckedAgainstTheMaster) {
  const std::string a(64, 'a'), b(64, 'b'), c(64, 'c');
  auto item = desk().post("/v1/configuration-items", {{"kind", "software"},
                                                      {"code", "sw-kyosai"},
                                                      {"name", "標準共済システム プログラム一式"},
                                                      {"tenants", json::array({"all_centre"})},
                                                      {"location", "centre"}});
  ASSERT_EQ(item.status, 201) << item.body;
  const json master = json::array(
      {{{"name", "bin/kyosai.exe"}, {"sha256", a}}, {{"name", "lib/calc.dll"}, {"sha256", b}}});
  const auto id = create("/v1/checkouts", {{"configuration_item", "sw-kyosai"},
                                           {"recipient", "B社 山田"},
                                           {"purpose", "年金計算の改修"},
                                           {"due_back", "2026-12-18"},
                                           {"master", master}});
  const auto path = "/v1/checkouts/" + id;
  auto out = desk().get(path).json();
  EXPECT_EQ(out["status"], "out");
  EXPECT_EQ(out["asset"]["code"], "sw-kyosai");
  EXPECT_EQ(out["consistency"], "unchecked");
  EXPECT_EQ(desk().get("/v1/checkouts?status=out").json()["items"].size(), 1u);

  command(path + "/return", {{"note", "受領"}});
  // Differing hashes: each difference listed.
  auto differs = command(path + "/check_consistency",
                         {{"found", json::array({{{"name", "bin/kyosai.exe"}, {"sha256", c}},
                                                 {{"name", "README.txt"}, {"sha256", a}}})}});
  EXPECT_EQ(differs["consistency"], "differs");
  const auto& differences = differs["latest_check"]["differences"];
  ASSERT_EQ(differences.size(), 3u);
  EXPECT_EQ(differences[0], (json{{"name", "bin/kyosai.exe"},
                                  {"change", "changed"},
                                  {"master_sha256", a},
                                  {"found_sha256", c}}));
  EXPECT_EQ(differences[1]["change"], "missing");
  EXPECT_EQ(differences[2]["change"], "added");
  // The vendor's corrected delivery: equal hashes.
  auto consistent = command(path + "/check_consistency",
                            {{"found", json::array({{{"name", "lib/calc.dll"}, {"sha256", b}},
                                                    {{"name", "bin/kyosai.exe"}, {"sha256", a}}})},
                             {"note", "再納品"}});
  EXPECT_EQ(consistent["consistency"], "consistent");
  EXPECT_EQ(consistent["checks"].size(), 2u);
  EXPECT_EQ(
      desk().get("/v1/checkouts?status=returned&consistency=consistent").json()["items"].size(),
      1u);

  auto twice = desk().post(path + "/return", json::object());
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(twice.json()["rule"], "asset-returned");
}

TEST_F(DocumentsHttp, ADocumentVersionCheckedOutIsCheckedAgainstItsOwnHash) {
  const auto id = register_procedure();
  command("/v1/documents/" + id + "/add_version",
          {{"version", "1.0"},
           {"content_base64", auth::base64_encode(kProcedureV1)},
           {"file_name", "restart.txt"}});
  const auto checkout = create("/v1/checkouts", {{"document_id", id},
                                                 {"document_version", "1.0"},
                                                 {"recipient", "C社 鈴木"},
                                                 {"purpose", "手順の確認"}});
  auto out = desk().get("/v1/checkouts/" + checkout).json();
  EXPECT_EQ(out["asset_kind"], "document");
  EXPECT_EQ(out["master"],
            (json::array({{{"name", "restart.txt"}, {"sha256", auth::sha256_hex(kProcedureV1)}}})));
  auto checked =
      command("/v1/checkouts/" + checkout + "/check_consistency",
              {{"found", json::array({{{"sha256", auth::sha256_hex(kProcedureV1 + "追記")}}})}});
  EXPECT_EQ(checked["consistency"], "differs");
  EXPECT_EQ(checked["latest_check"]["differences"][0]["change"], "changed");
}

TEST_F(DocumentsHttp, EachAssociationSeesWhatConcernsItAndOnlyTheDeskCommands) {
  const auto soumu_document = register_procedure();
  auto houmu = as("viewer", {"houmu"});
  auto soumu = as("viewer", {"soumu"});
  EXPECT_EQ(houmu.get("/v1/documents/" + soumu_document).status, 404);
  EXPECT_EQ(houmu.get("/v1/documents").json()["items"].size(), 0u);
  EXPECT_EQ(soumu.get("/v1/documents").json()["items"].size(), 1u);
  auto houmu_admin = as("association_admin", {"houmu"});
  EXPECT_EQ(houmu_admin
                .post("/v1/documents/" + soumu_document + "/approve",
                      {{"version", "1.0"}, {"approver", "x"}})
                .status,
            404);
  auto soumu_admin = as("association_admin", {"soumu"});
  auto retire = soumu_admin.post("/v1/documents/" + soumu_document + "/retire", {{"reason", "x"}});
  EXPECT_EQ(retire.status, 403) << retire.body;
  EXPECT_EQ(soumu.post("/v1/meetings", json::object()).status, 403);
  EXPECT_EQ(houmu.get("/v1/documents?tenant=soumu").status, 422);
}

TEST_F(DocumentsHttp, BadFieldsAreNamedAndAppendNothing) {
  const auto before = head_position();
  auto bad =
      desk().post("/v1/documents", {{"title", " "}, {"kind", "memo"}, {"tenants", json::array()}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  std::vector<std::string> fields;
  const auto errors = bad.json()["errors"];
  for (const auto& e : errors) fields.push_back(e["field"]);
  EXPECT_EQ(fields, (std::vector<std::string>{"title", "kind", "tenants"}));

  auto meeting = desk().post("/v1/meetings", {{"date", "2026-11-21"},  // tomorrow
                                              {"held_at", "web"},
                                              {"kind", "party"},
                                              {"title", "x"},
                                              {"attendees", json::array({"a"})},
                                              {"tenants", json::array({"soumu"})}});
  ASSERT_EQ(meeting.status, 422) << meeting.body;
  EXPECT_EQ(meeting.json()["errors"][0]["field"], "date");
  EXPECT_EQ(meeting.json()["errors"][1]["field"], "kind");

  auto checkout =
      desk().post("/v1/checkouts",
                  {{"configuration_item", "no-such-item"}, {"recipient", "B社"}, {"purpose", "x"}});
  ASSERT_EQ(checkout.status, 422) << checkout.body;
  EXPECT_EQ(checkout.json()["errors"][0]["message"],
            "no configuration item has the id or code 'no-such-item'");
  auto garbage = desk().post(
      "/v1/documents", {{"title", "t"}, {"kind", "manual"}, {"tenants", json::array({"soumu"})}});
  ASSERT_EQ(garbage.status, 201);
  const auto after_one = head_position();
  EXPECT_EQ(after_one, before + 1);
  auto not_base64 =
      desk().post("/v1/documents/" + garbage.json()["id"].get<std::string>() + "/add_version",
                  {{"version", "1.0"}, {"content_base64", "not base64!"}});
  ASSERT_EQ(not_base64.status, 422) << not_base64.body;
  EXPECT_EQ(not_base64.json()["errors"][0]["field"], "content_base64");
  EXPECT_EQ(head_position(), after_one);
}

}  // namespace
}  // namespace opsdesk::testing
