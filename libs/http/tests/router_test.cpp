#include "libs/http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace opsdesk::http {
namespace {

Handler answering(std::string text) {
  return [text](const Request&) { return Response::text(200, text); };
}

std::string call(const Router::Match& match) {
  Request request;
  return match.handler == nullptr ? "<none>" : (*match.handler)(request).body;
}

TEST(Router, MatchesLiteralRoutes) {
  Router router;
  router.add("GET", "/healthz", answering("health"));
  router.add("GET", "/v1/incidents", answering("list"));
  auto match = router.match("GET", "/v1/incidents");
  EXPECT_EQ(call(match), "list");
  EXPECT_EQ(match.pattern, "/v1/incidents");
  EXPECT_TRUE(match.path_params.empty());
}

TEST(Router, ListsEveryRouteWithTheAccessItDeclares) {
  Router router;
  router.add("GET", "/readyz", Access::open(), answering("ready"));
  router.add("GET", "/v1/board", Access::any_role_own_tenants(), answering("board"));
  router.add_async("POST", "/v1/incidents", Access::only({"maintainer"}),
                   [](const Request&, Reply) {});
  router.add("GET", "/undeclared", answering("?"));
  const auto routes = router.routes();
  ASSERT_EQ(routes.size(), 4u);
  EXPECT_EQ(routes[0].pattern, "/readyz");
  EXPECT_TRUE(routes[0].access->public_route);
  EXPECT_TRUE(routes[1].access->tenant_scoped);
  EXPECT_TRUE(routes[1].access->roles.empty());
  EXPECT_EQ(routes[2].method, "POST");
  EXPECT_EQ(routes[2].access->roles, std::vector<std::string>{"maintainer"});
  EXPECT_FALSE(routes[2].access->public_route);
  EXPECT_FALSE(routes[3].access.has_value());
}

TEST(Router, FillsPathParameters) {
  Router router;
  router.add("POST", "/v1/incidents/{id}/{command}", answering("command"));
  auto match = router.match("POST", "/v1/incidents/0190abc/acknowledge");
  EXPECT_EQ(call(match), "command");
  EXPECT_EQ(match.pattern, "/v1/incidents/{id}/{command}");
  EXPECT_EQ(match.path_params.at("id"), "0190abc");
  EXPECT_EQ(match.path_params.at("command"), "acknowledge");
}

TEST(Router, LiteralSegmentBeatsParameter) {
  Router router;
  router.add("GET", "/v1/incidents/{id}", answering("one"));
  router.add("GET", "/v1/incidents/search", answering("search"));
  EXPECT_EQ(call(router.match("GET", "/v1/incidents/search")), "search");
  EXPECT_EQ(call(router.match("GET", "/v1/incidents/42")), "one");
}

TEST(Router, LeftmostLiteralDecidesBetweenPartialLiterals) {
  Router router;
  router.add("GET", "/a/{x}", answering("a-param"));
  router.add("GET", "/{y}/b", answering("param-b"));
  EXPECT_EQ(call(router.match("GET", "/a/b")), "a-param");
  EXPECT_EQ(call(router.match("GET", "/z/b")), "param-b");
}

TEST(Router, NoRouteIsUnmatched) {
  Router router;
  router.add("GET", "/v1/incidents/{id}", answering("one"));
  for (const auto* path :
       {"/v1/incidents", "/v1/incidents/1/2", "/v1/incidents/", "/nope", "", "x"}) {
    auto match = router.match("GET", path);
    EXPECT_EQ(match.handler, nullptr) << path;
    EXPECT_EQ(match.pattern, "unmatched") << path;
    EXPECT_TRUE(match.allowed_methods.empty()) << path;
  }
}

TEST(Router, OtherMethodOnKnownPathListsAllowedMethods) {
  Router router;
  router.add("GET", "/v1/incidents/{id}", answering("get"));
  router.add("DELETE", "/v1/incidents/{id}", answering("delete"));
  router.add("POST", "/v1/incidents", answering("create"));
  auto match = router.match("PUT", "/v1/incidents/7");
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"DELETE", "GET"}));
  EXPECT_EQ(match.pattern, "/v1/incidents/{id}");
}

TEST(Router, MethodsAreCaseSensitive) {
  Router router;
  router.add("GET", "/x", answering("x"));
  EXPECT_EQ(router.match("get", "/x").handler, nullptr);
  EXPECT_EQ(router.match("get", "/x").allowed_methods, std::vector<std::string>{"GET"});
}

TEST(Router, RootPathMatches) {
  Router router;
  router.add("GET", "/", answering("root"));
  EXPECT_EQ(call(router.match("GET", "/")), "root");
}

TEST(Router, RejectsBadPatterns) {
  Router router;
  EXPECT_THROW(router.add("GET", "v1/x", answering("")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/v1/{id", answering("")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/v1/a{id}", answering("")), std::invalid_argument);
  router.add("GET", "/v1/{id}", answering(""));
  EXPECT_THROW(router.add("GET", "/v1/{id}", answering("")), std::invalid_argument);
}

}  // namespace
}  // namespace opsdesk::http
