#pragma once
// The bridge between HTTP requests and tokens: who is calling (401 if we cannot tell) and
// whether their role allows the action (403). Tenant scope (404 for another tenant's resource)
// is checked by the handler with Principal::can_see_any, because only it knows the resource.

#include <expected>
#include <initializer_list>
#include <set>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/instant.hpp"
#include "libs/http/message.hpp"
#include "libs/http/problem.hpp"
#include "libs/http/router.hpp"

namespace opsdesk::auth {

// 401 problem (type urn:opsdesk:problem:unauthenticated, detail from AuthError) when the
// Authorization header is missing, malformed, forged or expired.
std::expected<Principal, http::Problem> authenticate(const http::Request& request,
                                                     const TokenVerifier& verifier,
                                                     core::Instant now);

// The 401 answer (type urn:opsdesk:problem:unauthenticated) with what was wrong.
http::Problem unauthenticated_problem(std::string detail);

// 403 problem (type urn:opsdesk:problem:forbidden) naming the roles that would be allowed.
std::expected<void, http::Problem> require_any_role(const Principal& principal,
                                                    std::initializer_list<Role> allowed);
std::expected<void, http::Problem> require_any_role(const Principal& principal,
                                                    const std::set<Role>& allowed);

// The router's gate (http::Router::set_gate): a public route passes; any other needs a valid
// bearer token (401) holding one of the route's roles when it names any (403). The principal
// goes to the handler in Request::principal. Both references must outlive the router.
http::Gate token_gate(const TokenVerifier& verifier, const core::Clock& clock);

// The caller of a route behind the gate. Throws std::logic_error when there is none (a route
// reached without the gate: a wiring mistake, answered 500).
const Principal& caller_of(const http::Request& request);

}  // namespace opsdesk::auth
