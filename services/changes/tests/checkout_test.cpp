// An asset handed out (払い出し, 仕様書 4.(5)①) given the commands before it: a configuration
// item with the master's files or a document's version (its own hash is the master), returned
// once, and checked against the master: consistent when the hashes are equal, else each
// difference listed (changed, missing, added).

#include "services/changes/domain/checkout.hpp"

#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

const std::string kCheckoutId = "0190c3a4-0000-7000-8000-00000000f201";
const std::string kHashA = std::string(64, 'a');
const std::string kHashB = std::string(64, 'b');
const std::string kHashC = std::string(64, 'c');

CheckoutAsset programs() {
  return {kCiId, "sw-kyosai", "", "", "標準共済システム プログラム一式", {"soumu", "houmu"},
          false, true,        "", {}};
}
CheckoutAsset procedure_version() {
  return {"",        "",    "doc-1", "1.1", "サーバ再起動手順書",
          {"soumu"}, false, true,    "",    {{"restart.docx", kHashA}}};
}
CheckOutAsset check_out_programs() {
  CheckOutAsset c;
  c.checkout_id = kCheckoutId;
  c.asset_kind = "configuration_item";
  c.named = "sw-kyosai";
  c.asset = programs();
  c.recipient = "B社 山田";
  c.purpose = "年金計算の改修";
  c.due_back = date("2026-08-31");
  c.master = {{"bin/kyosai.exe", kHashA}, {"lib/calc.dll", kHashB}};
  c.by = "desk";
  c.at = kNow;
  return c;
}
CheckOutAsset check_out_document() {
  CheckOutAsset c;
  c.checkout_id = kCheckoutId;
  c.asset_kind = "document";
  c.named = "doc-1";
  c.document_version = "1.1";
  c.asset = procedure_version();
  c.recipient = "C社 鈴木";
  c.purpose = "手順の確認";
  c.by = "desk";
  c.at = kNow;
  return c;
}
CheckConsistency check(std::vector<AssetFile> found) {
  return {std::move(found), "", "desk", kNow};
}
CheckoutState given_checkout(const std::vector<CheckoutCommand>& commands) {
  return given<CheckoutState>(commands);
}

TEST(Checkout, AnItemGoesOutComesBackAndIsConsistent) {
  auto checkout = given_checkout({check_out_programs()});
  EXPECT_EQ(checkout.status(), "out");
  EXPECT_EQ(checkout.code, "sw-kyosai");
  EXPECT_EQ(checkout.tenants, (std::vector<std::string>{"soumu", "houmu"}));
  checkout = given_checkout({check_out_programs(), ReturnAsset{"受領", "desk", kNow},
                             check({{"lib/calc.dll", kHashB}, {"bin/kyosai.exe", kHashA}})});
  EXPECT_EQ(checkout.status(), "returned");
  EXPECT_EQ(checkout.consistency(), "consistent");
  EXPECT_TRUE(checkout.checks.back().differences.empty());
  EXPECT_EQ(refusal(checkout, ReturnAsset{"", "desk", kNow}), "asset-returned");
}

TEST(Checkout, DifferingHashesAreListed) {
  auto checkout = given_checkout(
      {check_out_programs(), check({{"bin/kyosai.exe", kHashC}, {"README.txt", kHashA}})});
  EXPECT_EQ(checkout.consistency(), "differs");
  EXPECT_EQ(checkout.checks.back().differences,
            (std::vector<AssetDifference>{{"bin/kyosai.exe", "changed", kHashA, kHashC},
                                          {"lib/calc.dll", "missing", kHashB, ""},
                                          {"README.txt", "added", "", kHashA}}));
  // A later check after the vendor's fix is recorded beside the first.
  checkout = given_checkout({check_out_programs(), check({{"bin/kyosai.exe", kHashC}}),
                             check({{"bin/kyosai.exe", kHashA}, {"lib/calc.dll", kHashB}})});
  EXPECT_EQ(checkout.checks.size(), 2U);
  EXPECT_EQ(checkout.consistency(), "consistent");
}

TEST(Checkout, ADocumentVersionIsCheckedAgainstItsOwnHash) {
  auto checkout = given_checkout({check_out_document()});
  EXPECT_EQ(checkout.master, (std::vector<AssetFile>{{"restart.docx", kHashA}}));
  checkout = given_checkout({check_out_document(), check({{"", kHashA}})});
  EXPECT_EQ(checkout.consistency(), "consistent") << "one file against a one-file master";
  checkout = given_checkout({check_out_document(), check({{"", kHashB}})});
  EXPECT_EQ(checkout.checks.back().differences,
            (std::vector<AssetDifference>{{"restart.docx", "changed", kHashA, kHashB}}));
  auto with_master = check_out_document();
  with_master.master = {{"x", kHashA}};
  EXPECT_EQ(refusal(CheckoutState{}, with_master),
            "master: a document's master is the version's own hash; give none");
}

TEST(Checkout, NamesTheAssetTheRecipientAndThePurpose) {
  auto unknown = check_out_programs();
  unknown.asset.reset();
  EXPECT_EQ(refusal(CheckoutState{}, unknown),
            "configuration_item: no configuration item has the id or code 'sw-kyosai'");
  auto retired = check_out_programs();
  retired.asset->retired = true;
  EXPECT_EQ(refusal(CheckoutState{}, retired),
            "configuration_item: '標準共済システム プログラム一式' was retired");
  auto bad = check_out_programs();
  bad.recipient = "";
  bad.purpose = " ";
  bad.due_back = date("2026-07-14");
  bad.master.push_back({"bin/kyosai.exe", "nothex"});
  EXPECT_EQ(refused_fields(CheckoutState{}, bad),
            (std::vector<std::string>{"master[2].name", "master[2].sha256", "recipient", "purpose",
                                      "due_back"}));
  auto no_version = check_out_document();
  no_version.document_version = "9.9";
  no_version.asset->has_version = false;
  no_version.asset->versions = "its versions: 1.0, 1.1";
  EXPECT_EQ(refusal(CheckoutState{}, no_version),
            "document_version: 'サーバ再起動手順書' has no version 9.9; its versions: 1.0, 1.1");
}

TEST(Checkout, AnItemWithoutMasterFilesCannotBeChecked) {
  auto bare = check_out_programs();
  bare.master.clear();
  auto checkout = given_checkout({bare});
  EXPECT_EQ(refusal(checkout, check({{"bin/kyosai.exe", kHashA}})), "no-master");
  EXPECT_EQ(refusal(checkout, check({})),
            "found: list the files found, each with its name and sha256");
}

}  // namespace
}  // namespace opsdesk::changes
