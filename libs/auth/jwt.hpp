#pragma once
// JSON Web Tokens (RFC 7519) in compact JWS form: HS256 with a shared secret (development and
// tests) and RS256 with an RSA public key (production, tokens minted by the identity provider).
// Verification checks signature, algorithm, exp/nbf with a small leeway, and the claims opsdesk
// needs (sub, roles, tenants). Never accepts "alg": "none".

#include <chrono>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libs/auth/principal.hpp"
#include "libs/core/instant.hpp"

namespace opsdesk::auth {

enum class errc {
  missing_token,          // no Authorization header, or not "Bearer <token>"
  malformed_token,        // not three base64url parts of JSON
  unsupported_algorithm,  // alg other than the configured HS256 / RS256
  bad_signature,
  expired,
  not_yet_valid,
  bad_claims,  // sub/roles/tenants missing or invalid (unknown role or tenant code)
};

struct AuthError {
  errc code;
  std::string message;  // safe to show the caller: says what is wrong, never echoes secrets
};

struct VerifierOptions {
  std::string hs256_secret{};  // accept HS256 tokens signed with this (empty: refuse HS256)
  std::string
      rs256_public_key_pem{};       // accept RS256 tokens verified with this (empty: refuse RS256)
  std::chrono::seconds leeway{60};  // clock skew allowed on exp and nbf
  // The tenant codes a token's `tenants` claim may name besides "*": reference data that the
  // process supplies (libs/tenants), so that this library knows codes only as strings.
  // Required: an empty list would let any code through.
  std::vector<std::string> tenant_codes{};
};

class TokenVerifier {
 public:
  // Fails (with the reason) if neither key is set or the PEM cannot be read.
  static std::expected<TokenVerifier, std::string> create(VerifierOptions options);
  TokenVerifier(TokenVerifier&&) noexcept;
  TokenVerifier& operator=(TokenVerifier&&) noexcept;
  ~TokenVerifier();

  std::expected<Principal, AuthError> verify(std::string_view token, core::Instant now) const;
  // Takes the whole Authorization header value ("Bearer eyJ…").
  std::expected<Principal, AuthError> verify_authorization_header(std::string_view header,
                                                                  core::Instant now) const;

 private:
  TokenVerifier();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct TokenClaims {
  std::string subject{};
  std::vector<std::string> roles{};
  std::vector<std::string> tenants{};  // tenant codes, or {"*"}
  core::Instant issued_at{};
  core::Instant expires_at{};
};

// Mints an HS256 token (the `opsdesk token` command, tests, the dev token of `make run`).
std::string mint_hs256(const TokenClaims& claims, std::string_view secret);

}  // namespace opsdesk::auth
