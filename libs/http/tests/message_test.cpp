#include "libs/http/message.hpp"

#include <gtest/gtest.h>

#include "libs/http/problem.hpp"

namespace opsdesk::http {
namespace {

TEST(Message, RequestHeadersAreCaseInsensitive) {
  Request request;
  request.headers["Content-Type"] = "application/json";
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(request.header("Accept"), "");
}

TEST(Message, QueryParamIsNulloptWhenAbsent) {
  Request request;
  request.query["limit"] = "10";
  EXPECT_EQ(request.query_param("limit"), "10");
  EXPECT_EQ(request.query_param("cursor"), std::nullopt);
}

TEST(Message, SetHeaderReplacesCaseInsensitively) {
  auto response = Response::text(200, "hi");
  response.set_header("ETag", "\"1\"").set_header("etag", "\"2\"");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.header("ETAG"), "\"2\"");
  EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
}

TEST(Message, JsonResponseSurvivesInvalidUtf8) {
  auto response = Response::json(404, {{"detail", std::string("No resource at /\xff")}});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_NE(response.body.find("No resource at /"), std::string::npos);
}

TEST(Problem, TypeIsAnOpsdeskUrn) {
  EXPECT_EQ(problem_type("validation-failed"), "urn:opsdesk:problem:validation-failed");
}

TEST(Problem, ResponseCarriesEveryMemberAndTheRequestId) {
  auto problem =
      validation_problem({{"title", "is required"}, {"severity", "must be one of: s1, s2"}});
  problem.extensions["current_version"] = 7;
  problem.extensions["status"] = 999;  // must not override the real status
  auto response = problem.to_response("req-1");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "urn:opsdesk:problem:validation-failed");
  EXPECT_EQ(body["status"], 422);
  EXPECT_FALSE(body["title"].get<std::string>().empty());
  EXPECT_FALSE(body["detail"].get<std::string>().empty());
  EXPECT_EQ(body["request_id"], "req-1");
  EXPECT_EQ(body["current_version"], 7);
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][0]["field"], "title");
  EXPECT_EQ(body["errors"][0]["message"], "is required");
}

TEST(Problem, ErrorsAreOmittedWhenThereAreNone) {
  auto body = nlohmann::json::parse(not_found_problem("No incident 42.").to_response("r").body);
  EXPECT_FALSE(body.contains("errors"));
  EXPECT_EQ(body["type"], "urn:opsdesk:problem:not-found");
  EXPECT_EQ(body["detail"], "No incident 42.");
}

TEST(Problem, UnauthenticatedNamesTheBearerScheme) {
  Problem problem;
  problem.status = 401;
  problem.type = problem_type("unauthenticated");
  problem.title = "Unauthenticated";
  problem.detail = "No token.";
  auto response = problem.to_response("r");
  EXPECT_EQ(response.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(not_found_problem("x").to_response("r").header("WWW-Authenticate"), "");
}

TEST(Problem, HelpersHaveTheirStatusAndType) {
  EXPECT_EQ(malformed_json_problem("x").status, 400);
  EXPECT_EQ(malformed_json_problem("x").type, problem_type("malformed-json"));
  EXPECT_EQ(method_not_allowed_problem("x").status, 405);
  EXPECT_EQ(method_not_allowed_problem("x").type, problem_type("method-not-allowed"));
  EXPECT_EQ(internal_error_problem().status, 500);
  EXPECT_EQ(internal_error_problem().type, problem_type("internal-error"));
}

}  // namespace
}  // namespace opsdesk::http
