#include "libs/auth/http_guard.hpp"

#include <algorithm>

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

}  // namespace

std::expected<Principal, http::Problem> authenticate(const http::Request& request,
                                                     const TokenVerifier& verifier,
                                                     core::Instant now) {
  auto principal = verifier.verify_authorization_header(request.header("Authorization"), now);
  if (principal) return std::move(*principal);
  http::Problem problem;
  problem.status = 401;
  problem.type = http::problem_type("unauthenticated");
  problem.title = "Authentication required";
  problem.detail = std::move(principal.error().message);
  return std::unexpected(std::move(problem));
}

std::expected<void, http::Problem> require_any_role(const Principal& principal,
                                                    std::initializer_list<Role> allowed) {
  if (std::ranges::any_of(allowed, [&](Role role) { return principal.has_role(role); })) return {};
  const std::string held =
      principal.roles.empty() ? "no roles" : "roles " + roles_text(principal.roles);
  const std::string needed = allowed.size() == 0
                                 ? "no role may do this"
                                 : "allowed roles: " + roles_text(std::set<Role>(allowed));
  http::Problem problem;
  problem.status = 403;
  problem.type = http::problem_type("forbidden");
  problem.title = "Forbidden";
  problem.detail = "caller has " + held + "; " + needed;
  return std::unexpected(std::move(problem));
}

}  // namespace opsdesk::auth
