#pragma once
// One closed-loop keep-alive connection of ingest_load, and the state all of them share: send a
// command, wait for its whole answer, record it, send the next. A connection runs only on its
// worker's single-threaded io_context, never blocks, and stops by itself once the measured
// window is over (or the run is aborted).

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace opsdesk::bench {

using LoadClock = std::chrono::steady_clock;

// detect and inquiry: every request creates an aggregate (POST /v1/incidents, /v1/inquiries);
// activity: commands on existing incidents.
enum class Mix { detect, activity };
// setup: the activity mix creates its incidents; grow: it lengthens their streams before the
// window (answers not counted); run: warm-up, then the measured window.
enum class Phase { setup, grow, run };

// What one I/O thread saw; merged once every thread has stopped.
struct Stats {
  std::vector<std::uint32_t> latencies_us;  // 2xx answers completed inside the window
  std::uint64_t ok = 0;
  std::uint64_t non_2xx = 0;
  std::map<int, std::uint64_t> statuses;  // inside the window, every status
  std::uint64_t socket_errors = 0;        // inside the window
  std::uint64_t socket_errors_total = 0;  // whole run, setup and warm-up included
  std::uint64_t reconnects = 0;           // the server asked to close; not an error
  std::uint64_t run_commands = 0;  // 2xx answers after setup, warm-up included (stream growth)
  std::string first_error;
  std::string first_non_2xx;

  void merge(const Stats& o) {
    latencies_us.insert(latencies_us.end(), o.latencies_us.begin(), o.latencies_us.end());
    ok += o.ok;
    non_2xx += o.non_2xx;
    for (const auto& [status, count] : o.statuses) statuses[status] += count;
    socket_errors += o.socket_errors;
    socket_errors_total += o.socket_errors_total;
    reconnects += o.reconnects;
    run_commands += o.run_commands;
    if (first_error.empty()) first_error = o.first_error;
    if (first_non_2xx.empty()) first_non_2xx = o.first_non_2xx;
  }
};

// Read by every connection. The request texts and the window are written before `phase`
// becomes `run` (release) and only read after seeing it (acquire).
struct LoadState {
  Mix mix = Mix::detect;
  std::size_t incidents = 0;
  // The creating command every request of the detect and inquiry mixes sends (and the
  // activity mix's setup).
  std::string create_request;
  std::vector<std::string> activity_requests;
  std::atomic<Phase> phase{Phase::setup};
  LoadClock::time_point window_from{};
  LoadClock::time_point window_until{};
  std::atomic<bool> abort{false};
  std::atomic<int> active{0};

  std::mutex ids_mutex;
  std::vector<std::string> ids;  // reserved to `incidents`, never grown past it: no reallocation
  std::atomic<std::size_t> ids_ready{0};
  std::atomic<std::uint64_t> setup_refusals{0};
  std::atomic<std::uint64_t> next_incident{0};
  std::atomic<std::uint64_t> grown{0};  // 2xx answers in the grow phase
};

// Opens a connection on `io` and keeps it busy until the window is over. `state` and `stats`
// must outlive `io`'s run.
void start_connection(boost::asio::io_context& io, LoadState& state, Stats& stats,
                      const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace opsdesk::bench
