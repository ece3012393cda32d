#include "libs/tenants/tenant_registry.hpp"

#include <gtest/gtest.h>

#include <set>

#include "libs/tenants/scope.hpp"

namespace opsdesk::tenants {
namespace {

TEST(TenantRegistry, ShipsTheNineteenAssociationsWithUniqueCodes) {
  std::set<std::string_view> codes;
  for (const auto& tenant : all_tenants()) codes.insert(tenant.code);
  EXPECT_EQ(all_tenants().size(), 19u);
  EXPECT_EQ(codes.size(), 19u);
}

TEST(TenantRegistry, OnlyTheDefenseAssociationRunsOutsideTheCentre) {
  auto in_centre = in_centre_codes();
  EXPECT_EQ(in_centre.size(), 18u);
  const Tenant* bouei = find_tenant("bouei");
  ASSERT_NE(bouei, nullptr);
  EXPECT_FALSE(bouei->in_centre);
  EXPECT_EQ(bouei->name_ja, "防衛省共済組合");
}

TEST(TenantRegistry, KnowsGoLiveMonths) {
  using namespace std::chrono;
  EXPECT_EQ(find_tenant("soumu")->go_live, year{2026} / August);
  EXPECT_EQ(find_tenant("shugiin")->go_live, year{2026} / September);
}

TEST(TenantRegistry, UnknownCodeIsNotFoundAndAllowedCodesAreListed) {
  EXPECT_EQ(find_tenant("nasa"), nullptr);
  EXPECT_EQ(find_tenant("all_centre"), nullptr);
  auto text = allowed_codes_text();
  EXPECT_NE(text.find("shugiin, sangiin"), std::string::npos);
  EXPECT_NE(text.find("rengoukai"), std::string::npos);
}

TEST(Scope, IsWrittenInJapaneseForTheWorkbooks) {
  EXPECT_EQ(scope_text_ja({"all_centre"}), "全センタ");
  EXPECT_EQ(scope_text_ja({"soumu", "houmu"}), "総務省共済組合、法務省共済組合");
}

}  // namespace
}  // namespace opsdesk::tenants
