// The FAQ over real HTTP (4.(2)④エ): an entry made from an answered inquiry, found by a
// Japanese word inside its question, versioned, published as numbered files whose exports and
// differences say what changed; associations read only public entries that apply to them.

#include <gtest/gtest.h>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

class Faq : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    opsdesk_ = new OpsdeskProcess(data_->path());
  }
  static void TearDownTestSuite() {
    delete opsdesk_;
    delete data_;
  }

  static ApiClient as(const std::string& role, const std::vector<std::string>& tenants = {"*"}) {
    return ApiClient(opsdesk_->host(), opsdesk_->port(),
                     token_for("user-" + role, {role}, tenants));
  }
  static ApiClient desk() { return as("maintainer"); }

  // An inquiry of `tenant`, classified and answered.
  static std::string answered_inquiry(const std::string& tenant = "soumu") {
    auto received = desk().post("/v1/inquiries", {{"channel", "phone"},
                                                  {"tenant", tenant},
                                                  {"requester", {{"name", "山田"}}},
                                                  {"subject", "パスワードを忘れた"},
                                                  {"body", "再設定の方法は？"}});
    EXPECT_EQ(received.status, 201) << received.body;
    const std::string id = received.json()["id"];
    EXPECT_EQ(desk()
                  .post("/v1/inquiries/" + id + "/classify", {{"class", "question"}, {"by", "d"}})
                  .status,
              200);
    EXPECT_EQ(desk()
                  .post("/v1/inquiries/" + id + "/answer",
                        {{"answer", "管理者メニューから再設定できます"}, {"by", "d"}})
                  .status,
              200);
    return id;
  }

  static json entry_body(const std::string& inquiry_id, json tenants = json::array({"*"}),
                         bool is_public = true) {
    return {{"inquiry_id", inquiry_id},
            {"question", "パスワードの再設定方法を教えてください"},
            {"answer", "管理者メニューの「パスワード再設定」から行えます。"},
            {"category", "アカウント"},
            {"tenants", std::move(tenants)},
            {"public", is_public}};
  }

  static std::vector<std::string> found(const ApiClient& who, const std::string& query) {
    auto answer = who.get("/v1/faq/search?" + query);
    EXPECT_EQ(answer.status, 200) << answer.body;
    std::vector<std::string> ids;
    const auto body = answer.json();
    for (const auto& item : body["items"]) ids.push_back(item["id"]);
    return ids;
  }

  static TempDir* data_;
  static OpsdeskProcess* opsdesk_;
};

TempDir* Faq::data_ = nullptr;
OpsdeskProcess* Faq::opsdesk_ = nullptr;

const std::string kPassword = "q=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89";  // パスワード

TEST_F(Faq, AnEntryFromAnAnsweredInquiryIsFoundByAJapaneseWordAndPublishedAsAFile) {
  // Only an answered inquiry makes an entry.
  auto unanswered = desk().post("/v1/inquiries", {{"channel", "web"},
                                                  {"tenant", "soumu"},
                                                  {"requester", {{"name", "x"}}},
                                                  {"subject", "s"},
                                                  {"body", "b"}});
  auto early = desk().post("/v1/faq", entry_body(unanswered.json()["id"]));
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.json()["type"], "urn:opsdesk:problem:inquiry-not-answered");

  auto created = desk().post("/v1/faq", entry_body(answered_inquiry()));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  EXPECT_EQ(created.header("location"), "/v1/faq/" + id);
  EXPECT_EQ(created.json()["version"], 1);

  // Found by a word inside the question, by any association.
  const auto houmu = as("association_admin", {"houmu"});
  EXPECT_EQ(found(houmu, kPassword), std::vector<std::string>{id});
  EXPECT_EQ(found(houmu, "q=%E5%86%8D%E8%A8%AD%E5%AE%9A"), std::vector<std::string>{id});  // 再設定

  auto first = desk().post("/v1/faq/publish", json::object());
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("location"), "/v1/faq/files/1");
  EXPECT_EQ(first.json()["entries"], 1);
  auto again = desk().post("/v1/faq/publish", json::object());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.json()["type"], "urn:opsdesk:problem:unchanged-since-last-file");

  // A new version, then the second file: the difference names it.
  auto edited = desk().post("/v1/faq/" + id + "/edit",
                            {{"answer", "管理者メニュー＞セキュリティ＞パスワード再設定 から。"},
                             {"reason", "メニュー名の変更"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["version"], 2);
  ASSERT_EQ(desk().post("/v1/faq/publish", json::object()).status, 201);
  auto diff = houmu.get("/v1/faq/files/1/diff/2");
  ASSERT_EQ(diff.status, 200) << diff.body;
  ASSERT_EQ(diff.json()["changed"].size(), 1u) << diff.body;
  EXPECT_EQ(diff.json()["changed"][0]["before"]["entry_version"], 1);
  EXPECT_EQ(diff.json()["changed"][0]["after"]["answer"],
            "管理者メニュー＞セキュリティ＞パスワード再設定 から。");
  EXPECT_TRUE(diff.json()["added"].empty());

  // The first file still says what it said then.
  auto file1 = houmu.get("/v1/faq/files/1");
  ASSERT_EQ(file1.status, 200) << file1.body;
  EXPECT_EQ(file1.json()["entries"][0]["answer"],
            "管理者メニューの「パスワード再設定」から行えます。");
  auto markdown = houmu.get("/v1/faq/files/2?format=md");
  ASSERT_EQ(markdown.status, 200);
  EXPECT_NE(markdown.body.find("# よくある質問（FAQ）第2版"), std::string::npos) << markdown.body;
  EXPECT_NE(markdown.body.find("### Q1. パスワードの再設定方法を教えてください"),
            std::string::npos);
  auto workbook = houmu.get("/v1/faq/files/2?format=xlsx");
  ASSERT_EQ(workbook.status, 200);
  EXPECT_EQ(workbook.body.substr(0, 2), "PK") << "an xlsx is a zip";
  EXPECT_EQ(houmu.get("/v1/faq/files").json()["items"].size(), 2u);
  EXPECT_EQ(houmu.get("/v1/faq/files/9").status, 404);
}

TEST_F(Faq, AssociationsReadOnlyPublicEntriesThatApplyToThem) {
  const auto inquiry = answered_inquiry("zaimu");
  auto internal = desk().post("/v1/faq", entry_body(inquiry, json::array({"zaimu"}), false));
  ASSERT_EQ(internal.status, 201) << internal.body;
  auto zaimu_only = desk().post("/v1/faq", entry_body(inquiry, json::array({"zaimu"}), true));
  ASSERT_EQ(zaimu_only.status, 201) << zaimu_only.body;
  const std::string internal_id = internal.json()["id"];
  const std::string zaimu_id = zaimu_only.json()["id"];

  const auto zaimu = as("association_admin", {"zaimu"});
  const auto gaimu = as("association_admin", {"gaimu"});
  EXPECT_EQ(zaimu.get("/v1/faq/" + zaimu_id).status, 200);
  EXPECT_EQ(gaimu.get("/v1/faq/" + zaimu_id).status, 404);
  EXPECT_EQ(zaimu.get("/v1/faq/" + internal_id).status, 404) << "the desk's own";
  EXPECT_EQ(desk().get("/v1/faq/" + internal_id).status, 200);
  auto zaimu_found = found(zaimu, kPassword);
  EXPECT_NE(std::ranges::find(zaimu_found, zaimu_id), zaimu_found.end());
  EXPECT_EQ(std::ranges::find(zaimu_found, internal_id), zaimu_found.end());
  auto gaimu_found = found(gaimu, kPassword);
  EXPECT_EQ(std::ranges::find(gaimu_found, zaimu_id), gaimu_found.end());
  auto desk_found = found(desk(), kPassword);
  EXPECT_NE(std::ranges::find(desk_found, internal_id), desk_found.end());

  // Retired, it leaves the search.
  ASSERT_EQ(desk().post("/v1/faq/" + zaimu_id + "/retire", {{"reason", "重複"}}).status, 200);
  zaimu_found = found(zaimu, kPassword);
  EXPECT_EQ(std::ranges::find(zaimu_found, zaimu_id), zaimu_found.end());
  EXPECT_EQ(zaimu.get("/v1/faq/" + zaimu_id).status, 404);

  // Writing is the desk's; an entry for every association needs a token for every one.
  EXPECT_EQ(zaimu.post("/v1/faq", entry_body(inquiry, json::array({"zaimu"}))).status, 403);
  EXPECT_EQ(as("maintainer", {"zaimu"}).post("/v1/faq", entry_body(inquiry)).status, 403);
  auto bad = desk().post("/v1/faq", {{"inquiry_id", "nope"},
                                     {"question", ""},
                                     {"answer", "a"},
                                     {"category", "c"},
                                     {"tenants", {"*", "soumu"}},
                                     {"public", "yes"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  std::vector<std::string> fields;
  const auto errors = bad.json()["errors"];
  for (const auto& e : errors) fields.push_back(e["field"]);
  EXPECT_EQ(fields, (std::vector<std::string>{"public"})) << bad.body;
  EXPECT_EQ(desk().get("/v1/faq/search?q=").status, 422);
}

TEST(FaqRestart, TheSearchIndexIsRebuiltFromTheEvents) {
  TempDir data;
  std::string id;
  const auto token = token_for("desk", {"maintainer"}, {"*"});
  {
    OpsdeskProcess opsdesk(data.path());
    ApiClient desk(opsdesk.host(), opsdesk.port(), token);
    auto received = desk.post("/v1/inquiries", {{"channel", "phone"},
                                                {"tenant", "soumu"},
                                                {"requester", {{"name", "x"}}},
                                                {"subject", "s"},
                                                {"body", "b"}});
    const std::string inquiry = received.json()["id"];
    desk.post("/v1/inquiries/" + inquiry + "/classify", {{"class", "question"}, {"by", "d"}});
    desk.post("/v1/inquiries/" + inquiry + "/answer", {{"answer", "a"}, {"by", "d"}});
    auto created = desk.post("/v1/faq", {{"inquiry_id", inquiry},
                                         {"question", "帳票の印刷が止まる"},
                                         {"answer", "プリンタを再起動してください"},
                                         {"category", "帳票"},
                                         {"tenants", {"*"}},
                                         {"public", true}});
    ASSERT_EQ(created.status, 201) << created.body;
    id = created.json()["id"];
    opsdesk.kill_hard();
  }
  OpsdeskProcess opsdesk(data.path());
  ApiClient reader(opsdesk.host(), opsdesk.port(), token_for("r", {"viewer"}, {"soumu"}));
  auto found = reader.get("/v1/faq/search?q=%E5%8D%B0%E5%88%B7");  // 印刷
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found.json()["items"].size(), 1u) << found.body;
  EXPECT_EQ(found.json()["items"][0]["id"], id);
}

}  // namespace
}  // namespace opsdesk::testing
