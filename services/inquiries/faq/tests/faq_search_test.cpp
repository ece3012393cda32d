// FAQ search finds Japanese words inside sentences without spaces (Xapian's CJK n-grams) and
// English words in any form, and shows each viewer only what it may read.

#include "services/inquiries/faq/faq_search.hpp"

#include <gtest/gtest.h>

namespace opsdesk::inquiries::faq {
namespace {

FaqEntryState entry(std::string id, std::string question, std::string answer,
                    std::vector<std::string> tenants = {"*"}, bool is_public = true,
                    std::string category = "アカウント") {
  FaqEntryState s;
  s.id = std::move(id);
  s.version = 1;
  s.question = std::move(question);
  s.answer = std::move(answer);
  s.category = std::move(category);
  s.tenants = std::move(tenants);
  s.is_public = is_public;
  return s;
}

std::vector<std::string> ids(const std::expected<std::vector<FaqSearch::Hit>, std::string>& hits) {
  std::vector<std::string> out;
  if (!hits) return {"error: " + hits.error()};
  for (const auto& hit : *hits) out.push_back(hit.faq_id);
  return out;
}

class FaqSearchTest : public ::testing::Test {
 protected:
  FaqSearchTest() {
    search_.upsert(entry("password", "パスワードの再設定方法を教えてください",
                         "管理者メニューから再設定できます。"));
    search_.upsert(entry("printer", "帳票が印刷されない",
                         "Check the printer queue on the terminal.", {"*"}, true, "帳票"));
    search_.upsert(
        entry("soumu-only", "給付計算の締め日はいつですか", "毎月20日です。", {"soumu"}));
    search_.upsert(entry("internal", "パスワード保管庫の場所", "耐火金庫です。", {"*"}, false));
  }

  FaqSearch::Query as_association(std::string words, std::string tenant = "houmu") {
    FaqSearch::Query query;
    query.words = std::move(words);
    query.tenants = {std::move(tenant)};
    return query;
  }
  FaqSearch::Query as_desk(std::string words) {
    FaqSearch::Query query;
    query.words = std::move(words);
    query.include_internal = true;
    query.all_tenants = true;
    return query;
  }

  FaqSearch search_;
};

TEST_F(FaqSearchTest, AJapaneseWordIsFoundInsideASentenceWithoutSpaces) {
  EXPECT_EQ(ids(search_.search(as_association("パスワード"))),
            std::vector<std::string>{"password"});
  EXPECT_EQ(ids(search_.search(as_association("再設定"))), std::vector<std::string>{"password"});
  EXPECT_EQ(ids(search_.search(as_association("印刷"))), std::vector<std::string>{"printer"});
  EXPECT_TRUE(ids(search_.search(as_association("給与明細"))).empty());
}

TEST_F(FaqSearchTest, EnglishWordsAreFoundInAnyFormAndCase) {
  EXPECT_EQ(ids(search_.search(as_association("printers"))), std::vector<std::string>{"printer"});
  EXPECT_EQ(ids(search_.search(as_association("Printer"))), std::vector<std::string>{"printer"});
  EXPECT_EQ(ids(search_.search(as_association("印刷 queue"))), std::vector<std::string>{"printer"});
}

TEST_F(FaqSearchTest, EachViewerSeesWhatItMayRead) {
  EXPECT_TRUE(ids(search_.search(as_association("締め日", "houmu"))).empty());
  EXPECT_EQ(ids(search_.search(as_association("締め日", "soumu"))),
            std::vector<std::string>{"soumu-only"});
  // The desk's internal entries are the desk's.
  EXPECT_EQ(ids(search_.search(as_association("保管庫"))), std::vector<std::string>{});
  EXPECT_EQ(ids(search_.search(as_desk("保管庫"))), std::vector<std::string>{"internal"});
  auto by_category = as_desk("印刷");
  by_category.category = "アカウント";
  EXPECT_TRUE(ids(search_.search(by_category)).empty());
}

TEST_F(FaqSearchTest, ANewVersionReplacesTheEntryAndARetiredOneLeaves) {
  auto edited = entry("password", "ログインできません", "パスワードを再設定してください。");
  edited.version = 2;
  search_.upsert(edited);
  EXPECT_EQ(search_.size(), 4u);
  EXPECT_EQ(ids(search_.search(as_association("ログイン"))), std::vector<std::string>{"password"});
  EXPECT_TRUE(ids(search_.search(as_association("管理者メニュー"))).empty());
  auto older = entry("password", "古い質問", "古い回答");  // version 1, arriving late
  search_.upsert(older);
  EXPECT_TRUE(ids(search_.search(as_association("古い"))).empty()) << "an older state is ignored";
  edited.retired = true;
  edited.version = 3;
  search_.upsert(edited);
  EXPECT_EQ(search_.size(), 3u);
  EXPECT_TRUE(ids(search_.search(as_association("ログイン"))).empty());
}

}  // namespace
}  // namespace opsdesk::inquiries::faq
