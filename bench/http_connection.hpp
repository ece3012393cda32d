#pragma once
// One keep-alive HTTP/1.1 client connection of the load clients: connect, then one exchange at a
// time (send a request text, deliver its whole answer). It runs only on a single-threaded
// io_context and never blocks it, never pipelines, and never leaves an operation without a
// deadline.
//
// Built for a small CPU footprint, since a load client shares the machine's cores with the server
// it measures: a request leaves with one non-blocking send; its answer is awaited with a readiness
// wait (no speculative read that would find nothing), read straight into the connection's own
// buffer and framed by the cheap response reader; one watchdog tick a second, only while an
// operation is pending, stands in for a timer per request.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/response_reader.hpp"

namespace opsdesk::bench {

struct HttpConnectionLimits {
  std::chrono::steady_clock::duration connect_timeout = std::chrono::seconds(5);
  // From the request's first byte to its answer's last; the watchdog notices within a second.
  std::chrono::steady_clock::duration answer_timeout = std::chrono::seconds(30);
  std::size_t max_response = kResponseHeadLimit + 2 * 1024 * 1024;
};

// Why an operation failed; the connection is closed by then.
struct HttpFailure {
  std::string step;   // "connect", "write" or "read"
  std::string cause;  // "no answer in time" when the deadline passed
  std::string text() const { return step + ": " + cause; }
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  // The answer's views point into the connection's buffer: valid only while the handler runs.
  using Answer = std::expected<ResponseView, HttpFailure>;
  using ConnectHandler = std::move_only_function<void(std::expected<void, HttpFailure>)>;
  using AnswerHandler = std::move_only_function<void(const Answer&)>;

  HttpConnection(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint endpoint,
                 HttpConnectionLimits limits = {});

  // Opens the connection (again, after a close or a failure), with TCP_NODELAY.
  void connect(ConnectHandler on_connected);

  // Sends `request_text`, which must stay alive until `on_answer` runs, and delivers the one
  // answer it gets. After an answer saying `Connection: close` the connection is already closed
  // when `on_answer` runs, and an exchange on a closed connection fails. A handler may start the
  // next operation; it is never run from inside connect() or exchange() themselves.
  void exchange(std::string_view request_text, AnswerHandler on_answer);

  // A pending operation ends with a failure.
  void close();
  bool is_open() const { return socket_.is_open(); }

 private:
  enum class Pending { nothing, connect, answer };

  void begin(Pending what, std::chrono::steady_clock::duration within);
  void arm_watchdog();
  // The handler travels with the operation rather than waiting in a member: an operation dropped
  // unfinished (its io_context stopped and destroyed) then drops its handler, and with it
  // whatever the handler kept alive.
  void await_answer(AnswerHandler on_answer);
  void on_readable(AnswerHandler on_answer);
  HttpFailure failed(const char* step, std::string cause);
  void fail_later(const char* step, boost::system::error_code ec, AnswerHandler on_answer);

  boost::asio::ip::tcp::endpoint endpoint_;
  HttpConnectionLimits limits_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer watchdog_;
  std::vector<char> in_;
  std::size_t in_used_ = 0;
  Pending pending_ = Pending::nothing;
  std::chrono::steady_clock::time_point deadline_{};
  bool watchdog_armed_ = false;
  bool timed_out_ = false;
};

}  // namespace opsdesk::bench
