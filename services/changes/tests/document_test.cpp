// A controlled document (原本管理, 仕様書 4.(3)④イ⑤エ⑦ア) given the commands before it: versions
// known by their SHA-256 (given, or computed from the content at the edge), each approved once by
// the association side, the one in force being the newest approved; filed; retired.

#include "services/changes/domain/document.hpp"

#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

const std::string kDocumentId = "0190c3a4-0000-7000-8000-00000000f001";
const std::string kHashA = std::string(64, 'a');
const std::string kHashB = std::string(64, 'b');

RegisterDocument register_document(std::string kind = "procedure",
                                   std::vector<std::string> tenants = {"all_centre"}) {
  return {kDocumentId, "サーバ再起動手順書", std::move(kind), std::move(tenants), "", "desk", kNow};
}
AddDocumentVersion version(std::string name, std::string sha256 = kHashA,
                           std::uint64_t size = 1200) {
  AddDocumentVersion c;
  c.version = std::move(name);
  c.sha256 = std::move(sha256);
  c.size = size;
  c.file_name = "restart.docx";
  c.by = "desk";
  c.at = kNow;
  return c;
}
ApproveDocumentVersion approve_version(std::string name) {
  return {std::move(name), "総務省共済組合 佐藤", "", "desk", kNow};
}
DocumentState given_document(const std::vector<DocumentCommand>& commands) {
  return given<DocumentState>(commands);
}

TEST(Document, TwoApprovedVersionsTheNewestInForce) {
  auto document = given_document({register_document()});
  EXPECT_EQ(document.status(), "draft");
  EXPECT_EQ(document.approved(), nullptr);
  document = given_document({register_document(), version("1.0"), approve_version("1.0")});
  EXPECT_EQ(document.status(), "approved");
  EXPECT_EQ(document.approved()->version, "1.0");

  document = given_document(
      {register_document(), version("1.0"), approve_version("1.0"), version("1.1", kHashB, 1300)});
  EXPECT_EQ(document.status(), "in_review");
  EXPECT_EQ(document.approved()->version, "1.0") << "1.1 is not in force before its approval";

  document = given_document({register_document(), version("1.0"), approve_version("1.0"),
                             version("1.1", kHashB, 1300), approve_version("1.1")});
  EXPECT_EQ(document.status(), "approved");
  EXPECT_EQ(document.approved()->version, "1.1");
  EXPECT_EQ(document.approved()->sha256, kHashB);
  EXPECT_EQ(document.approved()->approval->approver, "総務省共済組合 佐藤");
  ASSERT_EQ(document.versions.size(), 2U);
  EXPECT_EQ(document.concerned().size(), 18U) << "all_centre is the centre's 18 associations";
}

TEST(Document, AVersionIsNeverReplacedNorApprovedTwice) {
  auto document = given_document({register_document(), version("1.0"), approve_version("1.0")});
  EXPECT_EQ(refusal(document, version("1.0", kHashB)), "document-version-exists");
  EXPECT_EQ(refusal(document, approve_version("1.0")), "version-already-approved");
  EXPECT_EQ(refusal(document, approve_version("2.0")),
            "version: document 'サーバ再起動手順書' has no version 2.0; its versions: 1.0");
}

TEST(Document, AVersionNamesItsHashAndSizeOrCarriesItsContent) {
  auto document = given_document({register_document()});
  AddDocumentVersion bare = version("1.0", "");
  bare.size.reset();
  EXPECT_EQ(refused_fields(document, bare), (std::vector<std::string>{"sha256", "size"}));
  EXPECT_EQ(refusal(document, version("1.0", "ABC")), "sha256: must be a SHA-256 as 64 hex digits");

  AddDocumentVersion carried = version("1.0", "");
  carried.size.reset();
  carried.content = "手順1: 停止";
  carried.content_sha256 = kHashB;
  document = given_document({register_document(), carried});
  EXPECT_EQ(document.versions.front().sha256, kHashB) << "the content's hash, computed at the edge";
  EXPECT_EQ(document.versions.front().size, std::string("手順1: 停止").size());
  EXPECT_TRUE(document.versions.front().has_content);

  carried.sha256 = kHashA;
  EXPECT_EQ(refusal(given_document({register_document()}), carried),
            "sha256: does not match the content's SHA-256 (" + kHashB + ")");
  carried.sha256 = "";
  carried.content = std::string(kMaxDocumentContentBytes + 1, 'x');
  EXPECT_EQ(refused_fields(given_document({register_document()}), carried),
            std::vector<std::string>{"content_base64"});
}

TEST(Document, FiledWithItsLocationLabelAndIndex) {
  auto document =
      given_document({register_document(),
                      FileDocument{"fireproof_safe", "原本-2026-014", "A-03 / 5", "desk", kNow}});
  ASSERT_TRUE(document.filing);
  EXPECT_EQ(document.filing->location, "fireproof_safe");
  EXPECT_EQ(document.filing->index, "A-03 / 5");
  EXPECT_EQ(refusal(document, FileDocument{"drawer", "x", "", "desk", kNow}),
            "location: 'drawer' is not a filing location; allowed: shelf, fireproof_safe, "
            "electronic (書架, 耐火金庫, 電子)");
}

TEST(Document, ARetiredDocumentTakesNoVersionNorApproval) {
  auto document = given_document(
      {register_document(), version("1.0"), RetireDocument{"手順を統合", "desk", kNow}});
  EXPECT_EQ(document.status(), "retired");
  EXPECT_EQ(refusal(document, version("1.1", kHashB)), "document-retired");
  EXPECT_EQ(refusal(document, approve_version("1.0")), "document-retired");
  EXPECT_EQ(refusal(document, RetireDocument{"again", "desk", kNow}), "document-retired");
}

TEST(Document, RegistrationNamesEveryBadField) {
  RegisterDocument bad = register_document("memo", {"nowhere"});
  bad.title = " ";
  EXPECT_EQ(refused_fields(DocumentState{}, bad),
            (std::vector<std::string>{"title", "kind", "tenants"}));
  EXPECT_EQ(refusal(given_document({register_document()}), register_document()),
            "document-already-exists");
  EXPECT_EQ(refusal(DocumentState{}, version("1.0")), "document-not-found");
}

}  // namespace
}  // namespace opsdesk::changes
