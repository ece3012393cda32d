#include "libs/auth/http_guard.hpp"

#include <algorithm>
#include <stdexcept>

namespace opsdesk::auth {

namespace {

std::string roles_text(const std::set<Role>& roles) {
  std::string text;
  for (const Role role : roles) {
    if (!text.empty()) text += ", ";
    text += to_string(role);
  }
  return text;
}

http::Problem forbidden(const std::string& detail) { return http::forbidden_problem(detail); }

}  // namespace

std::expected<Principal, http::Problem> authenticate(const http::Request& request,
                                                     const TokenVerifier& verifier,
                                                     core::Instant now) {
  auto principal = verifier.verify_authorization_header(request.header("Authorization"), now);
  if (principal) return std::move(*principal);
  return std::unexpected(unauthenticated_problem(std::move(principal.error().message)));
}

http::Problem unauthenticated_problem(std::string detail) {
  http::Problem problem;
  problem.status = 401;
  problem.type = http::problem_type("unauthenticated");
  problem.title = "Authentication required";
  problem.detail = std::move(detail);
  return problem;
}

std::expected<void, http::Problem> require_any_role(const Principal& principal,
                                                    std::initializer_list<Role> allowed) {
  return require_any_role(principal, std::set<Role>(allowed));
}

std::expected<void, http::Problem> require_any_role(const Principal& principal,
                                                    const std::set<Role>& allowed) {
  if (std::ranges::any_of(allowed, [&](Role role) { return principal.has_role(role); })) return {};
  const std::string held =
      principal.roles.empty() ? "no roles" : "roles " + roles_text(principal.roles);
  const std::string needed =
      allowed.empty() ? "no role may do this" : "allowed roles: " + roles_text(allowed);
  return std::unexpected(forbidden("caller has " + held + "; " + needed));
}

http::Gate token_gate(const TokenVerifier& verifier, const core::Clock& clock) {
  return [&verifier, &clock](http::Request& request,
                             const http::Access& access) -> std::optional<http::Response> {
    if (access.public_route) {
      // Open to anyone; a caller who shows a valid token may get more (/readyz's details).
      if (!request.header("Authorization").empty())
        if (auto who = authenticate(request, verifier, clock.now())) request.principal = *who;
      return std::nullopt;
    }
    // A route that accepts a URL token (the calendar feed) gets it unresolved when no bearer
    // token came; its module resolves it. Every other route ignores such a parameter.
    if (!access.url_token_param.empty() && request.header("Authorization").empty()) {
      if (auto token = request.query_param(access.url_token_param)) {
        request.url_token = std::move(*token);
        return std::nullopt;
      }
    }
    auto who = authenticate(request, verifier, clock.now());
    if (!who) return who.error().to_response(request.request_id);
    if (access.centre_only && !who->all_tenants) {
      return forbidden(
                 "these are centre-wide figures: they need a centre-staff token (tenants "
                 "[\"*\"])")
          .to_response(request.request_id);
    }
    if (!access.roles.empty()) {
      std::set<Role> allowed;
      for (const auto& name : access.roles)
        if (const auto role = parse_role(name)) allowed.insert(*role);
      if (auto refused = require_any_role(*who, allowed); !refused)
        return refused.error().to_response(request.request_id);
    }
    request.principal = std::move(*who);
    return std::nullopt;
  };
}

const Principal& caller_of(const http::Request& request) {
  if (!request.principal)
    throw std::logic_error("route " + request.path + " reached without the token gate");
  return *request.principal;
}

}  // namespace opsdesk::auth
