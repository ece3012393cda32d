// A configuration item's register, revisions and retirement, given/when/then.

#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

RegisterConfigurationItem server(std::string code = "srv-soumu",
                                 std::vector<std::string> tenants = {"soumu"},
                                 std::string location = "centre") {
  RegisterConfigurationItem c;
  c.ci_id = kCiId;
  c.kind = "system_server";
  c.code = std::move(code);
  c.name = "標準共済システムサーバ（総務省共済組合）";
  c.tenants = std::move(tenants);
  c.location = std::move(location);
  c.attributes = {{"os", "Windows Server 2022 Standard"}};
  c.by = "ops";
  c.at = kNow;
  return c;
}

ConfigurationItemState given_item(const std::vector<ConfigurationItemCommand>& commands) {
  return given<ConfigurationItemState>(commands);
}

TEST(ConfigurationItem, IsRegisteredWithItsCodeScopeAndAttributes) {
  auto item = given_item({server()});
  EXPECT_EQ(item.code, "srv-soumu");
  EXPECT_EQ(item.concerned(), std::vector<std::string>{"soumu"});
  EXPECT_EQ(item.attributes.at("os"), "Windows Server 2022 Standard");
  auto shared = server("storage-shared", {"all_centre"});
  shared.kind = "storage";
  EXPECT_EQ(given_item({shared}).concerned().size(), 18u);
}

TEST(ConfigurationItem, ACodeIsLowerCaseLettersDigitsAndDashes) {
  EXPECT_EQ(refusal(ConfigurationItemState{}, server("SRV_soumu")).substr(0, 5), "code:");
  EXPECT_EQ(refusal(ConfigurationItemState{}, server("-srv")).substr(0, 5), "code:");
  EXPECT_EQ(refusal(ConfigurationItemState{}, server("srv-soumu-2")), "accepted");
}

TEST(ConfigurationItem, DefensesEquipmentStandsAtItsOwnSite) {
  EXPECT_EQ(refusal(ConfigurationItemState{}, server("srv-bouei", {"bouei"})),
            "location: bouei's equipment stands at its own site (bouei_site), not in the centre");
  EXPECT_EQ(refusal(ConfigurationItemState{}, server("srv-x", {"soumu"}, "bouei_site")),
            "tenants: equipment at bouei_site is the Defense association's alone: [\"bouei\"]");
  EXPECT_EQ(refusal(ConfigurationItemState{}, server("srv-bouei", {"bouei"}, "bouei_site")),
            "accepted");
}

TEST(ConfigurationItem, KindsRelationsAndAttributesAreChecked) {
  auto c = server();
  c.kind = "printer";
  EXPECT_EQ(refusal(ConfigurationItemState{}, c).substr(0, 5), "kind:");
  c = server();
  c.relations = {{"runs_on", kCiId}};
  EXPECT_EQ(refusal(ConfigurationItemState{}, c),
            "relations[0].target: an item cannot relate to itself");
  c.relations = {{"powers", "0190c3a4-0000-7000-8000-00000000e002"}};
  EXPECT_EQ(refusal(ConfigurationItemState{}, c).substr(0, 18), "relations[0].kind:");
  c = server();
  c.attributes = {{"OS Name", "x"}};
  EXPECT_EQ(refusal(ConfigurationItemState{}, c).substr(0, 19), "attributes.OS Name:");
}

TEST(ConfigurationItem, ARevisionChangesWhatItNamesAndKeepsTheRest) {
  auto item = given_item({server()});
  ReviseConfigurationItem revise;
  revise.attributes = Attributes{{"os", "Windows Server 2025 Standard"}, {"serial", "ABC123"}};
  revise.reason = "OS更改";
  revise.by = "ops";
  revise.at = kNow;
  auto revised = given_item({server(), revise});
  EXPECT_EQ(revised.attributes.at("serial"), "ABC123");
  EXPECT_EQ(revised.name, item.name);
  EXPECT_EQ(revised.version, 2u);
  ReviseConfigurationItem nothing;
  nothing.name = item.name;
  nothing.reason = "同じ";
  nothing.by = "ops";
  nothing.at = kNow;
  EXPECT_EQ(refusal(item, nothing), "ci-unchanged");
}

TEST(ConfigurationItem, ARetiredItemChangesNoMore) {
  auto item = given_item({server(), RetireConfigurationItem{"機器更改", "ops", kNow}});
  EXPECT_EQ(item.retired_reason, "機器更改");
  EXPECT_EQ(refusal(item, RetireConfigurationItem{"again", "ops", kNow}), "ci-retired");
}

}  // namespace
}  // namespace opsdesk::changes
