// One keep-alive client connection of the load clients (see http_connection.hpp).

#include "bench/http_connection.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>
#include <utility>

namespace opsdesk::bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kWatchdogTick = 1s;  // how often a busy connection checks its deadline
constexpr std::size_t kInitialBuffer = 64 * 1024;

bool would_block(error_code ec) {
  return ec == asio::error::would_block || ec == asio::error::try_again;
}

}  // namespace

HttpConnection::HttpConnection(asio::io_context& io, tcp::endpoint endpoint,
                               HttpConnectionLimits limits)
    : endpoint_(endpoint),
      limits_(limits),
      socket_(io),
      watchdog_(io),
      in_(std::min(kInitialBuffer, limits.max_response)) {}

void HttpConnection::connect(ConnectHandler on_connected) {
  begin(Pending::connect, limits_.connect_timeout);
  if (socket_.is_open()) close();
  socket_.async_connect(endpoint_, [self = shared_from_this(),
                                    on_connected = std::move(on_connected)](error_code ec) mutable {
    if (!ec) self->socket_.set_option(tcp::no_delay(true), ec);
    if (!ec) self->socket_.non_blocking(true, ec);
    if (ec) return on_connected(std::unexpected(self->failed("connect", ec.message())));
    self->pending_ = Pending::nothing;
    on_connected({});
  });
}

void HttpConnection::exchange(std::string_view request_text, AnswerHandler on_answer) {
  begin(Pending::answer, limits_.answer_timeout);
  // Whatever followed the previous answer is an answer nobody asked for (nothing is pipelined).
  in_used_ = 0;
  // Closed by a failure, by close() or after an answer saying `Connection: close`.
  if (!socket_.is_open()) {
    return fail_later("write", asio::error::not_connected, std::move(on_answer));
  }
  // Between requests the socket's send buffer is empty, so a request normally leaves in this one
  // call; whatever does not goes out asynchronously.
  error_code ec;
  std::size_t sent = socket_.write_some(asio::buffer(request_text), ec);
  if (would_block(ec)) {
    sent = 0;
    ec = {};
  }
  if (ec) return fail_later("write", ec, std::move(on_answer));
  if (sent == request_text.size()) return await_answer(std::move(on_answer));
  asio::async_write(
      socket_, asio::buffer(request_text.substr(sent)),
      [self = shared_from_this(), on_answer = std::move(on_answer)](error_code ec,
                                                                    std::size_t) mutable {
        if (ec) return on_answer(Answer(std::unexpected(self->failed("write", ec.message()))));
        self->await_answer(std::move(on_answer));
      });
}

void HttpConnection::close() {
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void HttpConnection::begin(Pending what, Clock::duration within) {
  if (pending_ != Pending::nothing) {
    throw std::logic_error("HttpConnection: an operation was started before the last one ended");
  }
  pending_ = what;
  deadline_ = Clock::now() + within;
  if (!watchdog_armed_) arm_watchdog();
}

// The watchdog holds the connection only while an operation is pending: an idle connection its
// owner has let go of is freed within a tick.
void HttpConnection::arm_watchdog() {
  watchdog_armed_ = true;
  watchdog_.expires_after(kWatchdogTick);
  watchdog_.async_wait([self = shared_from_this()](error_code ec) {
    if (ec || self->pending_ == Pending::nothing) {
      self->watchdog_armed_ = false;
      return;
    }
    if (Clock::now() >= self->deadline_) {
      // Closing ends the pending operation; its handler reports the timeout.
      self->timed_out_ = true;
      self->close();
    }
    self->arm_watchdog();
  });
}

void HttpConnection::await_answer(AnswerHandler on_answer) {
  socket_.async_wait(
      tcp::socket::wait_read,
      [self = shared_from_this(), on_answer = std::move(on_answer)](error_code ec) mutable {
        if (ec) return on_answer(Answer(std::unexpected(self->failed("read", ec.message()))));
        self->on_readable(std::move(on_answer));
      });
}

void HttpConnection::on_readable(AnswerHandler on_answer) {
  auto fail = [&](std::string cause) {
    on_answer(Answer(std::unexpected(failed("read", std::move(cause)))));
  };
  for (;;) {
    if (in_used_ == in_.size()) {
      if (in_.size() >= limits_.max_response) {
        return fail("the answer is larger than " + std::to_string(limits_.max_response) + " bytes");
      }
      in_.resize(std::min(in_.size() * 2, limits_.max_response));
    }
    error_code ec;
    const std::size_t got =
        socket_.read_some(asio::buffer(in_.data() + in_used_, in_.size() - in_used_), ec);
    if (would_block(ec)) return await_answer(std::move(on_answer));
    if (ec) return fail(ec.message());
    in_used_ += got;
    const auto read = read_response(std::string_view(in_.data(), in_used_));
    if (read.state == ResponseRead::State::malformed) return fail(read.error);
    if (read.state == ResponseRead::State::complete) {
      pending_ = Pending::nothing;
      // The server closes after an answer that says so: a next request would only meet that
      // close. The buffer the answer points into stays as it is.
      if (!read.response.keep_alive) close();
      return on_answer(Answer(read.response));
    }
    // Incomplete: read again only if the buffer was filled, else wait for more to arrive.
    if (in_used_ < in_.size()) return await_answer(std::move(on_answer));
  }
}

// Ends the pending operation. A wait the watchdog cut short is reported as the timeout it was, not
// as the close that ended it.
HttpFailure HttpConnection::failed(const char* step, std::string cause) {
  pending_ = Pending::nothing;
  HttpFailure failure{step, timed_out_ ? "no answer in time" : std::move(cause)};
  timed_out_ = false;
  close();
  return failure;
}

// A failure found inside exchange() itself is reported from the io_context, as every other one is,
// so that a handler starting the next operation never runs inside the previous one's call.
void HttpConnection::fail_later(const char* step, error_code ec, AnswerHandler on_answer) {
  asio::post(socket_.get_executor(),
             [self = shared_from_this(), step, ec, on_answer = std::move(on_answer)]() mutable {
               on_answer(Answer(std::unexpected(self->failed(step, ec.message()))));
             });
}

}  // namespace opsdesk::bench
