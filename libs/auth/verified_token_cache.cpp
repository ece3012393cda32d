#include "libs/auth/verified_token_cache.hpp"

namespace opsdesk::auth {

std::optional<VerifiedTokenCache::Entry> VerifiedTokenCache::find(std::string_view token) const {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(std::string(token));
  if (found == entries_.end()) return std::nullopt;
  return found->second;
}

void VerifiedTokenCache::remember(std::string_view token, Entry entry) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_.insert_or_assign(std::string(token), std::move(entry));
}

}  // namespace opsdesk::auth
