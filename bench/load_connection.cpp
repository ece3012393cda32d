// The send / await / record loop of one ingest_load connection (see load_connection.hpp).

#include "bench/load_connection.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <nlohmann/json.hpp>

namespace opsdesk::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

constexpr auto kRequestTimeout = 30s;     // one request; a slower answer counts as a socket error
constexpr auto kReconnectBackoff = 20ms;  // after a socket error, so a dead server is not spun on

std::string incident_id_from(const bhttp::response<bhttp::string_body>& response) {
  const auto location = response[bhttp::field::location];
  if (const auto slash = location.rfind('/'); slash != beast::string_view::npos) {
    return std::string(location.substr(slash + 1));
  }
  auto body = nlohmann::json::parse(response.body(), nullptr, false);
  if (!body.is_object() || !body.contains("id") || !body["id"].is_string()) return {};
  return body["id"].get<std::string>();
}

// One keep-alive connection: send, await the whole answer, record, send the next. Everything it
// does runs on its worker's single-threaded io_context, so it needs no locks of its own.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, LoadState& shared, Stats& stats, tcp::endpoint endpoint)
      : shared_(shared), stats_(stats), endpoint_(endpoint), stream_(io), backoff_(io) {}

  void start() {
    shared_.active.fetch_add(1);
    connect();
  }

 private:
  void connect() {
    stream_.expires_after(5s);
    stream_.async_connect(endpoint_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail("connect", ec);
      self->stream_.socket().set_option(tcp::no_delay(true), ec);
      self->send_next();
    });
  }

  void send_next() {
    const auto now = LoadClock::now();
    const bool running = shared_.phase.load(std::memory_order_acquire) == Phase::run;
    if (shared_.abort.load() || (running && now >= shared_.window_until)) return finish();
    in_setup_ = !running;
    if (in_setup_ || shared_.mix == Mix::detect) {
      request_ = &shared_.detect_request;
    } else {
      const auto i = shared_.next_incident.fetch_add(1, std::memory_order_relaxed);
      request_ = &shared_.activity_requests[i % shared_.activity_requests.size()];
    }
    sent_at_ = now;
    stream_.expires_after(kRequestTimeout);
    asio::async_write(stream_, asio::buffer(*request_),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->fail("write", ec);
                        self->response_ = {};
                        bhttp::async_read(
                            self->stream_, self->buffer_, self->response_,
                            [self](beast::error_code ec, std::size_t) { self->on_read(ec); });
                      });
  }

  void on_read(beast::error_code ec) {
    if (ec) return fail("read", ec);
    const auto done = LoadClock::now();
    const int status = response_.result_int();
    const bool ok = status >= 200 && status < 300;
    if (ok && !in_setup_) ++stats_.run_commands;
    if (in_setup_) {
      record_setup(ok);
    } else if (in_window(done)) {
      ++stats_.statuses[status];
      if (ok) {
        ++stats_.ok;
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(done - sent_at_).count();
        stats_.latencies_us.push_back(
            static_cast<std::uint32_t>(std::min<std::int64_t>(us, UINT32_MAX)));
      } else {
        ++stats_.non_2xx;
        if (stats_.first_non_2xx.empty()) {
          stats_.first_non_2xx = std::to_string(status) + " " + response_.body().substr(0, 300);
        }
      }
    }
    if (!response_.keep_alive()) {
      ++stats_.reconnects;
      close();
      return connect();
    }
    send_next();
  }

  void record_setup(bool ok) {
    if (!ok) {
      shared_.setup_refusals.fetch_add(1);
      if (stats_.first_non_2xx.empty()) {
        stats_.first_non_2xx =
            std::to_string(response_.result_int()) + " " + response_.body().substr(0, 300);
      }
      return;
    }
    auto id = incident_id_from(response_);
    std::lock_guard lock(shared_.ids_mutex);
    if (!id.empty() && shared_.ids.size() < shared_.incidents) {
      shared_.ids.push_back(std::move(id));
      shared_.ids_ready.store(shared_.ids.size(), std::memory_order_release);
    }
  }

  bool in_window(LoadClock::time_point t) const {
    return t >= shared_.window_from && t <= shared_.window_until;
  }

  void fail(const char* what, beast::error_code ec) {
    ++stats_.socket_errors_total;
    const bool running = shared_.phase.load(std::memory_order_acquire) == Phase::run;
    if (running && in_window(LoadClock::now())) ++stats_.socket_errors;
    if (stats_.first_error.empty()) stats_.first_error = std::string(what) + ": " + ec.message();
    close();
    backoff_.expires_after(kReconnectBackoff);
    backoff_.async_wait([self = shared_from_this()](beast::error_code) {
      const bool running = self->shared_.phase.load(std::memory_order_acquire) == Phase::run;
      if (self->shared_.abort.load() ||
          (running && LoadClock::now() >= self->shared_.window_until)) {
        return self->finish();
      }
      self->connect();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    buffer_.clear();
  }

  void finish() {
    close();
    shared_.active.fetch_sub(1);
  }

  LoadState& shared_;
  Stats& stats_;
  tcp::endpoint endpoint_;
  beast::tcp_stream stream_;
  asio::steady_timer backoff_;
  beast::flat_buffer buffer_;
  bhttp::response<bhttp::string_body> response_;
  const std::string* request_ = nullptr;
  LoadClock::time_point sent_at_{};
  bool in_setup_ = false;
};

}  // namespace

void start_connection(asio::io_context& io, LoadState& state, Stats& stats,
                      const tcp::endpoint& endpoint) {
  std::make_shared<Connection>(io, state, stats, endpoint)->start();
}

}  // namespace opsdesk::bench
