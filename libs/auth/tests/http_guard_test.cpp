#include "libs/auth/http_guard.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::auth {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr std::string_view kSecret = "guard-test-secret";
const core::Instant kNow = core::parse_rfc3339("2026-11-22T01:00:00Z").value();

TokenVerifier verifier() {
  return TokenVerifier::create(
             {.hs256_secret = std::string(kSecret), .tenant_codes = tenants::all_codes()})
      .value();
}

http::Request request_with_authorization(std::string value) {
  http::Request request;
  request.method = "GET";
  request.path = "/incidents";
  request.headers.emplace("Authorization", std::move(value));
  return request;
}

std::string token(std::vector<std::string> roles, std::vector<std::string> tenants,
                  core::Instant expires_at) {
  return mint_hs256({.subject = "user-7",
                     .roles = std::move(roles),
                     .tenants = std::move(tenants),
                     .issued_at = expires_at - 1h,
                     .expires_at = expires_at},
                    kSecret);
}

TEST(Authenticate, ValidBearerTokenYieldsThePrincipal) {
  const auto principal =
      authenticate(request_with_authorization("Bearer " + token({"viewer"}, {"soumu"}, kNow + 1h)),
                   verifier(), kNow);
  ASSERT_TRUE(principal.has_value()) << principal.error().detail;
  EXPECT_EQ(principal->subject, "user-7");
  EXPECT_TRUE(principal->can_see_tenant("soumu"));
}

TEST(Authenticate, HeaderNameIsCaseInsensitive) {
  http::Request request;
  request.headers.emplace("authorization", "Bearer " + token({"viewer"}, {"soumu"}, kNow + 1h));
  EXPECT_TRUE(authenticate(request, verifier(), kNow).has_value());
}

TEST(Authenticate, MissingHeaderIsA401Problem) {
  const auto result = authenticate(http::Request{}, verifier(), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().status, 401);
  EXPECT_EQ(result.error().type, "urn:opsdesk:problem:unauthenticated");
  EXPECT_EQ(result.error().title, "Authentication required");
  EXPECT_THAT(result.error().detail, HasSubstr("expected 'Authorization: Bearer <token>'"));
}

TEST(Authenticate, ExpiredTokenIsA401ProblemThatSaysWhen) {
  const auto result =
      authenticate(request_with_authorization("Bearer " + token({"viewer"}, {"soumu"}, kNow - 1h)),
                   verifier(), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().status, 401);
  EXPECT_EQ(result.error().type, "urn:opsdesk:problem:unauthenticated");
  EXPECT_THAT(result.error().detail, HasSubstr("token expired at 2026-11-22T09:00:00+09:00"));
}

TEST(Authenticate, ForgedTokenIsA401ProblemThatDoesNotEchoTheToken) {
  const auto forged = mint_hs256(
      {.subject = "x", .roles = {"maintainer"}, .issued_at = kNow, .expires_at = kNow + 1h},
      "attacker-secret");
  const auto result =
      authenticate(request_with_authorization("Bearer " + forged), verifier(), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().status, 401);
  EXPECT_THAT(result.error().detail, ::testing::Not(HasSubstr(forged.substr(0, 20))));
  EXPECT_THAT(result.error().detail, ::testing::Not(HasSubstr(kSecret)));
}

TEST(RequireAnyRole, AllowedRolePasses) {
  const Principal maintainer{
      .subject = "ops", .roles = {Role::maintainer}, .tenants = {"*"}, .all_tenants = true};
  EXPECT_TRUE(require_any_role(maintainer, {Role::maintainer}).has_value());
  const Principal admin{
      .subject = "a", .roles = {Role::viewer, Role::association_admin}, .tenants = {"soumu"}};
  EXPECT_TRUE(require_any_role(admin, {Role::maintainer, Role::association_admin}).has_value());
}

TEST(RequireAnyRole, OtherRolesAreA403ProblemNamingHeldAndAllowedRoles) {
  const Principal viewer{.subject = "v", .roles = {Role::viewer}, .tenants = {"soumu"}};
  const auto result = require_any_role(viewer, {Role::association_admin, Role::maintainer});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().status, 403);
  EXPECT_EQ(result.error().type, "urn:opsdesk:problem:forbidden");
  EXPECT_EQ(result.error().detail,
            "caller has roles viewer; allowed roles: maintainer, association_admin");
}

TEST(RequireAnyRole, ProblemSerialisesAsProblemJson) {
  const Principal viewer{.subject = "v", .roles = {Role::viewer}, .tenants = {"soumu"}};
  const auto response = require_any_role(viewer, {Role::maintainer}).error().to_response("req-1");
  EXPECT_EQ(response.status, 403);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body.at("type"), "urn:opsdesk:problem:forbidden");
  EXPECT_EQ(body.at("status"), 403);
}

}  // namespace
}  // namespace opsdesk::auth
