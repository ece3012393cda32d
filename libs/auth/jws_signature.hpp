#pragma once
// The two JWS signature algorithms opsdesk accepts, on OpenSSL 3: HS256 (HMAC-SHA256, shared
// secret) and RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RSA public key). Internal to libs/auth.
// It only checks bytes: which algorithm a token may use is jwt.cpp's decision, never the token's.

#include <openssl/types.h>

#include <expected>
#include <memory>
#include <string>
#include <string_view>

namespace opsdesk::auth {

std::string hmac_sha256(std::string_view key, std::string_view data);
// Compares in constant time.
bool hs256_verifies(std::string_view secret, std::string_view signing_input,
                    std::string_view signature);

// An RSA public key of at least 2048 bits. Immutable once loaded, so one instance serves every
// thread: each verification makes its own OpenSSL context.
class RsaPublicKey {
 public:
  // Reads a "PUBLIC KEY" (SubjectPublicKeyInfo) or "RSA PUBLIC KEY" (PKCS#1) PEM. The error says
  // what is wrong and how to fix it, never quoting key material.
  static std::expected<RsaPublicKey, std::string> from_pem(const std::string& pem);

  bool rs256_verifies(std::string_view signing_input, std::string_view signature) const;

 private:
  struct Free {
    void operator()(EVP_PKEY* key) const;
  };
  explicit RsaPublicKey(std::unique_ptr<EVP_PKEY, Free> key) : key_(std::move(key)) {}

  std::unique_ptr<EVP_PKEY, Free> key_;
};

}  // namespace opsdesk::auth
