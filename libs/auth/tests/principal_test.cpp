#include "libs/auth/principal.hpp"

#include <gtest/gtest.h>

namespace opsdesk::auth {
namespace {

TEST(RoleNames, ParsesEveryRoleByItsWireName) {
  for (const Role role :
       {Role::maintainer, Role::association_admin, Role::viewer, Role::committee}) {
    EXPECT_EQ(parse_role(to_string(role)), role);
  }
  EXPECT_EQ(parse_role("root"), std::nullopt);
  EXPECT_EQ(parse_role("Maintainer"), std::nullopt) << "role names are exact";
  EXPECT_EQ(parse_role(""), std::nullopt);
}

TEST(RoleNames, AllowedRolesTextListsEveryRoleInOrder) {
  EXPECT_EQ(allowed_roles_text(), "maintainer, association_admin, viewer, committee");
}

TEST(PrincipalScope, CentreStaffSeeEveryTenant) {
  const Principal maintainer{
      .subject = "ops-1", .roles = {Role::maintainer}, .tenants = {"*"}, .all_tenants = true};
  EXPECT_TRUE(maintainer.can_see_tenant("soumu"));
  EXPECT_TRUE(maintainer.can_see_tenant("bouei"));
  EXPECT_TRUE(maintainer.can_see_any({"zaimu", "gaimu"}));
  EXPECT_TRUE(maintainer.can_see_any({})) << "centre-wide resources are for centre staff";
}

TEST(PrincipalScope, HandBuiltCentreStaffGetTheSameScopeAsVerifiedOnes) {
  const Principal centre{
      .subject = "ops-1", .roles = {Role::viewer}, .tenants = {"*"}, .all_tenants = false};
  EXPECT_TRUE(centre.can_see_tenant("soumu"));
}

TEST(PrincipalScope, AMaintainerOfOneTenantSeesOnlyThatTenant) {
  const Principal maintainer{.subject = "ops-2", .roles = {Role::maintainer}, .tenants = {"soumu"}};
  EXPECT_TRUE(maintainer.can_see_tenant("soumu"));
  EXPECT_FALSE(maintainer.can_see_tenant("houmu"));
  EXPECT_FALSE(maintainer.can_see_any({"houmu"}));
  EXPECT_TRUE(maintainer.can_see_any({"houmu", "soumu"}));
  EXPECT_FALSE(maintainer.can_see_any({})) << "centre-wide resources are for centre staff";
}

TEST(PrincipalScope, AssociationAdminSeesOnlyItsOwnTenant) {
  const Principal admin{
      .subject = "soumu-admin", .roles = {Role::association_admin}, .tenants = {"soumu"}};
  EXPECT_TRUE(admin.can_see_tenant("soumu"));
  EXPECT_FALSE(admin.can_see_tenant("zaimu"));
  EXPECT_FALSE(admin.can_see_tenant("*")) << "the marker is not a tenant";
  EXPECT_TRUE(admin.can_see_any({"zaimu", "soumu"}))
      << "an incident affecting several tenants, one of them its own";
  EXPECT_FALSE(admin.can_see_any({"zaimu", "gaimu"}));
  EXPECT_FALSE(admin.can_see_any({})) << "a centre-wide resource is not an association's";
}

TEST(PrincipalScope, StarViewerSeesEveryTenant) {
  const Principal viewer{
      .subject = "centre-viewer", .roles = {Role::viewer}, .tenants = {"*"}, .all_tenants = true};
  EXPECT_TRUE(viewer.can_see_tenant("shugiin"));
  EXPECT_TRUE(viewer.can_see_any({"rengoukai"}));
  EXPECT_TRUE(viewer.has_role(Role::viewer));
  EXPECT_FALSE(viewer.has_role(Role::maintainer));
}

}  // namespace
}  // namespace opsdesk::auth
