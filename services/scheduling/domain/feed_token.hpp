#pragma once
// A feed token as a decider: issued by a user for a calendar program that cannot send a bearer
// token, it reads the calendar feed and nothing else, for the tenants its issuer held (or the
// one of them it was narrowed to), until it is revoked. Only a digest of its secret is kept:
// the secret is shown once, when it is issued. Pure: the route makes the secret.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/core/instant.hpp"
#include "services/scheduling/contract/schedule_events.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling {

struct FeedTokenState {
  std::string id;
  std::uint64_t version = 0;
  std::string secret_sha256;
  std::vector<std::string> tenants;  // codes, or "*"
  std::string label;
  core::Instant issued_at{};
  std::string issued_by;
  std::optional<core::Instant> revoked_at;
  std::string revoked_by;

  bool exists() const { return version > 0; }
  bool operator==(const FeedTokenState&) const = default;
};

struct IssueFeedToken {
  std::string token_id;
  std::string secret_sha256;
  std::vector<std::string> tenants;  // the issuer's, or the one of them asked for
  std::string label;
  std::string by;
  core::Instant at{};
};
struct RevokeFeedToken {
  std::string reason;
  std::string by;
  core::Instant at{};
};

using FeedTokenCommand = std::variant<IssueFeedToken, RevokeFeedToken>;

std::expected<std::vector<FeedTokenEvent>, DomainError> decide(const FeedTokenState& state,
                                                               const FeedTokenCommand& command,
                                                               core::Instant now);
FeedTokenState evolve(FeedTokenState state, const FeedTokenEvent& event);

}  // namespace opsdesk::scheduling
