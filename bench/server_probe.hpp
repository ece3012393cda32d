#pragma once
// What the server did during ingest_load's measured window, seen from outside it: CPU time of
// the server process, of the load generator and of the whole machine (from /proc), and the event
// store's own counters (appends, conflicts, group commits, from GET /metrics). Only reads; a
// value that could not be read stays empty and is reported as unknown, never as zero.

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace opsdesk::bench {

struct ProbeTarget {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string host_header;  // "127.0.0.1:8080"
  std::string token;
  int server_pid = 0;  // 0: do not sample the server's CPU
};

struct ProbeSample {
  std::chrono::steady_clock::time_point at;
  std::optional<double> server_cpu_s;
  std::optional<double> client_cpu_s;
  std::optional<double> machine_busy_s;  // summed over every CPU
  std::optional<double> machine_iowait_s;
  // Event store counters, summed over every store of the server.
  std::optional<double> appends_ok;
  std::optional<double> appends_conflict;
  std::optional<double> commits;
  std::optional<double> append_seconds_sum;  // enqueue -> durable, summed over appends
  std::optional<double> append_count;
};

ProbeSample take_sample(const ProbeTarget& target);

struct WindowUsage {
  std::optional<double> server_cores;  // CPU seconds per wall second
  std::optional<double> client_cores;
  std::optional<double> machine_busy_cores;
  std::optional<double> machine_iowait_cores;
  std::optional<double> commits_per_s;  // = fsyncs per second
  std::optional<double> appends_per_commit;
  std::optional<double> conflicts;
  std::optional<double> store_append_ms;  // mean time an append waited for its group's fsync
};

WindowUsage usage_between(const ProbeSample& from, const ProbeSample& until);

}  // namespace opsdesk::bench
