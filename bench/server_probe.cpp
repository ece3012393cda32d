// /proc readers and the /metrics scrape behind ingest_load's "where did the time go" lines.

#include "bench/server_probe.hpp"

#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fstream>
#include <sstream>
#include <vector>

namespace opsdesk::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

double ticks_per_second() { return static_cast<double>(sysconf(_SC_CLK_TCK)); }

// utime + stime of a process, from /proc/PID/stat (fields 14 and 15; the command name in
// field 2 may hold spaces, so counting starts after its closing parenthesis).
std::optional<double> process_cpu_s(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 1));
  std::vector<std::string> f;
  for (std::string field; fields >> field;) f.push_back(field);
  if (f.size() < 13) return std::nullopt;  // f[0] is field 3 (state)
  return (std::stod(f[11]) + std::stod(f[12])) / ticks_per_second();
}

// The "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal (guest is
// already inside user).
void machine_cpu(ProbeSample& sample) {
  std::ifstream in("/proc/stat");
  std::string label;
  double v[8] = {};
  if (!(in >> label) || label != "cpu") return;
  for (double& x : v) {
    if (!(in >> x)) return;
  }
  const double busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
  sample.machine_busy_s = busy / ticks_per_second();
  sample.machine_iowait_s = v[4] / ticks_per_second();
}

std::optional<std::string> fetch_metrics(const ProbeTarget& target) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> request{bhttp::verb::get, "/metrics", 11};
  request.set(bhttp::field::host, target.host_header);
  request.set(bhttp::field::authorization, "Bearer " + target.token);
  request.set(bhttp::field::connection, "close");
  bhttp::response<bhttp::string_body> response;
  bool done = false;
  stream.expires_after(std::chrono::seconds(5));
  stream.async_connect(target.endpoint, [&](beast::error_code ec) {
    if (ec) return;
    bhttp::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
      if (ec) return;
      bhttp::async_read(stream, buffer, response,
                        [&](beast::error_code ec, std::size_t) { done = !ec; });
    });
  });
  io.run_for(std::chrono::seconds(6));
  if (!done || response.result_int() != 200) return std::nullopt;
  return response.body();
}

// Sums the samples of `name` whose labels contain `label` (empty: every sample).
std::optional<double> metric(const std::string& text, const std::string& name,
                             const std::string& label = {}) {
  std::istringstream lines(text);
  std::optional<double> total;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(name) || line.size() <= name.size()) continue;
    const char next = line[name.size()];
    if (next != '{' && next != ' ') continue;
    if (!label.empty() && line.find(label) == std::string::npos) continue;
    const auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    total = total.value_or(0) + std::stod(line.substr(space + 1));
  }
  return total;
}

std::optional<double> delta(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

}  // namespace

ProbeSample take_sample(const ProbeTarget& target) {
  ProbeSample sample;
  if (auto text = fetch_metrics(target)) {
    sample.appends_ok = metric(*text, "opsdesk_eventstore_appends_total", "outcome=\"ok\"");
    sample.appends_conflict =
        metric(*text, "opsdesk_eventstore_appends_total", "outcome=\"conflict\"");
    sample.commits = metric(*text, "opsdesk_eventstore_commits_total");
    sample.append_seconds_sum = metric(*text, "opsdesk_eventstore_append_duration_seconds_sum");
    sample.append_count = metric(*text, "opsdesk_eventstore_append_duration_seconds_count");
  }
  sample.at = std::chrono::steady_clock::now();
  if (target.server_pid > 0) sample.server_cpu_s = process_cpu_s(std::to_string(target.server_pid));
  sample.client_cpu_s = process_cpu_s("self");
  machine_cpu(sample);
  return sample;
}

WindowUsage usage_between(const ProbeSample& from, const ProbeSample& until) {
  WindowUsage usage;
  const double wall = std::chrono::duration<double>(until.at - from.at).count();
  if (wall <= 0) return usage;
  auto per_second = [wall](const std::optional<double>& d) -> std::optional<double> {
    if (!d) return std::nullopt;
    return *d / wall;
  };
  usage.server_cores = per_second(delta(from.server_cpu_s, until.server_cpu_s));
  usage.client_cores = per_second(delta(from.client_cpu_s, until.client_cpu_s));
  usage.machine_busy_cores = per_second(delta(from.machine_busy_s, until.machine_busy_s));
  usage.machine_iowait_cores = per_second(delta(from.machine_iowait_s, until.machine_iowait_s));
  const auto commits = delta(from.commits, until.commits);
  const auto appends = delta(from.appends_ok, until.appends_ok);
  usage.commits_per_s = per_second(commits);
  if (commits && appends && *commits > 0) usage.appends_per_commit = *appends / *commits;
  usage.conflicts = delta(from.appends_conflict, until.appends_conflict);
  const auto seconds = delta(from.append_seconds_sum, until.append_seconds_sum);
  const auto count = delta(from.append_count, until.append_count);
  if (seconds && count && *count > 0) usage.store_append_ms = *seconds / *count * 1000.0;
  return usage;
}

}  // namespace opsdesk::bench
