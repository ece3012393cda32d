#pragma once
// `opsdesk token`: mints an HS256 token with the configured secret, for development, scripts
// and tests. Production tokens come from the identity provider (RS256).

#include <chrono>
#include <string>

#include "cmd/opsdesk/settings.hpp"

namespace opsdesk::cli {

struct TokenRequest {
  std::string subject;
  std::string roles;    // comma-separated
  std::string tenants;  // comma-separated codes, or "*"
  std::string ttl = "8h";
  bool allow_long_ttl = false;  // --allow-long-ttl: more than kLongestTtl
};

// The longest --ttl without --allow-long-ttl: a leaked token should not outlive a month.
inline constexpr std::chrono::hours kLongestTtl{24 * 30};

// Prints the token on stdout and returns 0, or prints one line on stderr and returns 2.
int mint_token(const Settings& settings, const TokenRequest& request);

}  // namespace opsdesk::cli
