#include "libs/http/session.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <exception>
#include <limits>
#include <string_view>
#include <utility>

#include "libs/core/uuid.hpp"
#include "libs/http/pending_exchange.hpp"
#include "libs/http/response_head.hpp"
#include "libs/http/target.hpp"

namespace opsdesk::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// How long an error response waits for the client to stop sending before the socket closes.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kFirstReadSize = 4096;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string describe(const tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  // Appended: GCC 12 warns falsely (-Wrestrict, its bug 105651) on a literal put in front of a
  // temporary string ("[" + address.to_string()) at -O2.
  std::string text;
  if (address.is_v6())
    text.append("[").append(address.to_string()).append("]");
  else
    text.append(address.to_string());
  return text.append(":").append(std::to_string(endpoint.port()));
}

std::string remote_of(const tcp::socket& socket) {
  beast::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string{"unknown"} : describe(endpoint);
}

Problem limit_problem(int status, const std::string& name, std::string title, std::string detail) {
  Problem problem;
  problem.status = status;
  problem.type = problem_type(name);
  problem.title = std::move(title);
  problem.detail = std::move(detail);
  return problem;
}

// Errors in the client's HTTP, as opposed to the connection going away.
bool is_malformed_http(beast::error_code ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return false;
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more && ec != bhttp::error::need_buffer;
}

}  // namespace

// The sink a stream's producer holds (stream.hpp). It keeps the session only weakly: a client
// that left frees its connection whatever the producer still holds.
class SessionStream final : public StreamSink {
 public:
  SessionStream(std::weak_ptr<Session> session, std::size_t limit)
      : session_(std::move(session)), limit_(limit) {}

  bool send(std::string bytes) override {
    if (closed_.load(std::memory_order_acquire)) return false;
    const auto size = bytes.size();
    if (queued_.fetch_add(size, std::memory_order_acq_rel) + size > limit_) {
      // The client reads slower than we send: end the stream instead of queueing without end.
      close();
      return false;
    }
    auto session = session_.lock();
    if (!session) {
      closed_.store(true, std::memory_order_release);
      return false;
    }
    session->stream_send(std::move(bytes));
    return true;
  }
  bool closed() const override { return closed_.load(std::memory_order_acquire); }
  void close() override {
    closed_.store(true, std::memory_order_release);
    if (auto session = session_.lock()) session->close_now();
  }

  // Called by the session: `size` bytes have been written; the connection has closed.
  void written(std::size_t size) { queued_.fetch_sub(size, std::memory_order_acq_rel); }
  void ended() { closed_.store(true, std::memory_order_release); }

 private:
  std::weak_ptr<Session> session_;
  const std::size_t limit_;
  std::atomic<std::size_t> queued_{0};
  std::atomic<bool> closed_{false};
};

Session::HeadScan Session::scan_head(std::string_view bytes, std::size_t& scanned) {
  // From where the last scan stopped, less the three bytes a terminator may straddle.
  std::size_t i = scanned > 3 ? scanned - 3 : 0;
  for (; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    // A control character (TLS spoken to the HTTP port, say) or a bare LF: not HTTP, and left
    // to Beast, which answers 400 at once rather than after the whole "head" has arrived.
    if ((byte < 0x20 && byte != '\r' && byte != '\n' && byte != '\t') || byte == 0x7f)
      return HeadScan::complete;
    if (byte != '\n') continue;
    if (i == 0 || bytes[i - 1] != '\r') return HeadScan::complete;
    if (i + 1 >= bytes.size()) break;  // the next byte decides
    const char next = bytes[i + 1];
    if (next == '\r') {
      if (i + 2 >= bytes.size()) break;
      return HeadScan::complete;  // CRLF CR…: the empty line that ends the head (Beast checks LF)
    }
    if (next == ' ' || next == '\t') return HeadScan::folded;
  }
  scanned = i;
  return HeadScan::incomplete;
}

Session::Session(tcp::socket socket, ServerCore& core)
    : core_(core),
      socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      remote_(remote_of(socket_)),
      check_interval_(std::max<std::chrono::steady_clock::duration>(
          std::min(core.options().read_timeout, core.options().idle_timeout),
          std::chrono::milliseconds(1))) {
  // on_readable() reads without blocking once the socket is readable.
  beast::error_code ignored;
  socket_.non_blocking(true, ignored);
}

Session::~Session() { core_.forget(this); }

void Session::start() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void Session::stop_when_idle() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    // A stream has no end of its own to wait for: the client reconnects to the next server.
    if (self->phase_ == Phase::idle || self->phase_ == Phase::lingering ||
        self->phase_ == Phase::streaming)
      self->close();
  });
}

void Session::close_now() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->close(); });
}

void Session::wait_for_request() {
  if (phase_ == Phase::closed) return;  // closed by stop() before start() ran
  phase_ = Phase::idle;
  if (core_.stopping()) {
    close();
    return;
  }
  if (buffer_.size() > 0) {
    // A pipelined request is already here.
    first_byte_at_ = std::chrono::steady_clock::now();
    read_request();
    return;
  }
  // A connection that has sent nothing yet gets the read timeout, not the idle time: silent
  // sockets would otherwise hold a descriptor each for the whole idle time.
  const auto& options = core_.options();
  set_deadline(received_a_request_ ? options.idle_timeout
                                   : std::min(options.read_timeout, options.idle_timeout));
  await_readable();
}

void Session::await_readable() {
  // Wait for readiness instead of reading: a read started now would find nothing (the client is
  // still reading our last answer) and cost a system call for it.
  socket_.async_wait(tcp::socket::wait_read,
                     beast::bind_front_handler(&Session::on_readable, shared_from_this()));
}

void Session::on_readable(beast::error_code ec) {
  if (phase_ != Phase::idle) return;
  if (ec) {
    close();
    return;
  }
  beast::error_code read_ec;
  const auto bytes = socket_.read_some(buffer_.prepare(kFirstReadSize), read_ec);
  if (read_ec == asio::error::would_block || read_ec == asio::error::try_again) {
    await_readable();
    return;
  }
  if (read_ec) {
    // The client left (EOF, reset) between requests: nothing to answer.
    close();
    return;
  }
  buffer_.commit(bytes);
  first_byte_at_ = std::chrono::steady_clock::now();
  read_request();
}

void Session::read_request() {
  phase_ = Phase::reading;
  timed_out_ = false;
  parser_.emplace();
  const auto& options = core_.options();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(options.header_limit, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(static_cast<std::uint64_t>(options.body_limit));
  // One deadline for the whole request, from its first byte: a client trickling bytes cannot
  // hold the connection longer than read_timeout.
  set_deadline(options.read_timeout - (std::chrono::steady_clock::now() - first_byte_at_));
  head_scanned_ = 0;
  read_head();
}

void Session::read_head() {
  // Beast's parser waits for the whole head too, and would unfold obsolete line folding into
  // spaces: the raw head is checked here first, while its bytes are still in the buffer.
  const auto data = buffer_.data();
  const std::string_view bytes(static_cast<const char*>(data.data()), data.size());
  const auto scan = scan_head(bytes, head_scanned_);
  if (scan == HeadScan::folded) {
    reject(limit_problem(400, "malformed-request", "Malformed HTTP request",
                         "A header line begins with a space or tab (obsolete line folding, "
                         "RFC 9112 §5.2): send each header field on one line."));
    return;
  }
  // A whole head, bytes that are not HTTP, or too many to be a head: Beast parses them (and
  // answers 400 or 431, with the X-Request-Id it could read).
  if (scan == HeadScan::complete || buffer_.size() > core_.options().header_limit) {
    bhttp::async_read_header(socket_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
    return;
  }
  socket_.async_read_some(
      buffer_.prepare(kFirstReadSize),
      [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
        if (self->phase_ != Phase::reading) return;
        self->buffer_.commit(bytes);
        if (ec || self->timed_out_) {
          self->on_read_error(
              ec == asio::error::eof ? beast::error_code(bhttp::error::partial_message) : ec);
          return;
        }
        self->read_head();
      });
}

void Session::on_header(beast::error_code ec, std::size_t) {
  if (phase_ != Phase::reading) return;
  if (ec || timed_out_) {
    on_read_error(ec);
    return;
  }
  if (!take_head()) return;
  if (routed_->refusal && !parser_->is_done()) {
    // A caller the route does not admit (no valid token, say) is answered before its body is
    // read: no 100 Continue, nothing buffered for it.
    refuse_before_body();
    return;
  }
  const auto& message = parser_->get();
  if (!parser_->is_done() && beast::iequals(message[bhttp::field::expect], "100-continue")) {
    // curl waits for this before sending a body; the limits and the caller have been checked.
    asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                        if (self->phase_ != Phase::reading) return;
                        if (write_ec || self->timed_out_) {
                          self->on_read_error(write_ec);
                          return;
                        }
                        self->read_body();
                      });
    return;
  }
  read_body();
}

bool Session::take_head() {
  const auto& message = parser_->get();
  auto target = parse_target(std::string_view{message.target().data(), message.target().size()});
  if (!target) {
    reject(limit_problem(400, "malformed-request", "Malformed HTTP request",
                         "The request target is not valid: " + target.error() + "."));
    return false;
  }
  Request request;
  request.method = std::string(message.method_string());
  request.path = std::move(target->path);
  request.query = std::move(target->query);
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::string value(field.value());
    // A repeated header is one comma-separated list (RFC 9110 §5.3).
    auto [it, inserted] = request.headers.emplace(std::move(name), value);
    if (!inserted) it->second += ", " + value;
  }
  auto client_id = request.header("X-Request-Id");
  request.request_id = is_sane_request_id(client_id) ? std::move(client_id) : core::new_uuid_v7();
  routed_.emplace(core_.route(request));
  request_.emplace(std::move(request));
  return true;
}

void Session::refuse_before_body() {
  clear_deadline();
  auto request = std::move(*request_);
  auto routed = std::move(*routed_);
  request_.reset();
  routed_.reset();
  // Answered like any request (serve() sends the refusal); respond() sees the body unread and
  // closes after lingering.
  dispatch(std::move(request), std::move(routed), false);
}

void Session::read_body() {
  if (parser_->is_done()) {
    on_request({}, 0);
    return;
  }
  bhttp::async_read(socket_, buffer_, *parser_,
                    beast::bind_front_handler(&Session::on_request, shared_from_this()));
}

void Session::on_request(beast::error_code ec, std::size_t) {
  if (phase_ != Phase::reading) return;
  clear_deadline();
  if (ec) {
    on_read_error(ec);
    return;
  }
  auto& message = parser_->get();
  auto request = std::move(*request_);
  auto routed = std::move(*routed_);
  request_.reset();
  routed_.reset();
  request.body = std::move(message.body());
  dispatch(std::move(request), std::move(routed), message.keep_alive());
}

void Session::on_read_error(beast::error_code ec) {
  clear_deadline();
  if (timed_out_) {
    reject(limit_problem(408, "request-timeout", "Request timeout",
                         "The request did not arrive completely within " +
                             std::to_string(core_.options().read_timeout.count()) + " ms."));
  } else if (ec == bhttp::error::body_limit) {
    reject(limit_problem(413, "payload-too-large", "Payload too large",
                         "The request body is larger than the limit of " +
                             std::to_string(core_.options().body_limit) + " bytes."));
  } else if (ec == bhttp::error::header_limit) {
    reject(limit_problem(431, "request-header-fields-too-large", "Request header fields too large",
                         "The request line and headers are larger than the limit of " +
                             std::to_string(core_.options().header_limit) + " bytes."));
  } else if (is_malformed_http(ec)) {
    reject(limit_problem(400, "malformed-request", "Malformed HTTP request",
                         "The request is not valid HTTP/1.1: " + ec.message() + "."));
  } else {
    // The client went away mid-request: nobody to answer.
    close();
  }
}

void Session::dispatch(Request request, ServerCore::Routed routed, bool keep_alive) {
  phase_ = Phase::handling;
  received_a_request_ = true;
  auto exchange = core_.open_exchange(request, shared_from_this(), remote_, keep_alive);
  // The answer comes back through respond(), from whichever thread the handler answers on.
  // Nothing here may touch the session after serve(): an inline answer may already be writing.
  auto& pending = *exchange;
  core_.serve(std::move(request), std::move(routed), Reply(std::move(exchange)), pending);
}

void Session::respond(Response response, std::string request_id, bool keep_alive) {
  asio::dispatch(
      socket_.get_executor(), [self = shared_from_this(), response = std::move(response),
                               request_id = std::move(request_id), keep_alive]() mutable {
        // Answered before its body was read (refuse_before_body): the rest of the
        // body is still coming, so close, lingering so the client reads the answer.
        const bool body_unread = self->parser_ && !self->parser_->is_done();
        self->write(std::move(response), request_id, keep_alive && !body_unread, body_unread);
      });
}

void Session::on_strand(std::function<void()> work) {
  asio::post(socket_.get_executor(), std::move(work));
}

void Session::reject(const Problem& problem) {
  std::string request_id;
  std::string method;
  std::string path;
  if (parser_) {
    // Whatever of the request line and headers was parsed before the error.
    const auto& message = parser_->get();
    request_id = std::string(message["X-Request-Id"]);
    method = std::string(message.method_string());
    path = std::string(message.target());
  }
  if (!is_sane_request_id(request_id)) request_id = core::new_uuid_v7();
  auto response = problem.to_response(request_id);
  core_.record(Exchange{
      .method = method,
      .path = path,
      .route = problem.status == 400 ? "malformed" : "limit",
      .status = problem.status,
      .duration = std::chrono::steady_clock::now() - first_byte_at_,
      .request_id = request_id,
      .remote = remote_,
      .bytes_in = 0,
      .bytes_out = response.body_size(),
  });
  write(std::move(response), request_id, false, true);
}

void Session::write(Response response, const std::string& request_id, bool keep_alive,
                    bool linger_after) {
  if (phase_ == Phase::closed) return;
  phase_ = Phase::writing;
  keep_alive = keep_alive && !core_.stopping();
  const unsigned version = parser_ && parser_->get().version() == 10 ? 10u : 11u;
  if (!has_body(response.status)) {
    response.body.clear();
    response.shared_body.reset();
  }
  const auto body_size = response.body_size();
  stream_opener_ = std::move(response.stream);
  if (stream_opener_) keep_alive = false;
  out_body_ = std::move(response.body);
  out_shared_body_ = std::move(response.shared_body);
  out_head_ = format_response_head(ResponseHead{
      .version = version,
      .status = response.status,
      .request_id = request_id,
      .content_type = response.content_type,
      .headers = &response.headers,
      .body_size = body_size,
      .keep_alive = keep_alive,
      .close_delimited = static_cast<bool>(stream_opener_),
  });
  // A client that does not take its response within the idle time is as gone as an idle one.
  set_deadline(core_.options().idle_timeout);
  const std::array<asio::const_buffer, 3> buffers{
      asio::buffer(out_head_), asio::buffer(out_body_),
      out_shared_body_ ? asio::buffer(*out_shared_body_) : asio::const_buffer{}};
  asio::async_write(
      socket_, buffers,
      [self = shared_from_this(), keep_alive, linger_after](beast::error_code ec, std::size_t) {
        self->on_write(ec, keep_alive, linger_after);
      });
}

void Session::on_write(beast::error_code ec, bool keep_alive, bool linger_after) {
  if (phase_ != Phase::writing) return;
  clear_deadline();
  out_head_.clear();
  out_body_.clear();
  out_shared_body_.reset();
  if (ec) {
    close();
  } else if (stream_opener_ && !linger_after) {
    begin_streaming();
  } else if (linger_after) {
    linger();
  } else if (!keep_alive || core_.stopping()) {
    close();
  } else {
    wait_for_request();
  }
}

void Session::linger() {
  phase_ = Phase::lingering;
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  buffer_.clear();
  set_deadline(kLingerTime);
  socket_.async_read_some(asio::buffer(discard_),
                          beast::bind_front_handler(&Session::on_linger_read, shared_from_this()));
}

void Session::on_linger_read(beast::error_code ec, std::size_t) {
  if (phase_ != Phase::lingering) return;
  if (ec) {
    close();
    return;
  }
  socket_.async_read_some(asio::buffer(discard_),
                          beast::bind_front_handler(&Session::on_linger_read, shared_from_this()));
}

void Session::begin_streaming() {
  phase_ = Phase::streaming;
  if (core_.stopping()) {
    close();
    return;
  }
  stream_ = std::make_shared<SessionStream>(weak_from_this(), core_.options().stream_buffer_limit);
  // The client sends nothing more on a stream: a read completes when it leaves (or misbehaves).
  socket_.async_read_some(asio::buffer(discard_),
                          beast::bind_front_handler(&Session::on_stream_read, shared_from_this()));
  auto opener = std::move(stream_opener_);
  stream_opener_ = nullptr;
  opener(stream_);
}

void Session::stream_send(std::string bytes) {
  asio::dispatch(socket_.get_executor(),
                 [self = shared_from_this(), bytes = std::move(bytes)]() mutable {
                   if (self->phase_ != Phase::streaming) return;
                   self->stream_queue_.push_back(std::move(bytes));
                   if (!self->stream_writing_) self->write_stream();
                 });
}

void Session::write_stream() {
  if (phase_ != Phase::streaming || stream_queue_.empty()) {
    stream_writing_ = false;
    clear_deadline();
    return;
  }
  stream_writing_ = true;
  out_body_ = std::move(stream_queue_.front());
  stream_queue_.pop_front();
  // A client that takes nothing for the idle time is gone.
  set_deadline(core_.options().idle_timeout);
  asio::async_write(socket_, asio::buffer(out_body_),
                    [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                      if (self->stream_) self->stream_->written(bytes);
                      if (ec) {
                        self->close();
                        return;
                      }
                      self->write_stream();
                    });
}

void Session::on_stream_read(beast::error_code ec, std::size_t) {
  if (phase_ != Phase::streaming) return;
  if (ec) {
    close();
    return;
  }
  socket_.async_read_some(asio::buffer(discard_),
                          beast::bind_front_handler(&Session::on_stream_read, shared_from_this()));
}

void Session::set_deadline(std::chrono::steady_clock::duration after) {
  const auto now = std::chrono::steady_clock::now();
  deadline_ = now + after;
  if (!timer_expiry_ || deadline_ < *timer_expiry_)
    arm_timer(std::min(deadline_, now + check_interval_));
}

void Session::clear_deadline() { deadline_ = std::chrono::steady_clock::time_point::max(); }

void Session::arm_timer(std::chrono::steady_clock::time_point at) {
  ++timer_generation_;
  timer_expiry_ = at;
  timer_.expires_at(at);
  timer_.async_wait(
      beast::bind_front_handler(&Session::on_timer, shared_from_this(), timer_generation_));
}

void Session::on_timer(std::uint64_t generation, beast::error_code ec) {
  if (ec == asio::error::operation_aborted || generation != timer_generation_) return;
  timer_expiry_.reset();
  const auto now = std::chrono::steady_clock::now();
  if (now < deadline_) {
    // Not yet (or no deadline in this phase): look again at the deadline or after the interval.
    arm_timer(std::min(deadline_, now + check_interval_));
    return;
  }
  clear_deadline();
  switch (phase_) {
    case Phase::idle:
    case Phase::writing:
    case Phase::streaming:
    case Phase::lingering:
      close();
      break;
    case Phase::reading: {
      // Cancel rather than close: the socket is still needed to send the 408.
      timed_out_ = true;
      beast::error_code ignored;
      socket_.cancel(ignored);
      break;
    }
    default:
      break;
  }
}

void Session::close() {
  if (phase_ == Phase::closed) return;
  phase_ = Phase::closed;
  if (stream_) stream_->ended();
  stream_queue_.clear();
  ++timer_generation_;
  timer_expiry_.reset();
  timer_.cancel();
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace opsdesk::http
