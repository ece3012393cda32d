#pragma once
// What the server and its connections share: options, the router, the worker pool, the set of
// live connections (for draining) and the request bookkeeping (metrics, access log). Internal
// to libs/http. Handlers run here on worker threads, never on an I/O thread.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "libs/http/problem.hpp"
#include "libs/http/router.hpp"
#include "libs/http/server.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::http {

class Session;

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

  // Runs on a worker thread: routes, calls the handler (a throw becomes a 500 and an error log
  // line), then records the exchange. `received` is when the request was completely read.
  Response handle(Request& request, std::chrono::steady_clock::time_point received,
                  const std::string& remote);
  void record(const Exchange& exchange);

  // Connections register when accepted and leave when destroyed, so stop() can close the idle
  // ones and wait for the busy ones. adopt() refuses once stopping has begun.
  bool adopt(const std::shared_ptr<Session>& session);
  void forget(const Session* session);
  // Sets the stopping flag and returns the connections alive at that moment.
  std::vector<std::shared_ptr<Session>> begin_stopping();
  std::vector<std::shared_ptr<Session>> live_sessions();
  // True when every connection has gone before `deadline`.
  bool wait_until_no_sessions(std::chrono::steady_clock::time_point deadline);

 private:
  ServerOptions options_;
  Router router_;
  observability::Registry& metrics_;
  std::atomic<bool> stopping_{false};

  std::mutex sessions_mutex_;
  std::condition_variable sessions_changed_;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions_;

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
