#pragma once
// Remembers tokens whose signature and claims have already been verified, so a client that
// sends the same bearer token on every request pays for base64url, JSON parsing and HMAC/RSA
// once. It never decides on its own: expiry and not-before are checked on every hit, and a miss
// (or an expired hit) goes through full verification again.

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "libs/auth/principal.hpp"
#include "libs/core/instant.hpp"

namespace opsdesk::auth {

class VerifiedTokenCache {
 public:
  struct Entry {
    Principal principal;
    core::Instant expires_at;
    std::optional<core::Instant> not_before;
  };

  std::optional<Entry> find(std::string_view token) const;
  void remember(std::string_view token, Entry entry);

 private:
  // Bounded: a flood of distinct tokens empties the cache instead of growing it.
  static constexpr std::size_t kMaxEntries = 4096;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace opsdesk::auth
