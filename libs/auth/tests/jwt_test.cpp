#include "libs/auth/jwt.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/auth/base64url.hpp"
#include "libs/auth/tests/test_tokens.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::auth {
namespace {

using namespace std::chrono_literals;
using test_tokens::hs256_token;
using test_tokens::unix_seconds;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kSecret = "test-secret-of-at-least-32-bytes!!";

core::Instant at(std::string_view text) { return core::parse_rfc3339(text).value(); }

const core::Instant kNow = at("2026-11-22T01:00:00Z");

TokenVerifier hs256_verifier(std::chrono::seconds leeway = 60s) {
  auto verifier = TokenVerifier::create({.hs256_secret = std::string(kSecret),
                                         .leeway = leeway,
                                         .tenant_codes = tenants::all_codes()});
  EXPECT_TRUE(verifier.has_value()) << verifier.error();
  return std::move(*verifier);
}

TokenClaims claims(std::vector<std::string> roles = {"association_admin"},
                   std::vector<std::string> tenants = {"soumu"}) {
  return TokenClaims{.subject = "user-42",
                     .roles = std::move(roles),
                     .tenants = std::move(tenants),
                     .issued_at = kNow - 5min,
                     .expires_at = kNow + 1h};
}

// A payload with the given claims text after sub/roles/tenants, for claims mint_hs256 cannot make.
std::string payload_with(std::string_view extra) {
  return std::string(R"({"sub":"user-42","roles":["viewer"],"tenants":["soumu"])") +
         std::string(extra) + "}";
}

std::string exp_in(std::chrono::seconds from_now) {
  return R"(,"exp":)" + std::to_string(unix_seconds(kNow + from_now));
}

errc error_code(const std::expected<Principal, AuthError>& result) {
  EXPECT_FALSE(result.has_value()) << "expected an error, got principal " << result->subject;
  return result ? errc{} : result.error().code;
}

TEST(Hs256, MintedTokenVerifiesAndKeepsItsClaims) {
  const auto verifier = hs256_verifier();
  const auto token =
      mint_hs256(claims({"association_admin", "viewer"}, {"soumu", "zaimu"}), kSecret);

  const auto principal = verifier.verify(token, kNow);

  ASSERT_TRUE(principal.has_value()) << principal.error().message;
  EXPECT_EQ(principal->subject, "user-42");
  EXPECT_EQ(principal->roles, (std::set<Role>{Role::association_admin, Role::viewer}));
  EXPECT_EQ(principal->tenants, (std::vector<std::string>{"soumu", "zaimu"}));
  EXPECT_FALSE(principal->all_tenants);
}

TEST(Hs256, MintedTokenHasTheDocumentedHeaderAndClaims) {
  const auto token = mint_hs256(claims(), kSecret);
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  EXPECT_EQ(base64url_decode(token.substr(0, first_dot)), R"({"alg":"HS256","typ":"JWT"})");
  EXPECT_EQ(base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1)),
            R"({"sub":"user-42","roles":["association_admin"],"tenants":["soumu"],"iat":)" +
                std::to_string(unix_seconds(kNow - 5min)) + R"(,"exp":)" +
                std::to_string(unix_seconds(kNow + 1h)) + "}");
}

TEST(Hs256, TokenFromAnotherIssuerWithTheSameSecretVerifies) {
  const auto principal =
      hs256_verifier().verify(hs256_token(payload_with(exp_in(1h)), kSecret), kNow);
  ASSERT_TRUE(principal.has_value()) << principal.error().message;
  EXPECT_EQ(principal->roles, std::set<Role>{Role::viewer});
}

TEST(Hs256, OnlyStarTenantsSpanAllTenantsAndEveryRoleNeedsATenantsClaim) {
  const auto verifier = hs256_verifier();
  const auto star = verifier.verify(mint_hs256(claims({"viewer"}, {"*"}), kSecret), kNow);
  ASSERT_TRUE(star.has_value()) << star.error().message;
  EXPECT_TRUE(star->all_tenants);
  EXPECT_TRUE(star->can_see_tenant("bouei"));

  // A maintainer is limited by its tenants like anyone; without a tenants claim it is refused.
  const auto soumu_maintainer =
      verifier.verify(mint_hs256(claims({"maintainer"}, {"soumu"}), kSecret), kNow);
  ASSERT_TRUE(soumu_maintainer.has_value()) << soumu_maintainer.error().message;
  EXPECT_FALSE(soumu_maintainer->all_tenants);
  EXPECT_FALSE(soumu_maintainer->can_see_tenant("houmu"));
  const auto without = verifier.verify(mint_hs256(claims({"maintainer"}, {}), kSecret), kNow);
  ASSERT_FALSE(without.has_value());
  EXPECT_EQ(without.error().code, errc::bad_claims);
  EXPECT_THAT(without.error().message, HasSubstr("tenants claim is missing or empty"));
}

TEST(TokenTime, ExpiredTokenIsRejectedWithItsExpiryTime) {
  auto expired = claims();
  expired.issued_at = at("2026-11-21T23:00:00Z");
  expired.expires_at = at("2026-11-22T00:00:00Z");
  const auto result = hs256_verifier().verify(mint_hs256(expired, kSecret), kNow);
  EXPECT_EQ(error_code(result), errc::expired);
  EXPECT_THAT(result.error().message, HasSubstr("token expired at 2026-11-22T09:00:00+09:00"));
}

TEST(TokenTime, TokenIsRejectedBeforeItsNotBefore) {
  const auto token = hs256_token(
      payload_with(exp_in(2h) + R"(,"nbf":)" + std::to_string(unix_seconds(kNow + 1h))), kSecret);
  const auto result = hs256_verifier().verify(token, kNow);
  EXPECT_EQ(error_code(result), errc::not_yet_valid);
  EXPECT_THAT(result.error().message, HasSubstr("not valid before 2026-11-22T11:00:00+09:00"));
}

TEST(TokenTime, LeewayAcceptsSmallClockSkewOnExpAndNbf) {
  const auto verifier = hs256_verifier(60s);
  EXPECT_TRUE(verifier.verify(hs256_token(payload_with(exp_in(-59s)), kSecret), kNow).has_value());
  EXPECT_EQ(error_code(verifier.verify(hs256_token(payload_with(exp_in(-60s)), kSecret), kNow)),
            errc::expired);
  EXPECT_EQ(error_code(verifier.verify(hs256_token(payload_with(exp_in(-61s)), kSecret), kNow)),
            errc::expired);

  const auto nbf_in = [](std::chrono::seconds s) {
    return R"(,"nbf":)" + std::to_string(unix_seconds(kNow + s));
  };
  EXPECT_TRUE(verifier.verify(hs256_token(payload_with(exp_in(1h) + nbf_in(60s)), kSecret), kNow)
                  .has_value());
  EXPECT_EQ(error_code(verifier.verify(hs256_token(payload_with(exp_in(1h) + nbf_in(61s)), kSecret),
                                       kNow)),
            errc::not_yet_valid);
}

TEST(TokenTime, ZeroLeewayIsExact) {
  const auto verifier = hs256_verifier(0s);
  EXPECT_TRUE(verifier.verify(hs256_token(payload_with(exp_in(1s)), kSecret), kNow).has_value());
  EXPECT_EQ(error_code(verifier.verify(hs256_token(payload_with(exp_in(0s)), kSecret), kNow)),
            errc::expired);
}

TEST(TokenTime, FractionalNumericDatesAreAccepted) {
  const auto exp = R"(,"exp":)" + std::to_string(unix_seconds(kNow + 1h)) + ".5";
  EXPECT_TRUE(hs256_verifier().verify(hs256_token(payload_with(exp), kSecret), kNow).has_value());
}

TEST(TokenTime, MissingOrNonNumericExpIsABadClaim) {
  const auto verifier = hs256_verifier();
  const auto missing = verifier.verify(hs256_token(payload_with(""), kSecret), kNow);
  EXPECT_EQ(error_code(missing), errc::bad_claims);
  EXPECT_THAT(missing.error().message, HasSubstr("exp claim is required"));
  EXPECT_EQ(
      error_code(verifier.verify(hs256_token(payload_with(R"(,"exp":"tomorrow")"), kSecret), kNow)),
      errc::bad_claims);
  EXPECT_EQ(error_code(verifier.verify(hs256_token(payload_with(R"(,"exp":true)"), kSecret), kNow)),
            errc::bad_claims);
  EXPECT_EQ(
      error_code(verifier.verify(hs256_token(payload_with(R"(,"exp":1e300)"), kSecret), kNow)),
      errc::bad_claims);
  EXPECT_EQ(error_code(verifier.verify(
                hs256_token(payload_with(exp_in(1h) + R"(,"iat":"now")"), kSecret), kNow)),
            errc::bad_claims);
}

TEST(TokenSignature, ChangedPayloadIsABadSignature) {
  const auto token = mint_hs256(claims({"viewer"}, {"soumu"}), kSecret);
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  // Escalate to maintainer and keep the original signature.
  const auto forged_payload =
      base64url_encode(R"({"sub":"user-42","roles":["maintainer"],"tenants":["*"],"exp":)" +
                       std::to_string(unix_seconds(kNow + 1h)) + "}");
  const auto forged = token.substr(0, first_dot) + "." + forged_payload + token.substr(second_dot);

  const auto result = hs256_verifier().verify(forged, kNow);
  EXPECT_EQ(error_code(result), errc::bad_signature);
}

TEST(TokenSignature, TokenSignedWithAnotherSecretIsABadSignature) {
  const auto result = hs256_verifier().verify(mint_hs256(claims(), "another-secret"), kNow);
  EXPECT_EQ(error_code(result), errc::bad_signature);
  EXPECT_THAT(result.error().message, Not(HasSubstr(kSecret)));
}

TEST(TokenSignature, TruncatedSignatureIsABadSignature) {
  const auto token = mint_hs256(claims(), kSecret);
  const auto second_dot = token.rfind('.');
  auto signature = base64url_decode(token.substr(second_dot + 1)).value();
  signature.pop_back();
  const auto truncated = token.substr(0, second_dot + 1) + base64url_encode(signature);
  EXPECT_EQ(error_code(hs256_verifier().verify(truncated, kNow)), errc::bad_signature);
}

TEST(TokenAlgorithm, AlgNoneIsRefused) {
  const auto input =
      test_tokens::signing_input(R"({"alg":"none","typ":"JWT"})", payload_with(exp_in(1h)));
  const auto verifier = hs256_verifier();
  for (const auto& token :
       {input + ".", input + "." + base64url_encode(test_tokens::hs256_sign(input, kSecret))}) {
    const auto result = verifier.verify(token, kNow);
    EXPECT_EQ(error_code(result), errc::unsupported_algorithm);
    EXPECT_THAT(result.error().message, AllOf(HasSubstr("'none'"), HasSubstr("accepted: HS256")));
  }
}

TEST(TokenAlgorithm, OtherAlgorithmsAreRefused) {
  const auto verifier = hs256_verifier();
  for (const char* header : {R"({"alg":"HS512"})", R"({"alg":"RS256"})", R"({"alg":"hs256"})"}) {
    EXPECT_EQ(
        error_code(verifier.verify(hs256_token(header, payload_with(exp_in(1h)), kSecret), kNow)),
        errc::unsupported_algorithm)
        << header;
  }
}

TEST(TokenAlgorithm, CriticalHeaderExtensionsAreRefused) {
  const auto token =
      hs256_token(R"({"alg":"HS256","crit":["exp"],"exp":1})", payload_with(exp_in(1h)), kSecret);
  EXPECT_EQ(error_code(hs256_verifier().verify(token, kNow)), errc::malformed_token);
}

TEST(MalformedToken, TwoOrFourPartsAreMalformed) {
  const auto verifier = hs256_verifier();
  const auto token = mint_hs256(claims(), kSecret);
  const auto two_parts = token.substr(0, token.rfind('.'));
  const auto result = verifier.verify(two_parts, kNow);
  EXPECT_EQ(error_code(result), errc::malformed_token);
  EXPECT_THAT(result.error().message, HasSubstr("this one has 2"));
  EXPECT_EQ(error_code(verifier.verify(token + ".x", kNow)), errc::malformed_token);
  EXPECT_EQ(error_code(verifier.verify("no-dots-at-all", kNow)), errc::malformed_token);
}

TEST(MalformedToken, BadBase64IsMalformed) {
  const auto verifier = hs256_verifier();
  const auto token = mint_hs256(claims(), kSecret);
  EXPECT_EQ(error_code(verifier.verify("e*J." + token.substr(token.find('.') + 1), kNow)),
            errc::malformed_token);
  EXPECT_EQ(error_code(verifier.verify(token + "=", kNow)), errc::malformed_token)
      << "padded signature";
  auto bad_payload = token;
  bad_payload.insert(token.find('.') + 1, "!");
  EXPECT_EQ(error_code(verifier.verify(bad_payload, kNow)), errc::bad_signature)
      << "the payload is covered by the signature, which is checked first";
}

TEST(MalformedToken, NonJsonHeaderOrPayloadIsMalformed) {
  const auto verifier = hs256_verifier();
  EXPECT_EQ(
      error_code(verifier.verify(hs256_token("not json", payload_with(exp_in(1h)), kSecret), kNow)),
      errc::malformed_token);
  EXPECT_EQ(error_code(verifier.verify(
                hs256_token(R"(["alg","HS256"])", payload_with(exp_in(1h)), kSecret), kNow)),
            errc::malformed_token);
  EXPECT_EQ(error_code(verifier.verify(
                hs256_token(R"({"typ":"JWT"})", payload_with(exp_in(1h)), kSecret), kNow)),
            errc::malformed_token)
      << "no alg";
  const auto result = verifier.verify(hs256_token("{not json", kSecret), kNow);
  EXPECT_EQ(error_code(result), errc::malformed_token);
  EXPECT_THAT(result.error().message, HasSubstr("payload"));
  EXPECT_EQ(error_code(verifier.verify(hs256_token("42", kSecret), kNow)), errc::malformed_token);
}

TEST(MalformedToken, OversizedTokenIsRefusedBeforeAnyWork) {
  const std::string huge(20'000, 'a');
  EXPECT_EQ(error_code(hs256_verifier().verify(huge + "." + huge + "." + huge, kNow)),
            errc::malformed_token);
}

TEST(MalformedToken, EmptyTokenIsMissing) {
  EXPECT_EQ(error_code(hs256_verifier().verify("", kNow)), errc::missing_token);
}

TEST(TokenClaimChecks, UnknownRoleIsABadClaimThatListsTheAllowedRoles) {
  const auto result =
      hs256_verifier().verify(mint_hs256(claims({"viewer", "root"}), kSecret), kNow);
  EXPECT_EQ(error_code(result), errc::bad_claims);
  EXPECT_EQ(result.error().message,
            "unknown role 'root'; allowed: maintainer, association_admin, viewer, committee");
}

TEST(TokenClaimChecks, UnknownTenantIsABadClaimThatListsTheAllowedCodes) {
  const auto result =
      hs256_verifier().verify(mint_hs256(claims({"viewer"}, {"soumu", "nasa"}), kSecret), kNow);
  EXPECT_EQ(error_code(result), errc::bad_claims);
  EXPECT_THAT(result.error().message,
              AllOf(HasSubstr("unknown tenant code 'nasa' in tenants claim; allowed: shugiin, "),
                    HasSubstr("rengoukai, or \"*\"")));
}

TEST(TokenClaimChecks, AllCentreIsNotATenantCodeInATokenClaim) {
  EXPECT_EQ(error_code(hs256_verifier().verify(
                mint_hs256(claims({"viewer"}, {"all_centre"}), kSecret), kNow)),
            errc::bad_claims);
}

TEST(TokenClaimChecks, MissingOrEmptySubjectIsABadClaim) {
  const auto verifier = hs256_verifier();
  const auto missing = verifier.verify(
      hs256_token(R"({"roles":["viewer"],"tenants":["soumu"])" + exp_in(1h) + "}", kSecret), kNow);
  EXPECT_EQ(error_code(missing), errc::bad_claims);
  EXPECT_THAT(missing.error().message, HasSubstr("sub"));

  auto empty = claims();
  empty.subject = "";
  EXPECT_EQ(error_code(verifier.verify(mint_hs256(empty, kSecret), kNow)), errc::bad_claims);
  const auto numeric = hs256_token(
      R"({"sub":42,"roles":["viewer"],"tenants":["soumu"])" + exp_in(1h) + "}", kSecret);
  EXPECT_EQ(error_code(verifier.verify(numeric, kNow)), errc::bad_claims);
}

TEST(TokenClaimChecks, RolesMustBeANonEmptyArrayOfStrings) {
  const auto verifier = hs256_verifier();
  const auto with_roles = [&](std::string_view roles) {
    return verifier.verify(hs256_token(R"({"sub":"u","roles":)" + std::string(roles) +
                                           R"(,"tenants":["soumu"])" + exp_in(1h) + "}",
                                       kSecret),
                           kNow);
  };
  EXPECT_EQ(error_code(with_roles("[]")), errc::bad_claims);
  EXPECT_EQ(error_code(with_roles(R"("viewer")")), errc::bad_claims);
  EXPECT_EQ(error_code(with_roles(R"(["viewer",7])")), errc::bad_claims);
  EXPECT_TRUE(with_roles(R"(["viewer","viewer"])").has_value()) << "a repeated role is harmless";
}

TEST(TokenClaimChecks, AClaimGivenTwiceMakesTheTokenUnreadable) {
  // Which "tenants" would count is exactly what a forger would like to choose.
  const auto twice = hs256_token(R"({"sub":"u","roles":["viewer"],"tenants":["soumu"],)"
                                 R"("tenants":["*"])" +
                                     exp_in(1h) + "}",
                                 kSecret);
  const auto result = hs256_verifier().verify(twice, kNow);
  EXPECT_EQ(error_code(result), errc::malformed_token);
}

TEST(TokenClaimChecks, EveryRoleNeedsTenants) {
  const auto verifier = hs256_verifier();
  const auto result = verifier.verify(mint_hs256(claims({"association_admin"}, {}), kSecret), kNow);
  EXPECT_EQ(error_code(result), errc::bad_claims);
  EXPECT_THAT(result.error().message, HasSubstr("every role needs one"));

  const auto absent =
      hs256_token(R"({"sub":"ops","roles":["maintainer"])" + exp_in(1h) + "}", kSecret);
  EXPECT_EQ(error_code(verifier.verify(absent, kNow)), errc::bad_claims);
  const auto not_array = hs256_token(
      R"({"sub":"ops","roles":["maintainer"],"tenants":"*")" + exp_in(1h) + "}", kSecret);
  EXPECT_EQ(error_code(verifier.verify(not_array, kNow)), errc::bad_claims);
}

TEST(TokenClaimChecks, LongValuesAreCutInMessages) {
  const std::string long_role(500, 'r');
  const auto result = hs256_verifier().verify(mint_hs256(claims({long_role}), kSecret), kNow);
  EXPECT_EQ(error_code(result), errc::bad_claims);
  EXPECT_LT(result.error().message.size(), 200u);
}

TEST(AuthorizationHeader, BearerSchemeIsCaseInsensitiveAndToleratesExtraSpaces) {
  const auto verifier = hs256_verifier();
  const auto token = mint_hs256(claims(), kSecret);
  for (const auto& header : {"Bearer " + token, "bearer " + token, "BEARER   " + token,
                             "Bearer\t" + token, "  Bearer " + token + "  "}) {
    const auto principal = verifier.verify_authorization_header(header, kNow);
    EXPECT_TRUE(principal.has_value()) << header.substr(0, 10) << ": " << principal.error().message;
  }
}

TEST(AuthorizationHeader, AnythingButABearerTokenIsAMissingToken) {
  const auto verifier = hs256_verifier();
  const auto token = mint_hs256(claims(), kSecret);
  for (const auto& header :
       {std::string(), std::string("   "), std::string("Bearer"), std::string("Bearer   "),
        std::string("Basic dXNlcjpwYXNz"), token, "Bearer_" + token, "Token " + token}) {
    const auto result = verifier.verify_authorization_header(header, kNow);
    EXPECT_EQ(error_code(result), errc::missing_token) << header;
    EXPECT_THAT(result.error().message, HasSubstr("expected 'Authorization: Bearer <token>'"));
    EXPECT_THAT(result.error().message, Not(HasSubstr(token.substr(0, 20))))
        << "never echo the token";
  }
  EXPECT_THAT(verifier.verify_authorization_header("Basic dXNlcjpwYXNz", kNow).error().message,
              HasSubstr("'Basic'"));
}

TEST(AuthorizationHeader, ABearerTokenIsVerifiedAsAToken) {
  const auto verifier = hs256_verifier();
  EXPECT_EQ(error_code(verifier.verify_authorization_header("Bearer a.b", kNow)),
            errc::malformed_token);
  EXPECT_EQ(error_code(verifier.verify_authorization_header(
                "Bearer " + mint_hs256(claims(), "other"), kNow)),
            errc::bad_signature);
}

TEST(TokenVerifierCreate, AVerifierIsToldWhichTenantCodesExist) {
  const auto without = TokenVerifier::create({.hs256_secret = "s"});
  ASSERT_FALSE(without.has_value());
  EXPECT_THAT(without.error(), HasSubstr("no tenant codes given"));

  // The codes are the caller's reference data: a code it did not name is unknown here.
  const auto verifier =
      TokenVerifier::create({.hs256_secret = "s", .tenant_codes = {"soumu"}}).value();
  EXPECT_TRUE(verifier.verify(mint_hs256(claims({"viewer"}, {"soumu"}), "s"), kNow).has_value());
  const auto zaimu = verifier.verify(mint_hs256(claims({"viewer"}, {"zaimu"}), "s"), kNow);
  ASSERT_FALSE(zaimu.has_value());
  EXPECT_THAT(zaimu.error().message,
              HasSubstr("unknown tenant code 'zaimu' in tenants claim; allowed: soumu, or \"*\""));
}

TEST(TokenVerifierCreate, AVerifierNeedsAKeyAndANonNegativeLeeway) {
  const auto none = TokenVerifier::create({});
  ASSERT_FALSE(none.has_value());
  EXPECT_THAT(none.error(), HasSubstr("no token key configured"));
  EXPECT_FALSE(TokenVerifier::create(
                   {.hs256_secret = "s", .leeway = -1s, .tenant_codes = tenants::all_codes()})
                   .has_value());
}

TEST(TokenVerifierCreate, AMovedVerifierKeepsVerifying) {
  auto first = hs256_verifier();
  TokenVerifier second = std::move(first);
  EXPECT_TRUE(second.verify(mint_hs256(claims(), kSecret), kNow).has_value());
}

}  // namespace
}  // namespace opsdesk::auth
