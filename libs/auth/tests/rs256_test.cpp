// RS256 as the identity provider uses it: the test holds the private key and signs tokens with
// OpenSSL directly; the verifier only ever sees the public key PEM.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <thread>

#include "libs/auth/base64url.hpp"
#include "libs/auth/jwt.hpp"
#include "libs/auth/tests/test_tokens.hpp"

namespace opsdesk::auth {
namespace {

using namespace std::chrono_literals;
using test_tokens::unix_seconds;
using ::testing::HasSubstr;

const core::Instant kNow = core::parse_rfc3339("2026-11-22T01:00:00Z").value();

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

PkeyPtr generate_rsa_key(unsigned bits) {
  PkeyPtr key{EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits))};
  if (!key) throw std::runtime_error("RSA key generation failed");
  return key;
}

// structure "SubjectPublicKeyInfo" gives "BEGIN PUBLIC KEY"; "type-specific" gives PKCS#1
// "BEGIN RSA PUBLIC KEY".
std::string public_key_pem(EVP_PKEY* key, const char* structure = "SubjectPublicKeyInfo") {
  OSSL_ENCODER_CTX* ctx =
      OSSL_ENCODER_CTX_new_for_pkey(key, EVP_PKEY_PUBLIC_KEY, "PEM", structure, nullptr);
  unsigned char* data = nullptr;
  std::size_t size = 0;
  const bool ok = ctx != nullptr && OSSL_ENCODER_to_data(ctx, &data, &size) == 1;
  OSSL_ENCODER_CTX_free(ctx);
  if (!ok) throw std::runtime_error("cannot encode the public key");
  std::string pem(reinterpret_cast<const char*>(data), size);
  OPENSSL_free(data);
  return pem;
}

std::string private_key_pem(EVP_PKEY* key) {
  OSSL_ENCODER_CTX* ctx =
      OSSL_ENCODER_CTX_new_for_pkey(key, EVP_PKEY_KEYPAIR, "PEM", "PrivateKeyInfo", nullptr);
  unsigned char* data = nullptr;
  std::size_t size = 0;
  const bool ok = ctx != nullptr && OSSL_ENCODER_to_data(ctx, &data, &size) == 1;
  OSSL_ENCODER_CTX_free(ctx);
  if (!ok) throw std::runtime_error("cannot encode the private key");
  std::string pem(reinterpret_cast<const char*>(data), size);
  OPENSSL_free(data);
  return pem;
}

std::string rs256_sign(EVP_PKEY* key, std::string_view input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  std::size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, data, input.size()) != 1) {
    throw std::runtime_error("EVP_DigestSign setup failed");
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data,
                     input.size()) != 1) {
    throw std::runtime_error("EVP_DigestSign failed");
  }
  signature.resize(size);
  return signature;
}

std::string payload(std::string_view roles = R"(["committee"])",
                    std::string_view tenants = R"(["*"])") {
  return R"({"sub":"idp|committee-7","roles":)" + std::string(roles) + R"(,"tenants":)" +
         std::string(tenants) + R"(,"iat":)" + std::to_string(unix_seconds(kNow - 1min)) +
         R"(,"exp":)" + std::to_string(unix_seconds(kNow + 10min)) + "}";
}

std::string rs256_token(
    EVP_PKEY* key, std::string_view payload_json,
    std::string_view header_json = R"({"alg":"RS256","typ":"JWT","kid":"k1"})") {
  const auto input = test_tokens::signing_input(header_json, payload_json);
  return input + "." + base64url_encode(rs256_sign(key, input));
}

// Key generation is the slow part of these tests: one pair per test binary.
class Rs256 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_ = generate_rsa_key(2048).release();
    other_key_ = generate_rsa_key(2048).release();
  }
  static void TearDownTestSuite() {
    EVP_PKEY_free(key_);
    EVP_PKEY_free(other_key_);
  }

  static TokenVerifier verifier(VerifierOptions options) {
    options.tenant_codes = {"soumu", "zaimu"};
    auto verifier = TokenVerifier::create(std::move(options));
    if (!verifier) throw std::runtime_error(verifier.error());
    return std::move(*verifier);
  }
  static TokenVerifier rs256_verifier() {
    return verifier({.rs256_public_key_pem = public_key_pem(key_)});
  }

  static inline EVP_PKEY* key_ = nullptr;
  static inline EVP_PKEY* other_key_ = nullptr;
};

TEST_F(Rs256, TokenSignedByTheProviderVerifies) {
  const auto principal = rs256_verifier().verify(rs256_token(key_, payload()), kNow);
  ASSERT_TRUE(principal.has_value()) << principal.error().message;
  EXPECT_EQ(principal->subject, "idp|committee-7");
  EXPECT_EQ(principal->roles, std::set<Role>{Role::committee});
  EXPECT_TRUE(principal->all_tenants);
}

TEST_F(Rs256, Pkcs1RsaPublicKeyPemIsAccepted) {
  const auto pem = public_key_pem(key_, "type-specific");
  ASSERT_THAT(pem, HasSubstr("BEGIN RSA PUBLIC KEY"));
  const auto principal =
      verifier({.rs256_public_key_pem = pem}).verify(rs256_token(key_, payload()), kNow);
  EXPECT_TRUE(principal.has_value()) << principal.error().message;
}

TEST_F(Rs256, TokenSignedByAnotherKeyIsABadSignature) {
  const auto result = rs256_verifier().verify(rs256_token(other_key_, payload()), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, errc::bad_signature);
}

TEST_F(Rs256, ChangedPayloadIsABadSignature) {
  const auto token = rs256_token(key_, payload(R"(["viewer"])", R"(["soumu"])"));
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  const auto forged = token.substr(0, first_dot) + "." +
                      base64url_encode(payload(R"(["maintainer"])")) + token.substr(second_dot);
  const auto result = rs256_verifier().verify(forged, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, errc::bad_signature);
}

TEST_F(Rs256, Hs256TokenIsRefusedByAnRs256OnlyVerifier) {
  const auto token = mint_hs256({.subject = "u",
                                 .roles = {"maintainer"},
                                 .tenants = {"*"},
                                 .issued_at = kNow,
                                 .expires_at = kNow + 1h},
                                "some-secret");
  const auto result = rs256_verifier().verify(token, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, errc::unsupported_algorithm);
  EXPECT_THAT(result.error().message, HasSubstr("accepted: RS256"));
}

TEST_F(Rs256, Hs256KeyedWithThePublicKeyIsRefused) {
  // Algorithm confusion: an attacker who knows the public key signs HS256 with it as the secret.
  const auto pem = public_key_pem(key_);
  const auto token = test_tokens::hs256_token(payload(R"(["maintainer"])"), pem);
  const auto result = rs256_verifier().verify(token, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, errc::unsupported_algorithm);
}

TEST_F(Rs256, BothAlgorithmsCanBeAcceptedAtOnce) {
  const auto both =
      verifier({.hs256_secret = "dev-secret", .rs256_public_key_pem = public_key_pem(key_)});
  EXPECT_TRUE(both.verify(rs256_token(key_, payload()), kNow).has_value());
  EXPECT_TRUE(both.verify(test_tokens::hs256_token(payload(), "dev-secret"), kNow).has_value());
  const auto none =
      both.verify(test_tokens::signing_input(R"({"alg":"none"})", payload()) + ".", kNow);
  ASSERT_FALSE(none.has_value());
  EXPECT_THAT(none.error().message, HasSubstr("accepted: HS256, RS256"));
}

TEST_F(Rs256, ClaimsAndTimesAreCheckedAsForHs256) {
  const auto verifier = rs256_verifier();
  const auto expired = R"({"sub":"u","roles":["viewer"],"tenants":["soumu"],"exp":)" +
                       std::to_string(unix_seconds(kNow - 1h)) + "}";
  EXPECT_EQ(verifier.verify(rs256_token(key_, expired), kNow).error().code, errc::expired);
  EXPECT_EQ(verifier.verify(rs256_token(key_, payload(R"(["root"])")), kNow).error().code,
            errc::bad_claims);
}

TEST_F(Rs256, OneVerifierServesManyThreads) {
  const auto verifier = rs256_verifier();
  const auto good = rs256_token(key_, payload());
  const auto bad = rs256_token(other_key_, payload());
  std::atomic<int> failures{0};
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!verifier.verify(good, kNow).has_value()) ++failures;
        if (verifier.verify(bad, kNow).has_value()) ++failures;
      }
    });
  }
  threads.clear();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(Rs256, UnreadableKeysAreReportedAtCreation) {
  const auto garbage =
      TokenVerifier::create({.rs256_public_key_pem = "not a pem", .tenant_codes = {"soumu"}});
  ASSERT_FALSE(garbage.has_value());
  EXPECT_THAT(garbage.error(), HasSubstr("BEGIN PUBLIC KEY"));

  const auto private_key = TokenVerifier::create(
      {.rs256_public_key_pem = private_key_pem(key_), .tenant_codes = {"soumu"}});
  ASSERT_FALSE(private_key.has_value());
  EXPECT_THAT(private_key.error(), HasSubstr("private key"));
  EXPECT_THAT(private_key.error(), ::testing::Not(HasSubstr("MII"))) << "never echo key material";
}

TEST_F(Rs256, ShortRsaKeysAreRefused) {
  const auto small = generate_rsa_key(1024);
  const auto result = TokenVerifier::create(
      {.rs256_public_key_pem = public_key_pem(small.get()), .tenant_codes = {"soumu"}});
  ASSERT_FALSE(result.has_value());
  EXPECT_THAT(result.error(), HasSubstr("1024 bits"));
}

TEST_F(Rs256, NonRsaKeysAreRefused) {
  PkeyPtr ec{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
  ASSERT_TRUE(ec);
  const auto result = TokenVerifier::create(
      {.rs256_public_key_pem = public_key_pem(ec.get()), .tenant_codes = {"soumu"}});
  ASSERT_FALSE(result.has_value());
  EXPECT_THAT(result.error(), HasSubstr("RSA"));
}

}  // namespace
}  // namespace opsdesk::auth
