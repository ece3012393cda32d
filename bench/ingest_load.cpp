// ingest_load: a closed-loop load generator for opsdesk's durable command path. N keep-alive
// HTTP/1.1 connections each send one command, wait for its answer, send the next; the measured
// window yields commands/s and latency percentiles. It never targets anything but a loopback
// address, and it always stops by itself: every phase has a deadline, whatever the server does.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_cli.hpp"
#include "bench/load_connection.hpp"
#include "bench/loopback_target.hpp"
#include "bench/server_probe.hpp"

namespace opsdesk::bench {

namespace {

namespace asio = boost::asio;
using Clock = LoadClock;
using namespace std::chrono_literals;

constexpr auto kDrain = 5s;  // after the window, for answers still on their way

struct Options : ClientOptions {
  std::string mix_name = "detect";
  int connections = 64;
  std::size_t incidents = 1000;
  std::size_t events_per_incident = 1;    // the activity mix's streams before the window
  std::string prefer = "representation";  // or "minimal": Prefer: return=… on every command
  int threads = 1;
  double setup_timeout_s = 60;
};

struct Worker {
  asio::io_context io{1};
  Stats stats;
  std::thread thread;
};

double percentile_ms(const std::vector<std::uint32_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1] / 1000.0;
}

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

nlohmann::json maybe(const std::optional<double>& v) {
  return v ? nlohmann::json(round3(*v)) : nlohmann::json(nullptr);
}

std::string text(const std::optional<double>& v, const char* format) {
  if (!v) return "?";
  char out[64];
  std::snprintf(out, sizeof out, format, *v);
  return out;
}

int run(const Options& options, const Target& target) {
  LoadState shared;
  shared.mix = options.mix_name == "activity" ? Mix::activity : Mix::detect;
  shared.incidents = options.incidents;
  const auto wall_now = std::chrono::system_clock::now();
  // Ten minutes ago: never in the future for the server, and before every response activity.
  const nlohmann::json detect_body{{"occurred_at", rfc3339_utc(wall_now - 10min)},
                                   {"source", "monitoring"},
                                   {"severity", "minor"},
                                   {"title", "bench"},
                                   {"affected_tenants", {"soumu"}}};
  const std::string prefer = options.prefer == "minimal" ? "return=minimal" : "";
  shared.create_request =
      post_request(target, options.token, "/v1/incidents", detect_body.dump(), prefer);
  if (options.mix_name == "inquiry") {
    // An inquiry the desk takes by phone: the inquiries service's durable reception.
    const nlohmann::json receive_body{
        {"received_at", rfc3339_utc(wall_now - 10min)},
        {"channel", "phone"},
        {"tenant", "soumu"},
        {"requester", {{"name", "山田"}, {"role", "本部システム管理者"}}},
        {"subject", "給付計算の結果が前月と異なる"},
        {"body", "11月分の短期給付の計算結果が前月と異なります。確認をお願いします。"}};
    shared.create_request =
        post_request(target, options.token, "/v1/inquiries", receive_body.dump(), prefer);
  }
  if (options.mix_name == "change") {
    // A change request the desk registers: the changes service's durable creation.
    const nlohmann::json register_body{{"origin", "other"},
                                       {"title", "帳票レイアウト変更"},
                                       {"description", "月次帳票の様式変更に伴う改修"},
                                       {"tenants", {"soumu"}}};
    shared.create_request =
        post_request(target, options.token, "/v1/changes", register_body.dump(), prefer);
  }
  const std::string activity_body = nlohmann::json{
      {"started_at", rfc3339_utc(wall_now - 5min)},
      {"ended_at", rfc3339_utc(wall_now - 4min)},
      {"by", "bench"}}.dump();

  const auto warmup =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.warmup_s));
  const auto duration = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options.duration_s));
  auto open_window = [&] {
    shared.window_from = Clock::now() + warmup;
    shared.window_until = shared.window_from + duration;
    shared.phase.store(Phase::run, std::memory_order_release);
  };
  if (shared.mix == Mix::activity) {
    shared.ids.reserve(options.incidents);
  } else {
    open_window();
  }

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < options.threads; ++i) workers.push_back(std::make_unique<Worker>());
  for (int c = 0; c < options.connections; ++c) {
    auto& worker = *workers[static_cast<std::size_t>(c % options.threads)];
    start_connection(worker.io, shared, worker.stats, target.endpoint);
  }
  for (auto& worker : workers) {
    worker->thread = std::thread([&io = worker->io] {
      auto guard = asio::make_work_guard(io);
      io.run();
    });
  }
  auto stop_workers = [&] {
    shared.abort.store(true);
    for (auto& worker : workers) worker->io.stop();
    for (auto& worker : workers) worker->thread.join();
  };

  if (shared.mix == Mix::activity) {
    std::cerr << "ingest_load: setup: creating " << options.incidents
              << " incidents for the activity mix\n";
    const auto setup_deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(options.setup_timeout_s));
    while (shared.ids_ready.load(std::memory_order_acquire) < options.incidents) {
      const bool refused = shared.setup_refusals.load() >= 100 && shared.ids_ready.load() == 0;
      if (Clock::now() >= setup_deadline || refused) {
        stop_workers();
        Stats stats;
        for (auto& worker : workers) stats.merge(worker->stats);
        std::cerr << "ingest_load: setup failed: " << shared.ids_ready.load() << " of "
                  << options.incidents << " incidents created"
                  << (stats.first_non_2xx.empty() ? "" : "; first refusal: " + stats.first_non_2xx)
                  << (stats.first_error.empty() ? "" : "; first socket error: " + stats.first_error)
                  << "\n";
        return 1;
      }
      std::this_thread::sleep_for(10ms);
    }
    {
      std::lock_guard lock(shared.ids_mutex);
      for (const auto& id : shared.ids) {
        shared.activity_requests.push_back(
            post_request(target, options.token, "/v1/incidents/" + id + "/record_response_activity",
                         activity_body, prefer));
      }
    }
    // Long streams, as the desk's incidents grow over weeks: commands spread round-robin, so
    // each incident gains about the same number of events.
    const std::uint64_t to_grow = options.incidents * (options.events_per_incident - 1);
    if (to_grow > 0) {
      std::cerr << "ingest_load: setup: growing each incident to " << options.events_per_incident
                << " events\n";
      shared.phase.store(Phase::grow, std::memory_order_release);
      while (shared.grown.load() < to_grow) {
        if (Clock::now() >= setup_deadline) {
          stop_workers();
          std::cerr << "ingest_load: setup failed: " << shared.grown.load() << " of " << to_grow
                    << " events grown in time\n";
          return 1;
        }
        std::this_thread::sleep_for(10ms);
      }
    }
    open_window();
  }

  std::cerr << "ingest_load: warming up " << options.warmup_s << " s, then measuring "
            << options.duration_s << " s\n";
  const ProbeTarget probe{target.endpoint, target.host_header(), options.token, options.server_pid};
  std::this_thread::sleep_until(shared.window_from);
  const auto window_start = take_sample(probe);
  std::this_thread::sleep_until(shared.window_until);
  const auto usage = usage_between(window_start, take_sample(probe));
  const auto drain_deadline = Clock::now() + kDrain;
  while (shared.active.load() > 0 && Clock::now() < drain_deadline)
    std::this_thread::sleep_for(5ms);
  const int stuck = shared.active.load();
  stop_workers();

  Stats stats;
  for (auto& worker : workers) stats.merge(worker->stats);
  std::sort(stats.latencies_us.begin(), stats.latencies_us.end());
  const double rate = static_cast<double>(stats.ok) / options.duration_s;
  const double p50 = percentile_ms(stats.latencies_us, 0.50);
  const double p99 = percentile_ms(stats.latencies_us, 0.99);
  const double p999 = percentile_ms(stats.latencies_us, 0.999);
  const double max = stats.latencies_us.empty() ? 0 : stats.latencies_us.back() / 1000.0;
  double mean = 0;
  for (auto us : stats.latencies_us) mean += us;
  if (!stats.latencies_us.empty())
    mean = mean / static_cast<double>(stats.latencies_us.size()) / 1000.0;
  // Every incident starts with its detection event; the activity mix adds one event per command.
  const double stream_length =
      shared.mix == Mix::activity
          ? 1.0 + static_cast<double>(shared.grown.load() + stats.run_commands) /
                      static_cast<double>(options.incidents)
          : 1.0;

  std::printf("ingest_load: mix=%s connections=%d threads=%d warmup=%.1fs window=%.1fs target=%s\n",
              options.mix_name.c_str(), options.connections, options.threads, options.warmup_s,
              options.duration_s, options.url.c_str());
  std::printf("  commands:      %llu answered 2xx inside the window\n",
              static_cast<unsigned long long>(stats.ok));
  std::printf("  throughput:    %.1f commands/s\n", rate);
  std::printf("  latency (ms):  p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f\n", p50, p99,
              p999, max, mean);
  std::printf("  non-2xx:       %llu%s%s\n", static_cast<unsigned long long>(stats.non_2xx),
              stats.first_non_2xx.empty() ? "" : "  first: ", stats.first_non_2xx.c_str());
  std::printf("  socket errors: %llu in the window, %llu in the whole run%s%s\n",
              static_cast<unsigned long long>(stats.socket_errors),
              static_cast<unsigned long long>(stats.socket_errors_total),
              stats.first_error.empty() ? "" : "  first: ", stats.first_error.c_str());
  if (shared.mix == Mix::activity) {
    std::printf("  streams:       %zu incidents, about %.1f events each at the end\n",
                options.incidents, stream_length);
  }
  // Whatever else ran (other processes, kernel threads) took CPU from the server too.
  std::optional<double> other;
  if (usage.machine_busy_cores && usage.server_cores && usage.client_cores) {
    other = std::max(0.0, *usage.machine_busy_cores - *usage.server_cores - *usage.client_cores);
  }
  std::printf(
      "  CPU:           server %s cores, this client %s, everything else %s; machine %s of %u "
      "cores busy"
      " (+%s iowait)\n",
      text(usage.server_cores, "%.2f").c_str(), text(usage.client_cores, "%.2f").c_str(),
      text(other, "%.2f").c_str(), text(usage.machine_busy_cores, "%.2f").c_str(),
      std::thread::hardware_concurrency(), text(usage.machine_iowait_cores, "%.2f").c_str());
  std::printf(
      "  event store:   %s group commits (fsyncs)/s, %s appends per commit, %s ms mean append "
      "wait, %s conflicts\n",
      text(usage.commits_per_s, "%.1f").c_str(), text(usage.appends_per_commit, "%.1f").c_str(),
      text(usage.store_append_ms, "%.3f").c_str(), text(usage.conflicts, "%.0f").c_str());
  if (stuck > 0)
    std::printf("  warning:       %d connections still waiting for an answer after the drain\n",
                stuck);

  nlohmann::json statuses = nlohmann::json::object();
  for (const auto& [status, count] : stats.statuses) statuses[std::to_string(status)] = count;
  nlohmann::json result{{"mix", options.mix_name},
                        {"prefer", options.prefer},
                        {"connections", options.connections},
                        {"threads", options.threads},
                        {"window_s", options.duration_s},
                        {"ok", stats.ok},
                        {"commands_per_s", round3(rate)},
                        {"p50_ms", round3(p50)},
                        {"p99_ms", round3(p99)},
                        {"p999_ms", round3(p999)},
                        {"max_ms", round3(max)},
                        {"mean_ms", round3(mean)},
                        {"non_2xx", stats.non_2xx},
                        {"socket_errors", stats.socket_errors},
                        {"socket_errors_total", stats.socket_errors_total},
                        {"reconnects", stats.reconnects},
                        {"statuses", statuses},
                        {"stream_length", round3(stream_length)},
                        {"server_cores", maybe(usage.server_cores)},
                        {"client_cores", maybe(usage.client_cores)},
                        {"machine_busy_cores", maybe(usage.machine_busy_cores)},
                        {"other_cores", maybe(other)},
                        {"iowait_cores", maybe(usage.machine_iowait_cores)},
                        {"fsyncs_per_s", maybe(usage.commits_per_s)},
                        {"appends_per_fsync", maybe(usage.appends_per_commit)},
                        {"store_append_ms", maybe(usage.store_append_ms)},
                        {"conflicts", maybe(usage.conflicts)}};
  std::printf("%s\n", result.dump().c_str());
  std::fflush(stdout);
  return stats.ok > 0 ? 0 : 1;
}

}  // namespace

}  // namespace opsdesk::bench

int main(int argc, char** argv) {
  opsdesk::bench::Options options;
  CLI::App app{"Closed-loop HTTP load on opsdesk's durable command path (loopback targets only)"};
  opsdesk::bench::add_client_options(app, options);
  app.add_option("--mix", options.mix_name,
                 "detect: POST /v1/incidents; inquiry: POST /v1/inquiries; change: POST "
                 "/v1/changes; activity: "
                 "record_response_activity spread over --incidents")
      ->check(CLI::IsMember({"detect", "inquiry", "change", "activity"}));
  app.add_option("-c,--connections", options.connections, "concurrent keep-alive connections")
      ->check(CLI::Range(1, 4096));
  app.add_option("--incidents", options.incidents,
                 "incidents the activity mix spreads over (created first)")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--threads", options.threads,
                 "client I/O threads (the client competes with the server for CPU)")
      ->check(CLI::Range(1, 64));
  app.add_option("--prefer", options.prefer,
                 "representation: every answer carries the incident (the default); minimal: "
                 "Prefer: return=minimal, the answer carries only id, version and position")
      ->check(CLI::IsMember({"representation", "minimal"}));
  app.add_option("--events-per-incident", options.events_per_incident,
                 "activity mix: grow each incident to this many events before the window")
      ->check(CLI::PositiveNumber);
  app.add_option("--setup-timeout", options.setup_timeout_s,
                 "seconds allowed for creating the incidents")
      ->check(CLI::Range(1.0, 3600.0));
  CLI11_PARSE(app, argc, argv);

  auto target = opsdesk::bench::complete_client_options(options);
  if (!target) {
    std::cerr << "ingest_load: " << target.error() << "\n";
    return 2;
  }
  return opsdesk::bench::run(options, *target);
}
