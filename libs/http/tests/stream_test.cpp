// Streaming responses (Response::stream, stream.hpp) over real sockets: the head and first
// bytes, then whatever the sink is given; the sink learns when the client leaves or the server
// stops; a client that does not read is cut off at the buffer limit while everyone else is
// served.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <thread>

#include "libs/http/server.hpp"
#include "libs/http/tests/test_server.hpp"

namespace opsdesk::http {
namespace {

using namespace std::chrono_literals;

// A client socket that sends one GET and reads only when asked.
class StreamClient {
 public:
  explicit StreamClient(std::uint16_t port, int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    // Set before connecting, so the window the client offers stays small.
    if (receive_buffer > 0)
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("connect() failed");
    const std::string request = "GET /stream HTTP/1.1\r\nHost: test\r\n\r\n";
    ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
  }
  ~StreamClient() { close(); }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Reads until `text` has arrived (true) or the deadline passes or the server closes (false).
  bool read_until(const std::string& text, std::chrono::milliseconds deadline = 10s) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (received_.find(text) == std::string::npos) {
      if (!read_some(until)) return false;
    }
    return true;
  }
  // True when the server closes the connection before the deadline (reading what it sent).
  bool closed_by_server(std::chrono::milliseconds deadline = 10s) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (read_some(until)) {
    }
    return eof_;
  }
  const std::string& received() const { return received_; }

 private:
  bool read_some(std::chrono::steady_clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0 || eof_) return false;
    pollfd polled{fd_, POLLIN, 0};
    if (::poll(&polled, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[65536];
    const auto got = ::recv(fd_, chunk, sizeof chunk, 0);
    if (got <= 0) {
      eof_ = true;
      return false;
    }
    received_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }

  int fd_ = -1;
  std::string received_;
  bool eof_ = false;
};

// A server whose GET /stream answers "first\n" and hands its sink to the test; GET /ping is
// an ordinary route.
struct StreamingServer {
  explicit StreamingServer(ServerOptions options = testing::quiet_options()) {
    Router router;
    router.add_async("GET", "/stream", [this](const Request&, Reply reply) {
      Response response;
      response.content_type = "text/event-stream";
      response.body = "first\n";
      response.stream = [this](std::shared_ptr<StreamSink> sink) { sinks.set_value(sink); };
      reply.send(std::move(response));
    });
    router.add("GET", "/ping", [](const Request&) { return Response::text(200, "pong"); });
    server = std::make_unique<testing::TestServer>(std::move(router), options);
  }
  std::shared_ptr<StreamSink> next_sink() {
    auto future = sinks.get_future();
    EXPECT_EQ(future.wait_for(10s), std::future_status::ready) << "the opener was not called";
    return future.get();
  }

  std::promise<std::shared_ptr<StreamSink>> sinks;
  std::unique_ptr<testing::TestServer> server;
};

// Polls `condition` every 10 ms for at most 10 s.
template <typename Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 1000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

TEST(Stream, SendsItsHeadAndFirstBytesThenWhatTheSinkIsGiven) {
  StreamingServer streaming;
  StreamClient client(streaming.server->port());
  ASSERT_TRUE(client.read_until("first\n"));
  const auto head = client.received().substr(0, client.received().find("\r\n\r\n"));
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
  // The body ends when the connection does: no length, and said so.
  EXPECT_NE(head.find("Connection: close"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;

  auto sink = streaming.next_sink();
  EXPECT_TRUE(sink->send("second\n"));
  EXPECT_TRUE(sink->send("third\n"));
  EXPECT_TRUE(client.read_until("first\nsecond\nthird\n"));
  sink->close();
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Stream, TheSinkLearnsThatTheClientLeft) {
  StreamingServer streaming;
  StreamClient client(streaming.server->port());
  ASSERT_TRUE(client.read_until("first\n"));
  auto sink = streaming.next_sink();
  client.close();
  EXPECT_TRUE(eventually([&] { return sink->closed(); }));
  EXPECT_FALSE(sink->send("anyone?\n"));
}

TEST(Stream, AClientThatDoesNotReadIsCutOffAtTheLimitWhileOthersAreServed) {
  auto options = testing::quiet_options();
  options.stream_buffer_limit = 64 * 1024;
  StreamingServer streaming(options);
  StreamClient slow(streaming.server->port(), /*receive_buffer=*/4096);
  auto sink = streaming.next_sink();

  // The kernel's buffers take the first megabytes; then 64 KiB wait, then the sink says no.
  const std::string chunk(16 * 1024, 'x');
  std::size_t sent = 0;
  while (sink->send(chunk) && sent < (256u << 20)) sent += chunk.size();
  EXPECT_LT(sent, 256u << 20) << "never cut off";
  EXPECT_TRUE(sink->closed());
  EXPECT_TRUE(slow.closed_by_server());

  // Meanwhile an ordinary request is answered as ever.
  auto pong = streaming.server->client().Get("/ping");
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->status, 200);
}

TEST(Stream, StoppingTheServerEndsItsStreams) {
  StreamingServer streaming;
  StreamClient client(streaming.server->port());
  ASSERT_TRUE(client.read_until("first\n"));
  auto sink = streaming.next_sink();
  streaming.server->server->stop();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_TRUE(sink->closed());
}

}  // namespace
}  // namespace opsdesk::http
