// Async routes: handlers that answer through a Reply, now or later, from any thread, and the
// guarantees around them (one answer, a 500 for a lost or failed one, blocking work on the
// worker pool, stop() waiting for answers still owed).

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "libs/http/tests/test_server.hpp"

namespace opsdesk::http {
namespace {

using namespace std::chrono_literals;
using testing::TestServer;

constexpr auto kDeadline = 10s;

// Holds the Reply of the request that reached the handler, for a test thread to answer.
class HeldReply {
 public:
  AsyncHandler handler() {
    return [this](const Request&, Reply reply) {
      {
        std::lock_guard lock(mutex_);
        reply_.emplace(std::move(reply));
      }
      arrived_.set_value();
    };
  }
  bool wait_until_held() {
    return arrived_.get_future().wait_for(kDeadline) == std::future_status::ready;
  }
  Reply take() {
    std::lock_guard lock(mutex_);
    Reply reply = std::move(*reply_);
    reply_.reset();
    return reply;
  }

 private:
  std::mutex mutex_;
  std::optional<Reply> reply_;
  std::promise<void> arrived_;
};

bool can_connect(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

TEST(AsyncHandler, AnAnswerSentLaterFromAnotherThreadReachesTheClient) {
  HeldReply held;
  Router router;
  router.add_async("POST", "/later", held.handler());
  TestServer server(std::move(router));

  auto request = std::async(std::launch::async,
                            [&] { return server.client().Post("/later", "x", "text/plain"); });
  ASSERT_TRUE(held.wait_until_held());
  std::thread([reply = held.take()] { reply.send(Response::text(201, "done later")); }).join();

  auto result = request.get();
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 201);
  EXPECT_EQ(result->body, "done later");
  EXPECT_FALSE(result->get_header_value("X-Request-Id").empty());
  EXPECT_NE(server.metrics.render_prometheus().find(
                "opsdesk_http_requests_total{method=\"POST\",route=\"/later\",status=\"201\"} 1"),
            std::string::npos)
      << "answered later, still counted under its route";
}

TEST(AsyncHandler, AnInlineAnswerKeepsTheConnectionForTheNextRequest) {
  Router router;
  router.add_async("GET", "/n/{n}", [](const Request& request, Reply reply) {
    reply.send(Response::text(200, request.path_params.at("n")));
  });
  TestServer server(std::move(router));
  auto client = server.client();
  client.set_keep_alive(true);
  for (int i = 0; i < 20; ++i) {
    auto result = client.Get("/n/" + std::to_string(i));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->body, std::to_string(i));
  }
}

TEST(AsyncHandler, OnlyTheFirstAnswerCounts) {
  Router router;
  router.add_async("GET", "/twice", [](const Request&, Reply reply) {
    reply.send(Response::text(200, "first"));
    reply.send(Response::text(500, "second"));
  });
  TestServer server(std::move(router));
  auto client = server.client();
  client.set_keep_alive(true);
  for (int i = 0; i < 3; ++i) {
    auto result = client.Get("/twice");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->body, "first");
  }
}

TEST(AsyncHandler, AReplyDroppedWithoutAnAnswerIsA500Problem) {
  Router router;
  router.add_async("GET", "/forgotten", [](const Request&, Reply) {});
  TestServer server(std::move(router));
  auto result = server.client().Get("/forgotten");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(nlohmann::json::parse(result->body)["type"], "urn:opsdesk:problem:internal-error");
}

TEST(AsyncHandler, AHandlerThatThrowsIsA500Problem) {
  Router router;
  router.add_async("GET", "/throws",
                   [](const Request&, Reply) { throw std::runtime_error("handler bug"); });
  TestServer server(std::move(router));
  auto result = server.client().Get("/throws");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(nlohmann::json::parse(result->body)["type"], "urn:opsdesk:problem:internal-error");
}

TEST(AsyncHandler, BlockingWorkRunsOnTheWorkerPoolNotTheIoThread) {
  Router router;
  router.add_async("GET", "/blocking", [](const Request&, Reply reply) {
    const auto io_thread = std::this_thread::get_id();
    reply.run_blocking([reply, io_thread] {
      reply.send(Response::text(200, std::this_thread::get_id() == io_thread ? "io" : "worker"));
    });
  });
  router.add_async("GET", "/blocking-throws", [](const Request&, Reply reply) {
    reply.run_blocking([] { throw std::runtime_error("read failed"); });
  });
  TestServer server(std::move(router));
  auto result = server.client().Get("/blocking");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "worker");
  auto failed = server.client().Get("/blocking-throws");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
}

TEST(AsyncHandler, AnAnswerBuiltOnTheIoThreadLeavesTheCallerFree) {
  HeldReply held;
  HeldReply held_throwing;
  Router router;
  router.add_async("GET", "/built", held.handler());
  router.add_async("GET", "/built-throws", held_throwing.handler());
  TestServer server(std::move(router));

  auto request = std::async(std::launch::async, [&] { return server.client().Get("/built"); });
  ASSERT_TRUE(held.wait_until_held());
  const auto caller = std::this_thread::get_id();
  held.take().send_built([caller] {
    return Response::text(200, std::this_thread::get_id() == caller ? "caller" : "io");
  });
  auto result = request.get();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "io");

  auto throwing =
      std::async(std::launch::async, [&] { return server.client().Get("/built-throws"); });
  ASSERT_TRUE(held_throwing.wait_until_held());
  held_throwing.take().send_built([]() -> Response { throw std::runtime_error("render bug"); });
  auto failed = throwing.get();
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
}

TEST(AsyncHandler, StopWaitsForAnAnswerStillOwed) {
  HeldReply held;
  Router router;
  router.add_async("GET", "/owed", held.handler());
  TestServer server(std::move(router));
  const auto port = server.port();

  auto request = std::async(std::launch::async, [&] { return server.client().Get("/owed"); });
  ASSERT_TRUE(held.wait_until_held());
  auto stopping = std::async(std::launch::async, [&] { server.server->stop(10s); });
  // The listener closes as stop() begins; only then is the owed answer sent.
  const auto until = std::chrono::steady_clock::now() + kDeadline;
  while (can_connect(port) && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  ASSERT_FALSE(can_connect(port));
  held.take().send(Response::text(200, "answered while stopping"));

  auto result = request.get();
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "answered while stopping");
  EXPECT_EQ(result->get_header_value("Connection"), "close");
  ASSERT_EQ(stopping.wait_for(kDeadline), std::future_status::ready);
}

}  // namespace
}  // namespace opsdesk::http
