#include "services/scheduling/domain/feed_token.hpp"

#include "libs/aggregate/field_check.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::scheduling {

namespace {

using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<FeedTokenEvent>, DomainError>;

Result decide_issue(const FeedTokenState& s, const IssueFeedToken& c, core::Instant now) {
  if (s.exists())
    return aggregate::rule_violated("feed-token-already-exists", "feed token " + s.id + " exists");
  aggregate::FieldCheck check(now, kAllowedClockSkew);
  if (c.tenants.empty()) check.add("tenant", "the token would read no association's schedule");
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::FeedTokenIssued e;
  e.set_token_id(c.token_id);
  e.set_secret_sha256(c.secret_sha256);
  for (const auto& t : c.tenants) e.add_tenants(t);
  e.set_label(c.label);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<FeedTokenEvent>{e};
}

Result decide_revoke(const FeedTokenState& s, const RevokeFeedToken& c, core::Instant now) {
  aggregate::FieldCheck check(now, kAllowedClockSkew);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.revoked_at)
    return aggregate::rule_violated(
        "feed-token-revoked",
        "feed token " + s.id + " was revoked at " + core::format_tokyo_rfc3339(*s.revoked_at));
  v1::FeedTokenRevoked e;
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<FeedTokenEvent>{e};
}

}  // namespace

std::expected<std::vector<FeedTokenEvent>, DomainError> decide(const FeedTokenState& state,
                                                               const FeedTokenCommand& command,
                                                               core::Instant now) {
  return std::visit(core::overloaded{
                        [&](const IssueFeedToken& c) { return decide_issue(state, c, now); },
                        [&](const RevokeFeedToken& c) { return decide_revoke(state, c, now); },
                    },
                    command);
}

FeedTokenState evolve(FeedTokenState s, const FeedTokenEvent& event) {
  std::visit(core::overloaded{
                 [&](const v1::FeedTokenIssued& e) {
                   s.id = e.token_id();
                   s.secret_sha256 = e.secret_sha256();
                   s.tenants.assign(e.tenants().begin(), e.tenants().end());
                   s.label = e.label();
                   s.issued_at = from_timestamp(e.at());
                   s.issued_by = e.by();
                 },
                 [&](const v1::FeedTokenRevoked& e) {
                   s.revoked_at = from_timestamp(e.at());
                   s.revoked_by = e.by();
                 },
             },
             event);
  ++s.version;
  return s;
}

}  // namespace opsdesk::scheduling
