// board_latency: how long after a command is acknowledged its event is on the ops-board, under
// an open-loop (paced) command load. At each tick of a fixed schedule (--rate per second) a free
// keep-alive connection sends POST /v1/incidents; when the 201 arrives (time "ack") it reads
// X-Opsdesk-Position and at once asks GET /v1/board/summary?min_position=<position> on the same
// connection. The server answers that only once the board's watermark has reached the position
// (or 503 after projection.read_your_writes_wait_ms), so ack -> 200 is the visibility latency,
// measured without polling. A probe connection meanwhile asks the same query for an already
// applied position every 10 ms: its round trip is the floor every visibility figure includes.
// A waiting query holds one of the server's worker threads; --probe-every N queries after only
// every Nth command, so that a slow feed can be measured without the probes starving the server.
//
// Like ingest_load it only ever targets a loopback address and always stops by itself: the
// schedule ends, in-flight commands get a bounded drain, and then everything is closed.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <expected>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_cli.hpp"
#include "bench/http_connection.hpp"
#include "bench/loopback_target.hpp"
#include "bench/server_probe.hpp"

namespace opsdesk::bench {

namespace {

namespace asio = boost::asio;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// One request may take 10 s (the server's own wait ends after 2 s); an answer may be as large as
// Beast's default body limit, which bounded it before (the incidents query grows with the board).
constexpr HttpConnectionLimits kLimits{.connect_timeout = 5s,
                                       .answer_timeout = 10s,
                                       .max_response = kResponseHeadLimit + 8 * 1024 * 1024};
constexpr auto kDrain = 5s;  // after the schedule, for commands still in flight
constexpr auto kFloorEvery = 10ms;

struct Options : ClientOptions {
  std::string label = "local";
  std::string query = "summary";
  double rate = 1000;
  int max_connections = 256;
  int probe_every = 1;
};

std::uint32_t micros(Clock::duration d) {
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(d).count(), 0, UINT32_MAX));
}

struct Stats {
  std::vector<std::uint32_t> ack_us;      // scheduled -> 201 (includes any wait for a connection)
  std::vector<std::uint32_t> visible_us;  // 201 received -> board query 200 received
  std::vector<std::uint32_t> floor_us;    // board query for an applied position, round trip
  std::uint64_t scheduled = 0;            // commands due inside the window
  std::uint64_t acknowledged = 0;         // 201 with a position
  std::uint64_t probed = 0;               // acknowledged commands followed by the board query
  std::uint64_t visible = 0;              // board query 200
  std::uint64_t not_visible = 0;          // board query 503: not applied within the server's wait
  std::uint64_t command_refused = 0;      // POST answered, but not 201 with a position
  std::uint64_t query_other = 0;          // board query answered neither 200 nor 503
  std::uint64_t socket_errors = 0;
  std::uint64_t dropped = 0;  // due while every connection was busy and the pool full
  std::uint64_t last_position = 0;
  std::string first_error;
};

struct Shared {
  Target target;
  std::string token;
  std::string command_request;  // POST /v1/incidents
  std::string query_path;       // "/v1/board/summary?min_position="
  Clock::time_point window_from{};
  Clock::time_point window_until{};
  Stats stats;
  bool stopping = false;
  int in_flight = 0;
  bool in_window(Clock::time_point t) const { return t >= window_from && t < window_until; }
  void error(const std::string& what) {
    if (stats.first_error.empty()) stats.first_error = what;
  }
};

// One keep-alive connection carrying one command (POST, then the board query) at a time. It runs
// only on the single io_context thread, so it needs no locks.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, Shared& shared, std::deque<std::shared_ptr<Connection>>& idle)
      : shared_(shared),
        idle_(idle),
        http_(std::make_shared<HttpConnection>(io, shared.target.endpoint, kLimits)) {}

  // Connects, then either runs the command due at `due` or joins the idle list.
  void open(std::optional<Clock::time_point> due, bool probe) {
    http_->connect(
        [self = shared_from_this(), due, probe](std::expected<void, HttpFailure> connected) {
          if (!connected) {
            if (due) self->settle_failed(*due, connected.error());
            return;
          }
          self->connected_ = true;
          if (due) {
            self->command(*due, probe);
          } else {
            self->idle_.push_back(self);
          }
        });
  }

  // `probe`: follow the acknowledgement with the board query (else the command is load only).
  void command(Clock::time_point due, bool probe) {
    due_ = due;
    probe_ = probe;
    ++shared_.in_flight;
    http_->exchange(shared_.command_request,
                    [self = shared_from_this()](const HttpConnection::Answer& answer) {
                      if (!answer) return self->settle_failed(self->due_, answer.error());
                      self->on_ack(*answer);
                    });
  }

 private:
  void on_ack(const ResponseView& response) {
    ack_at_ = Clock::now();
    const bool counted = shared_.in_window(due_);
    std::uint64_t position = 0;
    const auto header = response.position;
    const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), position);
    if (response.status != 201 || ec != std::errc{} || end != header.data() + header.size()) {
      if (counted) ++shared_.stats.command_refused;
      shared_.error("POST /v1/incidents: " + std::to_string(response.status) + " " +
                    std::string(response.body.substr(0, 200)));
      return settle();
    }
    if (counted) {
      ++shared_.stats.acknowledged;
      shared_.stats.ack_us.push_back(micros(ack_at_ - due_));
    }
    shared_.stats.last_position = std::max(shared_.stats.last_position, position);
    if (!probe_) return settle();
    if (counted) ++shared_.stats.probed;
    query_ =
        get_request(shared_.target, shared_.token, shared_.query_path + std::to_string(position));
    http_->exchange(query_, [self = shared_from_this()](const HttpConnection::Answer& answer) {
      if (!answer) return self->settle_failed(self->due_, answer.error());
      self->on_visible(*answer);
    });
  }

  void on_visible(const ResponseView& response) {
    const auto done = Clock::now();
    if (shared_.in_window(due_)) {
      const int status = response.status;
      if (status == 200) {
        ++shared_.stats.visible;
        shared_.stats.visible_us.push_back(micros(done - ack_at_));
      } else if (status == 503) {
        ++shared_.stats.not_visible;
      } else {
        ++shared_.stats.query_other;
        shared_.error("board query: " + std::to_string(status) + " " +
                      std::string(response.body.substr(0, 200)));
      }
    }
    settle();
  }

  // After an answer saying `Connection: close` the connection is closed already: it is dropped,
  // and the pool opens another when it needs one.
  void settle() {
    --shared_.in_flight;
    if (http_->is_open()) idle_.push_back(shared_from_this());
  }

  void settle_failed(Clock::time_point due, const HttpFailure& failure) {
    if (shared_.in_window(due)) ++shared_.stats.socket_errors;
    shared_.error(failure.text());
    if (connected_) --shared_.in_flight;
  }

  Shared& shared_;
  std::deque<std::shared_ptr<Connection>>& idle_;
  std::shared_ptr<HttpConnection> http_;
  std::string query_;
  Clock::time_point due_{};
  Clock::time_point ack_at_{};
  bool probe_ = true;
  bool connected_ = false;
};

// The floor: the same board query for position 1 (applied long ago), every 10 ms, on its own
// connection, timed from write to the end of the answer.
class FloorProbe : public std::enable_shared_from_this<FloorProbe> {
 public:
  FloorProbe(asio::io_context& io, Shared& shared)
      : shared_(shared),
        http_(std::make_shared<HttpConnection>(io, shared.target.endpoint, kLimits)),
        timer_(io),
        request_(get_request(shared.target, shared.token, shared.query_path + "1")) {}

  void start() {
    http_->connect([self = shared_from_this()](std::expected<void, HttpFailure> connected) {
      if (!connected) return self->shared_.error("floor probe " + connected.error().text());
      self->next();
    });
  }

 private:
  void next() {
    if (shared_.stopping) return http_->close();
    timer_.expires_after(kFloorEvery);
    timer_.async_wait([self = shared_from_this()](error_code) {
      if (self->shared_.stopping) return self->http_->close();
      self->sent_at_ = Clock::now();
      self->http_->exchange(self->request_, [self](const HttpConnection::Answer& answer) {
        if (!answer) return self->shared_.error("floor probe " + answer.error().text());
        const auto done = Clock::now();
        if (answer->status == 200 && self->shared_.in_window(self->sent_at_)) {
          self->shared_.stats.floor_us.push_back(micros(done - self->sent_at_));
        }
        self->next();
      });
    });
  }

  Shared& shared_;
  std::shared_ptr<HttpConnection> http_;
  asio::steady_timer timer_;
  std::string request_;
  Clock::time_point sent_at_{};
};

// The open-loop schedule: command k is due at start + k / rate, whatever the answers do. A due
// command takes an idle connection, else opens a new one (up to --max-connections), else is
// dropped and counted: the schedule never waits for the server.
class Pacer {
 public:
  Pacer(asio::io_context& io, Shared& shared, const Options& options)
      : io_(io), shared_(shared), options_(options), timer_(io) {}

  void start(Clock::time_point from, Clock::time_point until) {
    from_ = from;
    until_ = until;
    period_ = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / options_.rate));
    // A few connections ready before the first command, so the start is not all connects.
    for (int i = 0; i < std::min(8, options_.max_connections); ++i) open_connection(std::nullopt);
    arm();
  }
  int connections() const { return opened_; }

 private:
  void arm() {
    const auto due = from_ + period_ * next_;
    if (due >= until_) return;  // the schedule is over
    timer_.expires_at(due);
    timer_.async_wait([this](error_code ec) {
      if (ec || shared_.stopping) return;
      const auto now = Clock::now();
      for (auto due = from_ + period_ * next_; due <= now && due < until_;
           due = from_ + period_ * ++next_)
        issue(due);
      arm();
    });
  }

  void issue(Clock::time_point due) {
    if (shared_.in_window(due)) ++shared_.stats.scheduled;
    const bool probe = next_ % options_.probe_every == 0;
    if (!idle_.empty()) {
      auto connection = std::move(idle_.front());
      idle_.pop_front();
      return connection->command(due, probe);
    }
    if (opened_ < options_.max_connections) return open_connection(due, probe);
    if (shared_.in_window(due)) ++shared_.stats.dropped;
  }

  void open_connection(std::optional<Clock::time_point> due, bool probe = false) {
    ++opened_;
    std::make_shared<Connection>(io_, shared_, idle_)->open(due, probe);
  }

  asio::io_context& io_;
  Shared& shared_;
  const Options& options_;
  asio::steady_timer timer_;
  std::deque<std::shared_ptr<Connection>> idle_;
  Clock::time_point from_{}, until_{};
  Clock::duration period_{};
  std::int64_t next_ = 0;
  int opened_ = 0;
};

double percentile_ms(const std::vector<std::uint32_t>& sorted, double q) {
  if (sorted.empty()) return std::nan("");
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1] / 1000.0;
}

nlohmann::json number(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(std::round(v * 1000) / 1000);
}

nlohmann::json maybe(const std::optional<double>& v) {
  return v ? number(*v) : nlohmann::json(nullptr);
}

int run(const Options& options, const Target& target) {
  asio::io_context io{1};
  Shared shared;
  shared.target = target;
  // Ten minutes ago: never in the future for the server.
  const nlohmann::json body{{"occurred_at", rfc3339_utc(std::chrono::system_clock::now() - 10min)},
                            {"source", "monitoring"},
                            {"severity", "minor"},
                            {"title", "board latency bench"},
                            {"affected_tenants", {"soumu"}}};
  shared.token = options.token;
  shared.command_request = post_request(target, options.token, "/v1/incidents", body.dump());
  shared.query_path = "/v1/board/" + options.query + "?min_position=";

  const auto warmup =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.warmup_s));
  const auto duration = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options.duration_s));
  const auto start = Clock::now() + 200ms;
  shared.window_from = start + warmup;
  shared.window_until = shared.window_from + duration;

  Pacer pacer(io, shared, options);
  pacer.start(start, shared.window_until);
  auto floor = std::make_shared<FloorProbe>(io, shared);
  // Kept running until io.stop() below, even once every connection has failed and the schedule
  // is over: the drain check posted after the window must still run, or the tool never stops.
  std::thread thread([&] {
    auto work = asio::make_work_guard(io);
    io.run();
  });
  // The floor probe and the CPU sample start with the warm-up over; io runs on its own thread.
  asio::post(io, [floor] { floor->start(); });

  std::cerr << "board_latency: " << options.label << ": " << options.rate
            << " commands/s open loop, " << options.warmup_s << " s warm-up, then "
            << options.duration_s << " s measured\n";
  const ProbeTarget probe{target.endpoint, target.host_header(), options.token, options.server_pid};
  std::this_thread::sleep_until(shared.window_from);
  const auto window_start = take_sample(probe);
  std::this_thread::sleep_until(shared.window_until);
  const auto usage = usage_between(window_start, take_sample(probe));
  // Let the commands still in flight finish (each is bounded by the server's own wait), then stop.
  std::promise<void> drained;
  const auto drain_deadline = Clock::now() + kDrain;
  std::function<void()> check;
  auto timer = std::make_shared<asio::steady_timer>(io);
  check = [&] {
    if (shared.in_flight <= 0 || Clock::now() >= drain_deadline) {
      shared.stopping = true;
      return drained.set_value();
    }
    timer->expires_after(5ms);
    timer->async_wait([&](error_code) { check(); });
  };
  asio::post(io, [&] { check(); });
  drained.get_future().wait();
  const int stuck = shared.in_flight;
  io.stop();
  thread.join();

  auto& s = shared.stats;
  std::sort(s.ack_us.begin(), s.ack_us.end());
  std::sort(s.visible_us.begin(), s.visible_us.end());
  std::sort(s.floor_us.begin(), s.floor_us.end());
  double mean = 0;
  for (auto us : s.visible_us) mean += us;
  mean = s.visible_us.empty() ? std::nan("")
                              : mean / static_cast<double>(s.visible_us.size()) / 1000.0;
  const double rate = static_cast<double>(s.acknowledged) / options.duration_s;
  const double v50 = percentile_ms(s.visible_us, 0.50), v99 = percentile_ms(s.visible_us, 0.99);
  const double v999 = percentile_ms(s.visible_us, 0.999);
  const double vmax = s.visible_us.empty() ? std::nan("") : s.visible_us.back() / 1000.0;
  const double f50 = percentile_ms(s.floor_us, 0.50), f99 = percentile_ms(s.floor_us, 0.99);
  const double a50 = percentile_ms(s.ack_us, 0.50), a99 = percentile_ms(s.ack_us, 0.99);

  std::printf(
      "board_latency: feed=%s query=/v1/board/%s rate=%.0f/s probe-every=%d warmup=%.1fs "
      "window=%.1fs "
      "target=%s\n",
      options.label.c_str(), options.query.c_str(), options.rate, options.probe_every,
      options.warmup_s, options.duration_s, options.url.c_str());
  std::printf(
      "  commands:       %llu due in the window, %llu acknowledged (%.1f/s), %llu refused, %llu "
      "dropped "
      "(no free connection), %llu socket errors; %d connections opened\n",
      static_cast<unsigned long long>(s.scheduled), static_cast<unsigned long long>(s.acknowledged),
      rate, static_cast<unsigned long long>(s.command_refused),
      static_cast<unsigned long long>(s.dropped), static_cast<unsigned long long>(s.socket_errors),
      pacer.connections());
  std::printf("  ack (ms):       due -> 201: p50 %.3f  p99 %.3f\n", a50, a99);
  std::printf(
      "  visible (ms):   201 -> board 200: p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f"
      "  (%llu probed: %llu visible, %llu 503 not yet applied, %llu other)\n",
      v50, v99, v999, vmax, mean, static_cast<unsigned long long>(s.probed),
      static_cast<unsigned long long>(s.visible), static_cast<unsigned long long>(s.not_visible),
      static_cast<unsigned long long>(s.query_other));
  std::printf(
      "  floor (ms):     the same query for an applied position: p50 %.3f  p99 %.3f  (%zu "
      "probes)\n",
      f50, f99, s.floor_us.size());
  auto text = [](const std::optional<double>& v) {
    char out[32];
    std::snprintf(out, sizeof out, "%.2f", v.value_or(std::nan("")));
    return std::string(v ? out : "?");
  };
  std::printf("  CPU:            server %s cores, this client %s, machine %s busy\n",
              text(usage.server_cores).c_str(), text(usage.client_cores).c_str(),
              text(usage.machine_busy_cores).c_str());
  if (!s.first_error.empty()) std::printf("  first problem:  %s\n", s.first_error.c_str());
  if (stuck > 0)
    std::printf("  warning:        %d commands still in flight after the drain\n", stuck);

  nlohmann::json result{{"feed", options.label},
                        {"query", options.query},
                        {"rate_target", options.rate},
                        {"probe_every", options.probe_every},
                        {"probed", s.probed},
                        {"window_s", options.duration_s},
                        {"scheduled", s.scheduled},
                        {"acknowledged", s.acknowledged},
                        {"commands_per_s", number(rate)},
                        {"refused", s.command_refused},
                        {"dropped", s.dropped},
                        {"socket_errors", s.socket_errors},
                        {"visible", s.visible},
                        {"not_visible", s.not_visible},
                        {"query_other", s.query_other},
                        {"ack_p50_ms", number(a50)},
                        {"ack_p99_ms", number(a99)},
                        {"visible_p50_ms", number(v50)},
                        {"visible_p99_ms", number(v99)},
                        {"visible_p999_ms", number(v999)},
                        {"visible_max_ms", number(vmax)},
                        {"visible_mean_ms", number(mean)},
                        {"floor_p50_ms", number(f50)},
                        {"floor_p99_ms", number(f99)},
                        {"connections", pacer.connections()},
                        {"last_position", s.last_position},
                        {"server_cores", maybe(usage.server_cores)},
                        {"client_cores", maybe(usage.client_cores)},
                        {"machine_busy_cores", maybe(usage.machine_busy_cores)}};
  std::printf("%s\n", result.dump().c_str());
  std::fflush(stdout);
  return s.visible > 0 ? 0 : 1;
}

}  // namespace

}  // namespace opsdesk::bench

int main(int argc, char** argv) {
  opsdesk::bench::Options options;
  CLI::App app{
      "Open-loop commands against opsdesk, timing acknowledgement -> visibility on the ops-board "
      "(loopback targets only)"};
  opsdesk::bench::add_client_options(app, options);
  app.add_option("--label", options.label,
                 "name of the feed under test, for the output (local, kafka)");
  app.add_option("--query", options.query,
                 "board query that waits for min_position: summary (constant cost) or incidents "
                 "(grows with "
                 "the board)")
      ->check(CLI::IsMember({"summary", "incidents"}));
  app.add_option("--rate", options.rate, "commands per second, paced")
      ->check(CLI::Range(1.0, 100000.0));
  app.add_option("--max-connections", options.max_connections, "connections the schedule may open")
      ->check(CLI::Range(1, 4096));
  app.add_option(
         "--probe-every", options.probe_every,
         "follow every Nth command with the board query (each waiting query holds a server worker)")
      ->check(CLI::Range(1, 1000000));
  CLI11_PARSE(app, argc, argv);
  auto target = opsdesk::bench::complete_client_options(options);
  if (!target) {
    std::cerr << "board_latency: " << target.error() << "\n";
    return 2;
  }
  return opsdesk::bench::run(options, *target);
}
