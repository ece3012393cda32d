#pragma once
// The HTTP/1.1 server every service runs: Boost.Beast on Asio I/O threads, handlers on a
// separate worker pool (RocksDB fsyncs never block an I/O thread). Keep-alive, one request in
// flight per connection, body limit (413), header limit (431), read timeout (408), problem+json
// for every error, a request id on every response, one access-log line per request, and
// per-route request counts and latency histograms.

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>

#include "libs/http/message.hpp"
#include "libs/http/rate_limiter.hpp"
#include "libs/http/router.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port; see Server::port()
  std::size_t body_limit = 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  // A request must arrive completely within this time once its first byte is read (else 408).
  std::chrono::milliseconds read_timeout{10'000};
  // An idle keep-alive connection is closed after this long.
  std::chrono::milliseconds idle_timeout{60'000};
  // Open connections at most: one more is closed at once, with a log line, instead of the
  // process running out of file descriptors (and then failing every accept, /healthz's too).
  std::size_t max_connections = 4096;
  // What a stream (stream.hpp) may have queued and not yet written to its client: a client
  // that reads slower than its stream sends is disconnected beyond this.
  std::size_t stream_buffer_limit = 1024 * 1024;
  int io_threads = 1;
  // Blocking handlers (reads, read-your-writes waits) run here; commands are async routes and
  // hold no worker through their fsync.
  int worker_threads = 64;
  bool access_log = true;
  // Per-caller allowances for commands and expensive reads; off (0) unless a deployment sets
  // them (http.rate_limit.*).
  RateLimits rate_limits{};
};

class Server {
 public:
  Server(ServerOptions options, Router router, observability::Registry& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving; the error text says why it could not (e.g. port in use).
  std::expected<void, std::string> start();
  std::uint16_t port() const;
  std::string base_url() const;  // "http://HOST:PORT"
  // Stops accepting, lets in-flight requests finish (up to `drain`), closes every connection.
  // Then waits for handlers still running, so never call it from a handler. A stopped server
  // cannot be started again.
  void stop(std::chrono::milliseconds drain = std::chrono::milliseconds{10'000});

  // Runs `request` through this server's routes in this process, as if it had come over a
  // connection: the same handlers, worker pool, metrics and access log (remote "in-process").
  // `done` gets the answer, on whichever thread answers. For modules of one process talking to
  // each other (the command client); only while the server is started.
  void dispatch(Request request, std::function<void(Response)> done);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace opsdesk::http
