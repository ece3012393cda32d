#pragma once
// What the server and its connections share: options, the router, the worker pool, the set of
// live connections (for draining), the replies still owed (for stopping) and the request
// bookkeeping (metrics, access log). Internal to libs/http. Blocking handlers run on the worker
// pool, never on an I/O thread; async handlers run on the I/O thread that read the request.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "libs/http/problem.hpp"
#include "libs/http/reply.hpp"
#include "libs/http/router.hpp"
#include "libs/http/server.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::http {

class Session;
namespace detail {
class AnswerSink;
class PendingExchange;
}  // namespace detail

// One finished request, as metrics and the access log see it.
struct Exchange {
  std::string method;
  std::string path;
  std::string route;  // the matched pattern, or "unmatched", "limit", "malformed"
  int status = 0;
  std::chrono::steady_clock::duration duration{};
  std::string request_id;
  std::string remote;
  std::size_t bytes_in = 0;
  std::size_t bytes_out = 0;
};

class ServerCore {
 public:
  ServerCore(ServerOptions options, Router router, observability::Registry& metrics);
  ServerCore(const ServerCore&) = delete;
  ServerCore& operator=(const ServerCore&) = delete;

  const ServerOptions& options() const { return options_; }
  boost::asio::io_context& io() { return io_; }
  boost::asio::thread_pool& workers() { return workers_; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  // A request's route, found from its head alone (method, target, headers) and checked by the
  // router's gate against the route's Access: a connection does this before it reads the body,
  // so a caller without a valid token is refused without sending (or buffering) one.
  struct Routed {
    Router::Match match;
    std::optional<Response> refusal{};  // the gate's 401/403, to send instead of serving
  };
  // Sets request.principal when the gate lets the caller in.
  Routed route(Request& request) const;

  // The request in flight, from being read until its answer has gone to `sink` (counted in
  // the replies Server::stop waits for). `remote` is for the access log.
  std::shared_ptr<detail::PendingExchange> open_exchange(const Request& request,
                                                         std::shared_ptr<detail::AnswerSink> sink,
                                                         std::string remote, bool keep_alive);
  // Runs on the connection's strand (or an I/O thread, for dispatch in this process): starts
  // the request's handler, inline for an async route, on the worker pool for a blocking one.
  // It is answered by the handler (a throw becomes a 500 and an error log line), or here for a
  // refusal, 404 and 405.
  void serve(Request request, Routed routed, Reply reply, detail::PendingExchange& exchange);
  void record(const Exchange& exchange);

  // Replies not yet answered and released (PendingExchange counts itself). stop() waits for
  // them before it stops the I/O threads their answers need.
  void reply_opened();
  void reply_closed();
  void wait_until_no_replies();

  // Connections register when accepted and leave when destroyed, so stop() can close the idle
  // ones and wait for the busy ones. adopt() refuses once stopping has begun.
  enum class Adoption { adopted, stopping, too_many };  // too_many: max_connections are open
  Adoption adopt(const std::shared_ptr<Session>& session);
  void forget(const Session* session);
  // Sets the stopping flag and returns the connections alive at that moment.
  std::vector<std::shared_ptr<Session>> begin_stopping();
  std::vector<std::shared_ptr<Session>> live_sessions();
  // True when every connection has gone before `deadline`.
  bool wait_until_no_sessions(std::chrono::steady_clock::time_point deadline);

 private:
  // The two series a request updates, looked up once per (route, method, status): the
  // registry's lookup (label maps under its one lock) is too dear for every request.
  struct RequestSeries {
    observability::Counter* requests;
    observability::Histogram* duration;
  };
  RequestSeries series_of(const std::string& route, const std::string& method, int status);
  // The 429 for a caller beyond its allowance of this kind of request (rate limits on).
  std::optional<Response> over_allowance(const Request& request, const Router::Match& match);

  ServerOptions options_;
  Router router_;
  RateLimiter rate_limiter_;
  observability::Registry& metrics_;
  std::shared_mutex series_mutex_;
  std::unordered_map<std::string, RequestSeries> series_;  // guarded by series_mutex_
  std::atomic<bool> stopping_{false};

  std::mutex sessions_mutex_;
  std::condition_variable sessions_changed_;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions_;

  std::mutex replies_mutex_;
  std::condition_variable replies_done_;
  std::size_t replies_in_flight_ = 0;  // guarded by replies_mutex_

  // Declared last, destroyed first: closures still queued in them hold sessions, whose
  // destructors need the members above; the pool goes before the io_context its sockets use.
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_;
};

// Request ids a client may choose: 1..128 characters of [A-Za-z0-9._-]; anything else is
// replaced by a fresh UUIDv7 so logs never carry client-controlled junk.
bool is_sane_request_id(const std::string& id);

// Bounded label values: a client sending "FROB /" must not mint a new metrics series.
std::string method_label(const std::string& method);

}  // namespace opsdesk::http
