// The server end to end over real sockets: routing, decoding, request ids, problems, metrics,
// keep-alive.

#include "libs/http/server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <stdexcept>

#include "libs/core/uuid.hpp"
#include "libs/http/testing/raw_connection.hpp"
#include "libs/http/tests/test_server.hpp"

namespace opsdesk::http {
namespace {

using testing::RawConnection;
using testing::TestServer;

Router item_router() {
  Router router;
  router.add("GET", "/v1/items/{id}", [](const Request& request) {
    nlohmann::json query = nlohmann::json::object();
    for (const auto& [name, value] : request.query) query[name] = value;
    return Response::json(200, {{"id", request.path_params.at("id")},
                                {"path", request.path},
                                {"query", query},
                                {"request_id", request.request_id}});
  });
  router.add("GET", "/v1/items/special",
             [](const Request&) { return Response::text(200, "special"); });
  router.add("DELETE", "/v1/items/{id}", [](const Request&) { return Response::text(204, ""); });
  router.add("POST", "/v1/echo", [](const Request& request) {
    return Response::text(200, request.body, request.header("Content-Type"))
        .set_header("X-Seen-Header", request.header("x-custom"));
  });
  router.add("GET", "/v1/boom", [](const Request&) -> Response {
    throw std::runtime_error("secret internal detail");
  });
  return router;
}

nlohmann::json body_of(const httplib::Result& result) {
  return nlohmann::json::parse(result->body);
}

TEST(Server, RoutesWithPathParamsAndDecodesPathAndQuery) {
  TestServer server(item_router());
  auto client = server.client();
  client.set_url_encode(false);  // send the target exactly as written
  auto result = client.Get("/v1/items/a%20b?q=disk+full&tag=%E6%9D%B1&empty");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  auto body = body_of(result);
  EXPECT_EQ(body["path"], "/v1/items/a b");
  EXPECT_EQ(body["id"], "a b");
  EXPECT_EQ(body["query"]["q"], "disk full");
  EXPECT_EQ(body["query"]["tag"], "\xE6\x9D\xB1");
  EXPECT_EQ(body["query"]["empty"], "");
}

TEST(Server, PathParamIsDecoded) {
  TestServer server(item_router());
  auto result = server.client().Get("/v1/items/x%2By");
  ASSERT_TRUE(result);
  EXPECT_EQ(body_of(result)["id"], "x+y");
}

TEST(Server, LiteralRouteBeatsParameterRoute) {
  TestServer server(item_router());
  auto result = server.client().Get("/v1/items/special");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "special");
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; charset=utf-8");
}

TEST(Server, UnknownPathIs404Problem) {
  TestServer server(item_router());
  auto result = server.client().Get("/v2/nothing");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/problem+json");
  auto body = body_of(result);
  EXPECT_EQ(body["type"], "urn:opsdesk:problem:not-found");
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["request_id"], result->get_header_value("X-Request-Id"));
}

TEST(Server, WrongMethodIs405WithAllow) {
  TestServer server(item_router());
  auto result = server.client().Put("/v1/items/7", "{}", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(result->get_header_value("Allow"), "DELETE, GET");
  EXPECT_EQ(body_of(result)["type"], "urn:opsdesk:problem:method-not-allowed");
}

TEST(Server, NoContentHasNoBody) {
  TestServer server(item_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("DELETE /v1/items/7 HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 204);
  EXPECT_TRUE(response->body.empty());
  EXPECT_FALSE(response->header("X-Request-Id").empty());
}

TEST(Server, EchoesASaneRequestId) {
  TestServer server(item_router());
  auto result = server.client().Get("/v1/items/1", {{"X-Request-Id", "client-req_1.a"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->get_header_value("X-Request-Id"), "client-req_1.a");
  EXPECT_EQ(body_of(result)["request_id"], "client-req_1.a");
}

TEST(Server, ReplacesMissingOrInsaneRequestIdWithUuidV7) {
  TestServer server(item_router());
  auto client = server.client();
  for (const std::string& sent :
       std::vector<std::string>{"", "has space", "semi;colon", std::string(129, 'a')}) {
    httplib::Headers headers;
    if (!sent.empty()) headers.emplace("X-Request-Id", sent);
    auto result = client.Get("/v1/items/1", headers);
    ASSERT_TRUE(result);
    const auto id = result->get_header_value("X-Request-Id");
    auto uuid = core::Uuid::parse(id);
    ASSERT_TRUE(uuid.has_value()) << "'" << sent << "' -> " << id;
    EXPECT_EQ(uuid->version(), 7);
    EXPECT_EQ(body_of(result)["request_id"], id);
  }
}

TEST(Server, HandlerSeesBodyAndHeadersAndSetsHeaders) {
  TestServer server(item_router());
  auto result =
      server.client().Post("/v1/echo", {{"X-Custom", "yes"}}, "hello body", "text/x-test");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "hello body");
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/x-test");
  EXPECT_EQ(result->get_header_value("X-Seen-Header"), "yes");
  EXPECT_EQ(result->get_header_value("Content-Length"), "10");
}

TEST(Server, HandlerExceptionIs500ProblemWithoutInternals) {
  TestServer server(item_router());
  auto result = server.client().Get("/v1/boom", {{"X-Request-Id", "boom-1"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/problem+json");
  auto body = body_of(result);
  EXPECT_EQ(body["type"], "urn:opsdesk:problem:internal-error");
  EXPECT_EQ(body["request_id"], "boom-1");
  EXPECT_EQ(result->body.find("secret"), std::string::npos);
}

TEST(Server, KeepAliveServesTwoRequestsOnOneConnection) {
  TestServer server(item_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /v1/items/1 HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto first = connection.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_NE(first->header("Connection"), "close");
  ASSERT_TRUE(connection.send("GET /v1/items/2 HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto second = connection.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(nlohmann::json::parse(second->body)["id"], "2");
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  TestServer server(item_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(
      connection.send("GET /v1/items/1 HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /v1/items/2 HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /v1/items/3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  for (const auto* id : {"1", "2", "3"}) {
    auto response = connection.read_response();
    ASSERT_TRUE(response) << id;
    EXPECT_EQ(nlohmann::json::parse(response->body)["id"], id);
  }
  EXPECT_TRUE(connection.wait_closed());
}

TEST(Server, ConnectionCloseIsHonoured) {
  TestServer server(item_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /v1/items/1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("Connection"), "close");
  EXPECT_TRUE(connection.wait_closed());
}

TEST(Server, Http10ClosesByDefault) {
  TestServer server(item_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /v1/items/1 HTTP/1.0\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(connection.wait_closed());
}

TEST(Server, ExpectContinueGetsAnInterimResponse) {
  TestServer server(item_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(
      connection.send("POST /v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                      "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = connection.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(connection.send("hello"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
}

TEST(Server, CountsRequestsAndLatencyPerRoute) {
  TestServer server(item_router());
  auto client = server.client();
  ASSERT_TRUE(client.Get("/v1/items/1"));
  ASSERT_TRUE(client.Get("/v1/items/2"));
  ASSERT_TRUE(client.Get("/nowhere"));
  ASSERT_TRUE(client.Put("/v1/items/2", "", "text/plain"));

  const auto text = server.metrics.render_prometheus();
  EXPECT_NE(
      text.find(
          "opsdesk_http_requests_total{method=\"GET\",route=\"/v1/items/{id}\",status=\"200\"} 2"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("opsdesk_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "opsdesk_http_requests_total{method=\"PUT\",route=\"/v1/items/{id}\",status=\"405\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE opsdesk_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(
      text.find(
          "opsdesk_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/items/{id}\"} 2"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("opsdesk_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/"
                      "items/{id}\",le=\"+Inf\"} 2"),
            std::string::npos)
      << text;
}

TEST(Server, UnknownMethodsShareOneMetricsLabel) {
  TestServer server(item_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("FROBNICATE /v1/items/1 HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_NE(server.metrics.render_prometheus().find("method=\"other\""), std::string::npos);
}

TEST(Server, AccessLogDoesNotDisturbServing) {
  auto options = testing::quiet_options();
  options.access_log = true;
  TestServer server(item_router(), options);
  auto result = server.client().Get("/v1/items/1");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST(Server, BaseUrlNamesTheBoundPort) {
  TestServer server(item_router());
  EXPECT_NE(server.port(), 0);
  EXPECT_EQ(server.server->base_url(), "http://127.0.0.1:" + std::to_string(server.port()));
}

TEST(Server, StartFailsClearlyWhenThePortIsTaken) {
  TestServer first(item_router());
  observability::Registry metrics;
  auto options = testing::quiet_options();
  options.port = first.port();
  Server second(options, item_router(), metrics);
  auto started = second.start();
  ASSERT_FALSE(started.has_value());
  // Once, with the reason: the close after the failed bind used to overwrite it ("Success").
  EXPECT_EQ(started.error(), "cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                 ": Address already in use");
}

}  // namespace
}  // namespace opsdesk::http
