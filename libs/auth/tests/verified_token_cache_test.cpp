// A verified token is remembered, but never beyond what verification itself would allow.

#include <gtest/gtest.h>

#include "libs/auth/jwt.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::auth {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "cache-test-secret-0123456789abcdef0123";
const core::Instant kNow = core::parse_rfc3339("2026-11-24T10:00:00+09:00").value();

TokenVerifier verifier() {
  return TokenVerifier::create(
             {.hs256_secret = kSecret, .leeway = 60s, .tenant_codes = tenants::all_codes()})
      .value();
}

TEST(VerifiedTokenCacheUse, ARememberedTokenStillExpires) {
  auto v = verifier();
  auto token = mint_hs256({"sato", {"maintainer"}, {"*"}, kNow, kNow + 1h}, kSecret);
  ASSERT_TRUE(v.verify(token, kNow).has_value());
  ASSERT_TRUE(v.verify(token, kNow + 30min).has_value());
  auto late = v.verify(token, kNow + 1h + 61s);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, errc::expired);
}

TEST(VerifiedTokenCacheUse, AnAlteredCopyOfARememberedTokenIsStillRefused) {
  auto v = verifier();
  auto token = mint_hs256({"sato", {"viewer"}, {"soumu"}, kNow, kNow + 1h}, kSecret);
  ASSERT_TRUE(v.verify(token, kNow).has_value());
  auto forged = token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  auto result = v.verify(forged, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, errc::bad_signature);
}

TEST(VerifiedTokenCacheUse, ARememberedTokenGivesTheSamePrincipal) {
  auto v = verifier();
  auto token =
      mint_hs256({"tanaka", {"association_admin"}, {"soumu", "houmu"}, kNow, kNow + 1h}, kSecret);
  auto first = v.verify(token, kNow).value();
  auto again = v.verify(token, kNow + 1min).value();
  EXPECT_EQ(again.subject, first.subject);
  EXPECT_EQ(again.roles, first.roles);
  EXPECT_EQ(again.tenants, first.tenants);
  EXPECT_EQ(again.all_tenants, first.all_tenants);
}

}  // namespace
}  // namespace opsdesk::auth
