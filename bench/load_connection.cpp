// The send / await / record loop of one ingest_load connection (see load_connection.hpp). The
// connection itself, and its small CPU footprint, is bench/http_connection's.

#include "bench/load_connection.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <expected>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "bench/http_connection.hpp"
#include "bench/response_reader.hpp"

namespace opsdesk::bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using namespace std::chrono_literals;

// A slower answer counts as a socket error.
constexpr HttpConnectionLimits kLimits{.connect_timeout = 5s,
                                       .answer_timeout = 30s,
                                       .max_response = kResponseHeadLimit + 2 * 1024 * 1024};
constexpr auto kReconnectBackoff = 20ms;  // after a socket error, so a dead server is not spun on

std::string incident_id_from(const ResponseView& response) {
  if (const auto slash = response.location.rfind('/'); slash != std::string_view::npos) {
    return std::string(response.location.substr(slash + 1));
  }
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("id") || !body["id"].is_string()) return {};
  return body["id"].get<std::string>();
}

// One closed-loop connection: send, await the whole answer, record, send the next. Everything it
// does runs on its worker's single-threaded io_context, so it needs no locks of its own.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, LoadState& shared, Stats& stats, tcp::endpoint endpoint)
      : shared_(shared),
        stats_(stats),
        http_(std::make_shared<HttpConnection>(io, endpoint, kLimits)),
        backoff_(io) {}

  void start() {
    shared_.active.fetch_add(1);
    connect();
  }

 private:
  bool window_over(LoadClock::time_point now) const {
    const bool running = shared_.phase.load(std::memory_order_acquire) == Phase::run;
    return shared_.abort.load() || (running && now >= shared_.window_until);
  }

  void connect() {
    http_->connect([self = shared_from_this()](std::expected<void, HttpFailure> connected) {
      if (!connected) return self->fail(connected.error());
      self->send_next();
    });
  }

  void send_next() {
    const auto now = LoadClock::now();
    if (window_over(now)) return finish();
    const auto phase = shared_.phase.load(std::memory_order_acquire);
    in_setup_ = phase == Phase::setup;
    growing_ = phase == Phase::grow;
    const std::string* request = &shared_.create_request;
    if (!in_setup_ && shared_.mix == Mix::activity) {
      const auto i = shared_.next_incident.fetch_add(1, std::memory_order_relaxed);
      request = &shared_.activity_requests[i % shared_.activity_requests.size()];
    }
    sent_at_ = now;
    http_->exchange(*request, [self = shared_from_this()](const HttpConnection::Answer& answer) {
      if (!answer) return self->fail(answer.error());
      self->on_answer(*answer);
    });
  }

  void on_answer(const ResponseView& response) {
    const auto done = LoadClock::now();
    const int status = response.status;
    const bool ok = status >= 200 && status < 300;
    if (growing_) {
      if (ok) shared_.grown.fetch_add(1, std::memory_order_relaxed);
    } else if (ok && !in_setup_) {
      ++stats_.run_commands;
    }
    if (growing_) {
      // Only lengthens the streams: neither measured nor an incident id.
    } else if (in_setup_) {
      record_setup(response);
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
          stats_.first_non_2xx =
              std::to_string(status) + " " + std::string(response.body.substr(0, 300));
        }
      }
    }
    if (!response.keep_alive) {
      ++stats_.reconnects;
      return connect();
    }
    send_next();
  }

  void record_setup(const ResponseView& response) {
    if (response.status < 200 || response.status >= 300) {
      shared_.setup_refusals.fetch_add(1);
      if (stats_.first_non_2xx.empty()) {
        stats_.first_non_2xx =
            std::to_string(response.status) + " " + std::string(response.body.substr(0, 300));
      }
      return;
    }
    auto id = incident_id_from(response);
    std::lock_guard lock(shared_.ids_mutex);
    if (!id.empty() && shared_.ids.size() < shared_.incidents) {
      shared_.ids.push_back(std::move(id));
      shared_.ids_ready.store(shared_.ids.size(), std::memory_order_release);
    }
  }

  bool in_window(LoadClock::time_point t) const {
    return t >= shared_.window_from && t <= shared_.window_until;
  }

  // The connection is closed by now; a new one is tried after a pause.
  void fail(const HttpFailure& failure) {
    ++stats_.socket_errors_total;
    const bool running = shared_.phase.load(std::memory_order_acquire) == Phase::run;
    if (running && in_window(LoadClock::now())) ++stats_.socket_errors;
    if (stats_.first_error.empty()) stats_.first_error = failure.text();
    backoff_.expires_after(kReconnectBackoff);
    backoff_.async_wait([self = shared_from_this()](error_code) {
      if (self->window_over(LoadClock::now())) return self->finish();
      self->connect();
    });
  }

  void finish() {
    http_->close();
    shared_.active.fetch_sub(1);
  }

  LoadState& shared_;
  Stats& stats_;
  std::shared_ptr<HttpConnection> http_;
  asio::steady_timer backoff_;
  LoadClock::time_point sent_at_{};
  bool in_setup_ = false;
  bool growing_ = false;
};

}  // namespace

void start_connection(asio::io_context& io, LoadState& state, Stats& stats,
                      const tcp::endpoint& endpoint) {
  std::make_shared<Connection>(io, state, stats, endpoint)->start();
}

}  // namespace opsdesk::bench
