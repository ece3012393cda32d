#pragma once
// Test helpers that build tokens the way an outside issuer (or an attacker) would: from raw
// header and payload JSON text, signed with OpenSSL directly rather than with mint_hs256, so a
// bug shared by minting and verifying cannot hide itself.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>
#include <string_view>

#include "libs/auth/base64url.hpp"
#include "libs/core/instant.hpp"

namespace opsdesk::auth::test_tokens {

inline std::string hs256_sign(std::string_view signing_input, std::string_view secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

inline std::string signing_input(std::string_view header_json, std::string_view payload_json) {
  return base64url_encode(header_json) + "." + base64url_encode(payload_json);
}

// header.payload.signature with an HMAC-SHA256 over exactly these JSON texts.
inline std::string hs256_token(std::string_view header_json, std::string_view payload_json,
                               std::string_view secret) {
  const std::string input = signing_input(header_json, payload_json);
  return input + "." + base64url_encode(hs256_sign(input, secret));
}

inline std::string hs256_token(std::string_view payload_json, std::string_view secret) {
  return hs256_token(R"({"alg":"HS256","typ":"JWT"})", payload_json, secret);
}

inline long long unix_seconds(core::Instant at) {
  return std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count();
}

}  // namespace opsdesk::auth::test_tokens
