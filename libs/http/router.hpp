#pragma once
// Maps method + path to a handler. Patterns are literal segments and "{name}" parameters,
// e.g. "/v1/incidents/{id}/{command}"; the pattern is also the route's metrics label.
//
// Two kinds of handler:
// - Handler (add): returns the response; runs on the worker pool, so it may block (RocksDB
//   reads, fsync'd appends, waits).
// - AsyncHandler (add_async): answers through its Reply, now or later, from any thread; runs on
//   the connection's I/O thread, so it must never block: it hands blocking work to
//   Reply::run_blocking and waits for nothing (an append_async callback answers instead). This
//   is the command path: no thread is held while a command's events are fsync'd.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libs/http/message.hpp"
#include "libs/http/reply.hpp"

namespace opsdesk::http {

using Handler = std::function<Response(const Request&)>;

// Who may call a route, declared with the route in its module's route table. The router keeps
// it beside the route (routes() lists them) so that one place can enforce it and a test can
// walk every route; role names are the tokens' (`maintainer`, `association_admin`, …).
struct Access {
  bool public_route = false;         // no token needed: /healthz and /readyz only
  std::vector<std::string> roles{};  // the roles allowed; empty: any authenticated caller
  bool tenant_scoped = false;        // answers only about the caller's tenants (others: 404)
  bool centre_only = false;          // centre-wide figures: only centre staff ("*" tokens)
  // Costly to answer (a table computed per request, an export): counted against the caller's
  // expensive-read allowance when rate limits are on (server.hpp, RateLimits).
  bool expensive_read = false;
  // The query parameter of a URL token this route accepts instead of a bearer token (the
  // calendar feed's `feed_token`: calendar programs cannot send headers); empty for every other
  // route, which such a token therefore never opens. The gate passes the token on unresolved
  // (Request::url_token): the module that issued it resolves it, and a handler that does not
  // fails closed (caller_of: no principal).
  std::string url_token_param = {};

  Access expensive() const {
    Access copy = *this;
    copy.expensive_read = true;
    return copy;
  }
  Access accepting_url_token(std::string param) const {
    Access copy = *this;
    copy.url_token_param = std::move(param);
    return copy;
  }

  static Access open() { return {true, {}, false, false, false, {}}; }
  static Access any_role() { return {false, {}, false, false, false, {}}; }
  static Access any_role_own_tenants() { return {false, {}, true, false, false, {}}; }
  static Access only(std::vector<std::string> roles) {
    return {false, std::move(roles), false, false, false, {}};
  }
  static Access centre_staff() { return {false, {}, false, true, false, {}}; }
};

// Checks a request against its route's Access before anything else answers it: returns the
// answer that refuses it (401, 403), or nothing and sets request.principal. Installed by the
// process (libs/auth's token gate); the HTTP library itself knows no tokens.
using Gate = std::function<std::optional<Response>(Request& request, const Access& access)>;

class Router {
 public:
  // With a gate, every route is authenticated unless declared public (a route added without an
  // Access counts as any_role), and so is every path that matches no route: 404 and 405 are
  // answered only to an authenticated caller, so an anonymous one cannot map the API.
  void set_gate(Gate gate) { gate_ = std::move(gate); }
  const Gate& gate() const { return gate_; }

  void add(std::string method, std::string pattern, Access access, Handler handler);
  void add_async(std::string method, std::string pattern, Access access, AsyncHandler handler);
  // Without a declared access (the HTTP library's own tests).
  void add(std::string method, std::string pattern, Handler handler);
  void add_async(std::string method, std::string pattern, AsyncHandler handler);

  struct RouteInfo {
    std::string method;
    std::string pattern;
    std::optional<Access> access;  // none when the route was added without one
  };
  std::vector<RouteInfo> routes() const;

  struct Match {
    // Both null: no route for this method (see allowed_methods); else exactly one is set.
    const Handler* handler = nullptr;
    const AsyncHandler* async_handler = nullptr;
    std::string pattern;  // metrics label; "unmatched" when nothing matched
    std::map<std::string, std::string> path_params;
    std::vector<std::string>
        allowed_methods;             // non-empty when the path exists with other methods (405)
    std::optional<Access> access{};  // the matched route's, when it declared one
  };
  // Literal segments win over parameters when both match.
  Match match(const std::string& method, const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;             // empty for an async route
    AsyncHandler async_handler;  // empty for a blocking route
    std::optional<Access> access;
  };
  void add_route(std::string method, std::string pattern, std::optional<Access> access,
                 Handler handler, AsyncHandler async_handler);
  std::vector<Route> routes_;
  Gate gate_;
};

}  // namespace opsdesk::http
