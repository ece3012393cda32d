// Threads and lifetimes: handlers off the I/O threads, concurrency, and stop() draining
// in-flight requests.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "libs/http/server.hpp"
#include "libs/http/testing/raw_connection.hpp"
#include "libs/http/tests/test_server.hpp"
#include "libs/testing/eventually.hpp"

namespace opsdesk::http {
namespace {

using namespace std::chrono_literals;
using testing::RawConnection;
using testing::TestServer;

constexpr auto kDeadline = 10s;

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

// Polls a condition that has no event to wait on (a closed listener) until a deadline.
using opsdesk::testing::eventually;

// A handler that announces it has started and then blocks until released (or the deadline).
struct Gate {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();

  Handler handler() {
    return [this](const Request&) {
      entered.set_value();
      if (released.wait_for(kDeadline) != std::future_status::ready)
        return Response::text(503, "never released");
      return Response::text(200, "finished");
    };
  }
};

TEST(ServerLifecycle, HandlerBlockingDoesNotStopTheIoThread) {
  // With one I/O thread, a handler that waits for a second request can only finish if
  // handlers run elsewhere: the second request must still be read, routed and answered.
  Gate gate;
  Router router;
  router.add("GET", "/wait", gate.handler());
  router.add("GET", "/release", [&gate](const Request&) {
    gate.release.set_value();
    return Response::text(200, "released");
  });
  auto options = testing::quiet_options();
  options.io_threads = 1;
  TestServer server(std::move(router), options);

  auto waiting = std::async(std::launch::async, [&] { return server.client().Get("/wait"); });
  ASSERT_EQ(gate.entered.get_future().wait_for(kDeadline), std::future_status::ready);
  auto release = server.client().Get("/release");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->body, "released");
  auto waited = waiting.get();
  ASSERT_TRUE(waited);
  EXPECT_EQ(waited->status, 200);
  EXPECT_EQ(waited->body, "finished");
}

TEST(ServerLifecycle, ManyClientsOnManyIoThreads) {
  Router router;
  router.add("GET", "/n/{n}", [](const Request& request) {
    return Response::text(200, request.path_params.at("n"));
  });
  auto options = testing::quiet_options();
  options.io_threads = 3;
  TestServer server(std::move(router), options);

  std::vector<std::future<int>> clients;
  for (int c = 0; c < 6; ++c) {
    clients.push_back(std::async(std::launch::async, [&server, c] {
      auto client = server.client();
      client.set_keep_alive(true);
      int ok = 0;
      for (int i = 0; i < 20; ++i) {
        const auto n = std::to_string(c * 100 + i);
        auto result = client.Get("/n/" + n);
        if (result && result->status == 200 && result->body == n) ++ok;
      }
      return ok;
    }));
  }
  for (auto& client : clients) EXPECT_EQ(client.get(), 20);
}

TEST(ServerLifecycle, StopLetsAnInFlightRequestFinish) {
  Gate gate;
  Router router;
  router.add("GET", "/slow", gate.handler());
  TestServer server(std::move(router));
  const auto port = server.port();

  auto in_flight = std::async(std::launch::async, [&] { return server.client().Get("/slow"); });
  ASSERT_EQ(gate.entered.get_future().wait_for(kDeadline), std::future_status::ready);
  auto stopping = std::async(std::launch::async, [&] { server.server->stop(10s); });
  // stop() has begun once the listener is closed; only then let the handler finish.
  ASSERT_TRUE(eventually([&] { return !can_connect(port); }, kDeadline));
  gate.release.set_value();

  auto result = in_flight.get();
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "finished");
  EXPECT_EQ(result->get_header_value("Connection"), "close");
  ASSERT_EQ(stopping.wait_for(kDeadline), std::future_status::ready);
}

TEST(ServerLifecycle, StopPastTheDrainTimeClosesBusyConnections) {
  Gate gate;
  Router router;
  router.add("GET", "/slow", gate.handler());
  TestServer server(std::move(router));

  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(gate.entered.get_future().wait_for(kDeadline), std::future_status::ready);
  auto stopping = std::async(std::launch::async, [&] { server.server->stop(50ms); });
  // The handler is still blocked, so only the drain deadline can close the connection.
  std::string received;
  EXPECT_TRUE(connection.wait_closed(&received));
  EXPECT_EQ(received, "");
  gate.release.set_value();  // stop() waits for the worker pool
  ASSERT_EQ(stopping.wait_for(kDeadline), std::future_status::ready);
}

TEST(ServerLifecycle, StopClosesIdleKeepAliveConnections) {
  Router router;
  router.add("GET", "/ping", [](const Request&) { return Response::text(200, "pong"); });
  TestServer server(std::move(router));
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(connection.read_response());

  auto stopping = std::async(std::launch::async, [&] { server.server->stop(10s); });
  EXPECT_TRUE(connection.wait_closed());
  ASSERT_EQ(stopping.wait_for(kDeadline), std::future_status::ready);
  EXPECT_FALSE(can_connect(server.port()));
}

TEST(ServerLifecycle, StopIsIdempotentAndSafeWithoutStart) {
  Router router;
  router.add("GET", "/ping", [](const Request&) { return Response::text(200, "pong"); });
  observability::Registry metrics;
  {
    Server never_started(testing::quiet_options(), router, metrics);
    never_started.stop();
    never_started.stop();
  }
  {
    Server server(testing::quiet_options(), router, metrics);
    ASSERT_TRUE(server.start());
    EXPECT_FALSE(server.start().has_value());
    server.stop();
    server.stop();
    EXPECT_FALSE(server.start().has_value());
  }  // and the destructor stops once more
  {
    Server left_running(testing::quiet_options(), router, metrics);
    ASSERT_TRUE(left_running.start());
  }  // the destructor alone stops it
}

}  // namespace
}  // namespace opsdesk::http
