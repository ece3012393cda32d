// The send / await / record loop of one ingest_load connection (see load_connection.hpp).
//
// Written for a small CPU footprint, since the client shares the machine's cores with the server
// it measures: the request goes out with one non-blocking send; the answer is awaited with a
// readiness wait (no speculative read that would find nothing) and read straight into the
// connection's buffer; one watchdog tick a second per connection stands in for per-request
// timers.

#include "bench/load_connection.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "bench/response_reader.hpp"

namespace opsdesk::bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using namespace std::chrono_literals;

constexpr auto kConnectTimeout = 5s;
constexpr auto kRequestTimeout = 30s;     // one request; a slower answer counts as a socket error
constexpr auto kWatchdogTick = 1s;        // how often a connection checks its deadline
constexpr auto kReconnectBackoff = 20ms;  // after a socket error, so a dead server is not spun on
constexpr std::size_t kReadBuffer = 64 * 1024;
constexpr std::size_t kMaxResponse = kResponseHeadLimit + 2 * 1024 * 1024;

std::string incident_id_from(const ResponseView& response) {
  if (const auto slash = response.location.rfind('/'); slash != std::string_view::npos) {
    return std::string(response.location.substr(slash + 1));
  }
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("id") || !body["id"].is_string()) return {};
  return body["id"].get<std::string>();
}

// One keep-alive connection: send, await the whole answer, record, send the next. Everything it
// does runs on its worker's single-threaded io_context, so it needs no locks of its own.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, LoadState& shared, Stats& stats, tcp::endpoint endpoint)
      : shared_(shared),
        stats_(stats),
        endpoint_(endpoint),
        socket_(io),
        watchdog_(io),
        backoff_(io),
        in_(kReadBuffer) {}

  void start() {
    shared_.active.fetch_add(1);
    tick();
    connect();
  }

 private:
  enum class Awaiting { nothing, connect, answer };

  bool window_over(LoadClock::time_point now) const {
    const bool running = shared_.phase.load(std::memory_order_acquire) == Phase::run;
    return shared_.abort.load() || (running && now >= shared_.window_until);
  }

  void tick() {
    watchdog_.expires_after(kWatchdogTick);
    watchdog_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->finished_) return;
      if (self->awaiting_ != Awaiting::nothing && LoadClock::now() >= self->deadline_) {
        // Closing cancels the pending operation; its handler reports the timeout.
        self->timed_out_ = true;
        error_code ignored;
        self->socket_.close(ignored);
      }
      self->tick();
    });
  }

  void await(Awaiting what, LoadClock::duration within) {
    awaiting_ = what;
    deadline_ = LoadClock::now() + within;
  }

  void connect() {
    await(Awaiting::connect, kConnectTimeout);
    socket_.async_connect(endpoint_, [self = shared_from_this()](error_code ec) {
      if (ec) return self->fail("connect", ec);
      self->socket_.set_option(tcp::no_delay(true), ec);
      if (!ec) self->socket_.non_blocking(true, ec);
      if (ec) return self->fail("connect", ec);
      self->send_next();
    });
  }

  void send_next() {
    const auto now = LoadClock::now();
    if (window_over(now)) return finish();
    in_setup_ = shared_.phase.load(std::memory_order_acquire) != Phase::run;
    if (in_setup_ || shared_.mix == Mix::detect) {
      request_ = &shared_.detect_request;
    } else {
      const auto i = shared_.next_incident.fetch_add(1, std::memory_order_relaxed);
      request_ = &shared_.activity_requests[i % shared_.activity_requests.size()];
    }
    sent_at_ = now;
    await(Awaiting::answer, kRequestTimeout);
    // The socket's send buffer is empty between requests (closed loop), so a request normally
    // leaves in this one call; whatever does not goes out asynchronously.
    error_code ec;
    std::size_t sent = socket_.write_some(asio::buffer(*request_), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      sent = 0;
      ec = {};
    }
    if (ec) return fail("write", ec);
    if (sent == request_->size()) return await_answer();
    asio::async_write(socket_, asio::buffer(request_->data() + sent, request_->size() - sent),
                      [self = shared_from_this()](error_code write_ec, std::size_t) {
                        if (write_ec) return self->fail("write", write_ec);
                        self->await_answer();
                      });
  }

  void await_answer() {
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](error_code ec) {
      if (ec) return self->fail("read", ec);
      self->on_readable();
    });
  }

  void on_readable() {
    for (;;) {
      if (in_used_ == in_.size()) {
        if (in_.size() >= kMaxResponse) return fail("read", "the answer is larger than 2 MiB");
        in_.resize(std::min(in_.size() * 2, kMaxResponse));
      }
      error_code ec;
      const std::size_t got =
          socket_.read_some(asio::buffer(in_.data() + in_used_, in_.size() - in_used_), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) return await_answer();
      if (ec) return fail("read", ec);
      in_used_ += got;
      const auto read = read_response(std::string_view(in_.data(), in_used_));
      if (read.state == ResponseRead::State::malformed) return fail("read", read.error);
      if (read.state == ResponseRead::State::complete) return on_answer(read.response);
      // Incomplete: read again only if the buffer was filled, else wait for more to arrive.
      if (in_used_ < in_.size()) return await_answer();
    }
  }

  void on_answer(const ResponseView& response) {
    awaiting_ = Awaiting::nothing;
    const auto done = LoadClock::now();
    const int status = response.status;
    const bool ok = status >= 200 && status < 300;
    if (ok && !in_setup_) ++stats_.run_commands;
    if (in_setup_) {
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
    const bool keep_alive = response.keep_alive;
    // Anything after the answer would be an answer nobody asked for (the loop never pipelines);
    // it is dropped with the answer.
    in_used_ = 0;
    if (!keep_alive) {
      ++stats_.reconnects;
      close();
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

  void fail(const char* what, error_code ec) { fail(what, ec.message()); }

  // `why` names the cause; a wait the watchdog cut short is reported as the timeout it was.
  void fail(const char* what, const std::string& why) {
    awaiting_ = Awaiting::nothing;
    ++stats_.socket_errors_total;
    const bool running = shared_.phase.load(std::memory_order_acquire) == Phase::run;
    if (running && in_window(LoadClock::now())) ++stats_.socket_errors;
    if (stats_.first_error.empty()) {
      stats_.first_error = std::string(what) + ": " + (timed_out_ ? "no answer in time" : why);
    }
    timed_out_ = false;
    close();
    backoff_.expires_after(kReconnectBackoff);
    backoff_.async_wait([self = shared_from_this()](error_code) {
      if (self->window_over(LoadClock::now())) return self->finish();
      self->connect();
    });
  }

  void close() {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    in_used_ = 0;
  }

  void finish() {
    close();
    finished_ = true;
    watchdog_.cancel();
    shared_.active.fetch_sub(1);
  }

  LoadState& shared_;
  Stats& stats_;
  tcp::endpoint endpoint_;
  tcp::socket socket_;
  asio::steady_timer watchdog_;
  asio::steady_timer backoff_;
  std::vector<char> in_;
  std::size_t in_used_ = 0;
  const std::string* request_ = nullptr;
  LoadClock::time_point sent_at_{};
  Awaiting awaiting_ = Awaiting::nothing;
  LoadClock::time_point deadline_{};
  bool in_setup_ = false;
  bool timed_out_ = false;
  bool finished_ = false;
};

}  // namespace

void start_connection(asio::io_context& io, LoadState& state, Stats& stats,
                      const tcp::endpoint& endpoint) {
  std::make_shared<Connection>(io, state, stats, endpoint)->start();
}

}  // namespace opsdesk::bench
