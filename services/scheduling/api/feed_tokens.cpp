#include "services/scheduling/api/feed_tokens.hpp"

#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/digests.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/http/json_body.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::scheduling::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// 256 bits: a secret nobody guesses, however many tries.
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMaxReasonBytes = 400;

Response answer(const http::Problem& p, const Request& request) {
  return p.to_response(request.request_id);
}

std::string feed_url(const std::string& secret) {
  return "/v1/schedule/calendar.ics?" + std::string(kFeedTokenParam) + "=" + secret;
}

json token_json(const FeedTokenState& t) {
  return {{"id", t.id},
          {"tenants", t.tenants},
          {"label", t.label},
          {"issued_at", core::format_tokyo_rfc3339(t.issued_at)},
          {"issued_by", t.issued_by},
          {"revoked_at",
           t.revoked_at ? json(core::format_tokyo_rfc3339(*t.revoked_at)) : json(nullptr)},
          {"revoked_by", t.revoked_at ? json(t.revoked_by) : json(nullptr)}};
}

class Handlers {
 public:
  explicit Handlers(FeedTokenApi api) : api_(api) {}

  void issue(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, {});
    IssueFeedToken c;
    c.token_id = api_.ids.next(now).to_string();
    c.label = f.string("label", false, 100).value_or("");
    const auto tenant = f.string("tenant", false, 40);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    if (tenant) {
      if (tenants::find_tenant(*tenant) == nullptr)
        return reply.send(
            answer(http::validation_problem(
                       {{"tenant", "unknown association code '" + *tenant +
                                       "'; allowed: " + tenants::allowed_codes_text()}}),
                   request));
      if (!who.can_see_tenant(*tenant))
        return reply.send(answer(
            http::forbidden_problem("a feed token reads only the caller's own associations; " +
                                    *tenant + " is not one of them"),
            request));
      c.tenants = {*tenant};
    } else {
      c.tenants = who.tenants;
    }
    // The secret goes to the caller once; the store keeps its digest.
    const auto secret = auth::random_secret(kSecretBytes);
    c.secret_sha256 = auth::sha256_hex(secret);
    c.by = who.subject;
    c.at = now;
    // The answer is the only place the secret is ever shown: Prefer: return=minimal would lose
    // it, so this command answers in full.
    auto in_full = request;
    in_full.headers.erase("Prefer");
    aggregate::execute_http_command(
        api_.tokens, in_full, reply, who, c.token_id, FeedTokenCommand{std::move(c)}, now,
        [](const FeedTokenState& t) { return "/v1/schedule/feed-tokens/" + t.id; },
        [secret](const FeedTokenState& t, const auth::Principal&, std::uint64_t position) {
          auto j = token_json(t);
          // A repeated request (Idempotency-Key) answers the token recorded the first time,
          // whose secret this request never had: it is not shown again.
          const bool ours = auth::sha256_hex(secret) == t.secret_sha256;
          j["token"] = ours ? json(secret) : json(nullptr);
          j["feed_url"] = ours ? json(feed_url(secret)) : json(nullptr);
          j["position"] = position;
          return j.dump();
        });
  }

  Response get(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto token = visible(who, request.path_params.at("id"));
    if (!token) return answer(no_token(request.path_params.at("id")), request);
    return Response::json(200, token_json(*token));
  }

  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    json items = json::array();
    for (const auto& t : api_.book.feed_tokens_issued_by(who.subject))
      items.push_back(token_json(t));
    return Response::json(200, json{{"items", items}});
  }

  // The issuer revokes its token; the desk (maintainer) any token of its associations.
  void revoke(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto token = visible(who, request.path_params.at("id"));
    if (!token) return reply.send(answer(no_token(request.path_params.at("id")), request));
    const auto id = token->id;
    RevokeFeedToken c;
    c.reason = request.query_param("reason").value_or("");
    if (c.reason.size() > kMaxReasonBytes)
      return reply.send(
          answer(http::validation_problem(
                     {{"reason",
                       "must be at most " + std::to_string(kMaxReasonBytes) + " bytes of UTF-8"}}),
                 request));
    c.by = who.subject;
    c.at = now;
    aggregate::execute_http_command(
        api_.tokens, request, reply, who, id, FeedTokenCommand{std::move(c)}, now, {},
        [](const FeedTokenState& t, const auth::Principal&, std::uint64_t position) {
          auto j = token_json(t);
          j["position"] = position;
          return j.dump();
        });
  }

 private:
  // A token its issuer sees, and the desk (maintainer) when it holds every tenant of it.
  std::optional<FeedTokenState> visible(const auth::Principal& who, const std::string& id) const {
    auto canonical = aggregate::canonical_id(id);
    auto token = canonical ? api_.book.feed_token(*canonical) : std::nullopt;
    if (!token) return std::nullopt;
    if (token->issued_by == who.subject) return token;
    const auto tenants = FeedTokenAggregate::tenants(*token);
    const bool desk =
        who.has_role(auth::Role::maintainer) &&
        std::ranges::all_of(tenants, [&](const auto& t) { return who.can_see_tenant(t); });
    return desk ? token : std::nullopt;
  }
  static http::Problem no_token(const std::string& id) {
    return http::not_found_problem("no feed token " + id +
                                   " of yours (a token is seen and revoked by its issuer, or by "
                                   "the desk holding every association it reads)");
  }

  FeedTokenApi api_;
};

}  // namespace

std::optional<auth::Principal> feed_token_reader(const ScheduleBook& book,
                                                 const std::string& token) {
  auto found = book.feed_token_by_secret(auth::sha256_hex(token));
  if (!found || found->revoked_at) return std::nullopt;
  auth::Principal reader;
  reader.subject = "feed-token:" + found->id;
  reader.tenants = found->tenants;
  reader.all_tenants = found->tenants == std::vector<std::string>{"*"};
  return reader;
}

void add_feed_token_routes(http::Router& router, FeedTokenApi api) {
  auto h = std::make_shared<Handlers>(api);
  router.add_async("POST", "/v1/schedule/feed-tokens", http::Access::any_role(),
                   [h](const Request& r, http::Reply reply) { h->issue(r, reply); });
  router.add("GET", "/v1/schedule/feed-tokens", http::Access::any_role(),
             [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/schedule/feed-tokens/{id}", http::Access::any_role(),
             [h](const Request& r) { return h->get(r); });
  router.add_async("DELETE", "/v1/schedule/feed-tokens/{id}", http::Access::any_role(),
                   [h](const Request& r, http::Reply reply) { h->revoke(r, reply); });
}

}  // namespace opsdesk::scheduling::api
