// The router authenticates every route of the running process unless the route is declared
// public (/healthz, /readyz and the dashboard's static files only), and checks the roles the
// route declares: walked over the whole route table (as /openapi.json publishes it, each
// operation with its x-opsdesk-access), a caller without a token gets 401 and a caller whose
// role the route does not allow gets 403, both as problem+json. A path or method that does not
// exist is 401 too until the caller is authenticated, so the API cannot be mapped anonymously.
// A URL token (the calendar feed's `feed_token`) opens the one route that declares it and no
// other.

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kRoles{"maintainer", "association_admin", "viewer", "committee"};

// "/v1/incidents/{id}/{command}" -> "/v1/incidents/no-such-id/no-such-id".
std::string concrete(const std::string& pattern) {
  std::string path;
  bool in_parameter = false;
  for (const char c : pattern) {
    if (c == '{') {
      in_parameter = true;
      path += "no-such-id";
    } else if (c == '}') {
      in_parameter = false;
    } else if (!in_parameter) {
      path += c;
    }
  }
  return path;
}

void expect_problem(const ApiResponse& response, int status, const std::string& type,
                    const std::string& what) {
  EXPECT_EQ(response.status, status) << what << ": " << response.body;
  EXPECT_EQ(response.header("content-type"), "application/problem+json") << what;
  EXPECT_EQ(response.json()["type"], "urn:opsdesk:problem:" + type)
      << what << ": " << response.body;
}

TEST(RouteAccess, EveryRouteRefusesAnonymousCallersAndRolesItDoesNotAllow) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--clock=manual"});  // every module and the test clock
  const ApiClient anonymous(opsdesk.host(), opsdesk.port());
  const ApiClient centre(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));

  const auto document = centre.get("/openapi.json");
  ASSERT_EQ(document.status, 200) << document.body;
  auto issued = centre.post("/v1/schedule/feed-tokens", json::object());
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string feed_token = issued.json()["token"];
  int url_token_routes = 0;
  const auto doc = document.json();
  EXPECT_EQ(doc["x-opsdesk-undocumented-routes"], json::array())
      << "every route the router serves is in the document, so this walk covers them all";

  int walked = 0;
  int role_checked = 0;
  for (const auto& [pattern, operations] : doc["paths"].items()) {
    const auto path = concrete(pattern);
    for (const auto& [method_lower, operation] : operations.items()) {
      std::string method = method_lower;
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      const std::string what = method + " " + pattern;
      ASSERT_TRUE(operation.contains("x-opsdesk-access")) << what << " declares no access";
      const auto access = operation["x-opsdesk-access"];
      const std::string body = method == "POST" ? "{}" : "";

      if (access["public"] == true) {
        // Health, readiness and the dashboard's page and assets (its data needs a token).
        EXPECT_TRUE(pattern == "/healthz" || pattern == "/readyz" || pattern == "/" ||
                    pattern == "/assets/{file}")
            << what << " is public";
        const auto open = anonymous.send(method, path, body);
        EXPECT_TRUE(open.status == 200 || open.status == 503 || pattern == "/assets/{file}")
            << what << ": " << open.status;
        continue;
      }
      ++walked;
      const auto with_feed_token = anonymous.send(method, path + "?feed_token=" + feed_token, body);
      if (access["url_token"].is_null()) {
        expect_problem(with_feed_token, 401, "unauthenticated", what + " (feed token)");
      } else {
        EXPECT_EQ(access["url_token"], "feed_token") << what;
        EXPECT_EQ(with_feed_token.status, 200) << what << ": " << with_feed_token.body;
        ++url_token_routes;
        continue;  // readable with the token; a bearer token reads it like any other route
      }
      expect_problem(anonymous.send(method, path, body), 401, "unauthenticated", what);
      const ApiClient forged(opsdesk.host(), opsdesk.port(),
                             token_for("sato", {"maintainer"}, {"*"}) + "x");
      expect_problem(forged.send(method, path, body), 401, "unauthenticated", what + " (forged)");

      const auto allowed = access["roles"].get<std::vector<std::string>>();
      if (allowed.empty()) continue;  // any authenticated caller may
      for (const auto& role : kRoles) {
        if (std::find(allowed.begin(), allowed.end(), role) != allowed.end()) continue;
        const ApiClient other(opsdesk.host(), opsdesk.port(), token_for("kato", {role}, {"*"}));
        expect_problem(other.send(method, path, body), 403, "forbidden", what + " as " + role);
        ++role_checked;
      }
    }
  }
  // Commands, reads of every module, the calendar, /metrics, /openapi.json, the test clock.
  EXPECT_GE(walked, 15);
  EXPECT_EQ(url_token_routes, 1) << "only the calendar feed takes a feed token";
  EXPECT_GE(role_checked, 9);
}

TEST(RouteAccess, UnknownPathsAndMethodsAreRefusedBeforeTheyAreRevealed) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  const ApiClient anonymous(opsdesk.host(), opsdesk.port());
  expect_problem(anonymous.get("/v1/no-such-thing"), 401, "unauthenticated", "unknown path");
  expect_problem(anonymous.send("DELETE", "/v1/incidents"), 401, "unauthenticated",
                 "unknown method");

  const ApiClient viewer(opsdesk.host(), opsdesk.port(), token_for("ito", {"viewer"}, {"soumu"}));
  expect_problem(viewer.get("/v1/no-such-thing"), 404, "not-found", "unknown path");
  const auto not_allowed = viewer.send("DELETE", "/v1/incidents");
  expect_problem(not_allowed, 405, "method-not-allowed", "unknown method");
  EXPECT_EQ(not_allowed.header("allow"), "GET, POST");
}

}  // namespace
}  // namespace opsdesk::testing
