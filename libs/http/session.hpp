#pragma once
// One accepted TCP connection, from its first byte to its close: reads a request under the
// header, body and time limits, hands it to the router (ServerCore::serve), writes the answer
// that comes back through respond(), and either waits for the next request (keep-alive) or
// closes. Internal to libs/http. Everything it does runs on its own strand and never blocks;
// the only handlers that run there are async ones, which must not block either.

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "libs/http/message.hpp"
#include "libs/http/pending_exchange.hpp"
#include "libs/http/problem.hpp"
#include "libs/http/server_core.hpp"

namespace opsdesk::http {

class SessionStream;

class Session : public detail::AnswerSink, public std::enable_shared_from_this<Session> {
 public:
  // `socket` must use a strand of core.io() as its executor.
  Session(boost::asio::ip::tcp::socket socket, ServerCore& core);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Each of these may be called from any thread; the work happens on the session's strand.
  void start();
  // The server is stopping: close now unless a request is being read, handled or answered
  // (those close after their response is written).
  void stop_when_idle();
  // The drain time is over: close whatever is happening.
  void close_now();
  // The answer to the request being handled (PendingExchange calls it once).
  void respond(Response response, std::string request_id, bool keep_alive) override;
  // Runs `work` on this connection's strand (to build an answer off the caller's thread).
  void on_strand(std::function<void()> work) override;

 private:
  friend class SessionStream;
  // idle: waiting for the first byte of a request (idle_timeout, then a silent close).
  // reading: the request has begun (read_timeout, then 408).
  // handling: a worker runs the handler. writing: the response goes out.
  // streaming: a stream's head went out; its sink's messages follow until either side closes.
  // lingering: after an error response, reading and discarding what the client still sends so
  // that closing does not reset the connection before the client has read our answer.
  enum class Phase { idle, reading, handling, writing, streaming, lingering, closed };

  void wait_for_request();
  void await_readable();
  void on_readable(boost::beast::error_code ec);
  void read_request();
  // Reads until the request's head (request line and headers) is in the buffer, refuses
  // obsolete line folding (400), then lets Beast parse the head.
  void read_head();
  enum class HeadScan { incomplete, complete, folded };
  // Looks at the buffered bytes from `scanned` on (and moves it forward).
  static HeadScan scan_head(std::string_view bytes, std::size_t& scanned);
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  // Takes the request line and headers into request_ and routes them (routed_); false when
  // the target is malformed (answered 400).
  bool take_head();
  // Answers the gate's refusal without reading the body (respond() then lingers and closes).
  void refuse_before_body();
  void read_body();
  void on_request(boost::beast::error_code ec, std::size_t bytes);
  void on_read_error(boost::beast::error_code ec);
  void dispatch(Request request, ServerCore::Routed routed, bool keep_alive);
  // Answers an error found while reading, then lingers and closes.
  void reject(const Problem& problem);
  void write(Response response, const std::string& request_id, bool keep_alive, bool linger_after);
  void on_write(boost::beast::error_code ec, bool keep_alive, bool linger_after);
  void linger();
  // A stream (stream.hpp): after its head, hand a sink to the opener and watch for the client
  // leaving; stream_send() queues a message (any thread), write_stream() writes the queue.
  void begin_streaming();
  void stream_send(std::string bytes);
  void write_stream();
  void on_stream_read(boost::beast::error_code ec, std::size_t bytes);
  void on_linger_read(boost::beast::error_code ec, std::size_t bytes);
  // The phase's time limit. Setting or clearing it is a store, not a timer operation: the one
  // timer of the connection wakes at the deadline or at the latest every check_interval_
  // (the shortest of the limits), so it stays armed across requests and only a deadline shorter
  // than that (lingering) re-arms it. Per-request timer operations took the reactor's lock
  // several times a request.
  void set_deadline(std::chrono::steady_clock::duration after);
  void clear_deadline();
  void arm_timer(std::chrono::steady_clock::time_point at);
  void on_timer(std::uint64_t generation, boost::beast::error_code ec);
  void close();

  ServerCore& core_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  // The request being read, from its head on, and its route (checked before the body is read).
  std::optional<Request> request_;
  std::optional<ServerCore::Routed> routed_;
  // The answer being written: kept here until the write completes.
  std::string out_head_;
  std::string out_body_;
  std::shared_ptr<const std::string> out_shared_body_;  // sent after out_body_, not copied
  // The stream's opener, from its response until the head is written; then its sink and the
  // messages waiting to be written.
  StreamOpener stream_opener_;
  std::shared_ptr<SessionStream> stream_;
  std::deque<std::string> stream_queue_;
  bool stream_writing_ = false;
  std::array<char, 4096> discard_{};
  const std::string remote_;  // read by worker threads too: never changes

  Phase phase_ = Phase::idle;
  const std::chrono::steady_clock::duration check_interval_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  std::optional<std::chrono::steady_clock::time_point> timer_expiry_;  // when armed
  std::uint64_t timer_generation_ = 0;  // a completion of a re-armed or cancelled wait is stale
  bool timed_out_ = false;
  bool received_a_request_ = false;  // a connection that never sent one gets read_timeout
  std::size_t head_scanned_ = 0;     // how far read_head() has looked for the end of the head
  std::chrono::steady_clock::time_point first_byte_at_{};
};

}  // namespace opsdesk::http
