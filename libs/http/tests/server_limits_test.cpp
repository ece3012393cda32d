// What the server does with clients that break the rules: bodies and headers over the
// limits, requests that stall, connections left idle, bytes that are not HTTP.

#include <gtest/gtest.h>
#include <httplib.h>

#include "libs/http/server.hpp"
#include "libs/http/testing/raw_connection.hpp"
#include "libs/http/tests/test_server.hpp"
#include "libs/testing/eventually.hpp"

namespace opsdesk::http {
namespace {

using testing::RawConnection;
using testing::RawResponse;
using testing::TestServer;

Router echo_router() {
  Router router;
  router.add("POST", "/echo",
             [](const Request& request) { return Response::text(200, request.body); });
  router.add("GET", "/ping", [](const Request&) { return Response::text(200, "pong"); });
  return router;
}

std::string problem_type_of(const RawResponse& response) {
  return nlohmann::json::parse(response.body).value("type", "");
}

TEST(ServerLimits, BodyOverTheLimitIs413) {
  auto options = testing::quiet_options();
  options.body_limit = 1024;
  TestServer server(echo_router(), options);
  auto result = server.client().Post("/echo", std::string(100 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(nlohmann::json::parse(result->body)["type"], "urn:opsdesk:problem:payload-too-large");
  EXPECT_FALSE(result->get_header_value("X-Request-Id").empty());
  EXPECT_NE(server.metrics.render_prometheus().find(
                "opsdesk_http_requests_total{method=\"POST\",route=\"limit\",status=\"413\"} 1"),
            std::string::npos)
      << server.metrics.render_prometheus();
}

TEST(ServerLimits, BodyAtTheLimitIsServed) {
  auto options = testing::quiet_options();
  options.body_limit = 1024;
  TestServer server(echo_router(), options);
  auto result = server.client().Post("/echo", std::string(1024, 'x'), "text/plain");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body.size(), 1024u);
}

TEST(ServerLimits, DeclaredLengthOverTheLimitIsRefusedBeforeTheBodyAndCloses) {
  auto options = testing::quiet_options();
  options.body_limit = 1024;
  TestServer server(echo_router(), options);
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->header("Connection"), "close");
  EXPECT_EQ(problem_type_of(*response), "urn:opsdesk:problem:payload-too-large");
  EXPECT_TRUE(connection.wait_closed());
}

TEST(ServerLimits, HugeHeadersAre431) {
  auto options = testing::quiet_options();
  options.header_limit = 1024;
  TestServer server(echo_router(), options);
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /ping HTTP/1.1\r\nHost: t\r\nX-Request-Id: big-1\r\nX-Big: " +
                              std::string(8 * 1024, 'a') + "\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->header("Content-Type"), "application/problem+json");
  EXPECT_EQ(problem_type_of(*response), "urn:opsdesk:problem:request-header-fields-too-large");
  EXPECT_EQ(response->header("X-Request-Id"), "big-1");
  EXPECT_TRUE(connection.wait_closed());
}

TEST(ServerLimits, PartialRequestTimesOutWith408) {
  auto options = testing::quiet_options();
  options.read_timeout = std::chrono::milliseconds{300};
  TestServer server(echo_router(), options);
  RawConnection connection(server.port());
  ASSERT_TRUE(
      connection.send("GET /ping HTTP/1.1\r\nHost: t\r\n"));  // no blank line: never complete
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_EQ(problem_type_of(*response), "urn:opsdesk:problem:request-timeout");
  EXPECT_TRUE(connection.wait_closed());
  EXPECT_NE(server.metrics.render_prometheus().find("route=\"limit\",status=\"408\""),
            std::string::npos);
}

TEST(ServerLimits, StalledBodyTimesOutWith408) {
  auto options = testing::quiet_options();
  options.read_timeout = std::chrono::milliseconds{300};
  TestServer server(echo_router(), options);
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_TRUE(connection.wait_closed());
}

TEST(ServerLimits, IdleConnectionIsClosedSilently) {
  auto options = testing::quiet_options();
  options.idle_timeout = std::chrono::milliseconds{200};
  TestServer server(echo_router(), options);
  RawConnection connection(server.port());
  std::string received;
  EXPECT_TRUE(connection.wait_closed(&received));
  EXPECT_EQ(received, "");
}

TEST(ServerLimits, AConnectionThatSendsNothingIsClosedAfterTheReadTimeoutNotTheIdleTime) {
  auto options = testing::quiet_options();
  options.read_timeout = std::chrono::milliseconds{200};
  options.idle_timeout = std::chrono::hours{1};
  TestServer server(echo_router(), options);
  RawConnection silent(server.port());
  std::string received;
  EXPECT_TRUE(silent.wait_closed(&received));
  EXPECT_EQ(received, "");

  // Once it has asked something, a keep-alive connection may rest for the idle time.
  RawConnection used(server.port());
  ASSERT_TRUE(used.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(used.read_response());
  std::this_thread::sleep_for(std::chrono::milliseconds{600});
  ASSERT_TRUE(used.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto again = used.read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "pong");
}

TEST(ServerLimits, BeyondMaxConnectionsANewConnectionIsClosedAndTheOthersAreServed) {
  auto options = testing::quiet_options();
  options.max_connections = 2;
  TestServer server(echo_router(), options);
  RawConnection first(server.port());
  RawConnection second(server.port());
  // Both are open (each answers), so a third is one too many.
  for (auto* connection : {&first, &second}) {
    ASSERT_TRUE(connection->send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_TRUE(connection->read_response());
  }
  RawConnection third(server.port());
  std::string received;
  EXPECT_TRUE(third.wait_closed(&received));
  EXPECT_EQ(received, "");

  // The open ones keep being served, and a place that frees up is taken again.
  ASSERT_TRUE(first.send("GET /ping HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  ASSERT_TRUE(first.read_response());
  EXPECT_TRUE(first.wait_closed());
  EXPECT_TRUE(opsdesk::testing::eventually([&] {
    RawConnection fourth(server.port());
    if (!fourth.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n")) return false;
    auto answer = fourth.read_response();
    return answer && answer->body == "pong";
  }));
}

TEST(ServerLimits, IdleKeepAliveConnectionIsClosedSilentlyAfterAResponse) {
  auto options = testing::quiet_options();
  options.idle_timeout = std::chrono::milliseconds{200};
  TestServer server(echo_router(), options);
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "pong");
  std::string received;
  EXPECT_TRUE(connection.wait_closed(&received));
  EXPECT_EQ(received, "");
}

TEST(ServerLimits, MalformedRequestLineIs400AndCloses) {
  TestServer server(echo_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GARBAGE\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->header("Content-Type"), "application/problem+json");
  EXPECT_EQ(problem_type_of(*response), "urn:opsdesk:problem:malformed-request");
  EXPECT_FALSE(response->header("X-Request-Id").empty());
  EXPECT_TRUE(connection.wait_closed());
}

TEST(ServerLimits, MalformedHeaderLineIs400) {
  TestServer server(echo_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /ping HTTP/1.1\r\nHost: t\r\nNo Colon Here\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(connection.wait_closed());
}

TEST(ServerLimits, BrokenPercentEscapeIs400) {
  TestServer server(echo_router());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /pi%zzng HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(problem_type_of(*response), "urn:opsdesk:problem:malformed-request");
  EXPECT_NE(nlohmann::json::parse(response->body)["detail"].get<std::string>().find("hex digits"),
            std::string::npos);
}

TEST(ServerLimits, ServerKeepsServingOthersAfterRejections) {
  auto options = testing::quiet_options();
  options.header_limit = 512;
  TestServer server(echo_router(), options);
  {
    RawConnection bad(server.port());
    ASSERT_TRUE(bad.send("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n"));
    auto response = bad.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400);
  }
  auto result = server.client().Get("/ping");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "pong");
}

}  // namespace
}  // namespace opsdesk::http
