#pragma once
// Digests and secrets on OpenSSL: a SHA-256 of text as hex (a fingerprint of a request, of a
// plan as approved, of a feed token's secret, which is kept instead of the secret) and random
// secrets for tokens handed out in URLs.

#include <cstddef>
#include <string>
#include <string_view>

namespace opsdesk::auth {

// 64 lowercase hex digits.
std::string sha256_hex(std::string_view text);

// `bytes` random bytes from OpenSSL's CSPRNG, as unpadded base64url (URL-safe as it stands).
std::string random_secret(std::size_t bytes);

}  // namespace opsdesk::auth
