#pragma once
// What the HTTP load clients (ingest_load, board_latency) share before their first connection: the
// options every one of them takes, their completion after parsing, and the request texts they
// send. Only ever yields a loopback target: a URL naming any other host is refused here.

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

#include "bench/loopback_target.hpp"

namespace CLI {
class App;
}

namespace opsdesk::bench {

struct ClientOptions {
  std::string url;
  std::string token;  // after complete_client_options: never empty
  double duration_s = 10;
  double warmup_s = 2;
  int server_pid = 0;  // 0: the server's CPU use is not reported
};

// --url, --token, -d/--duration, -w/--warmup and --server-pid, bound to `options`.
void add_client_options(CLI::App& app, ClientOptions& options);

// After parsing: the token falls back to $OPSDESK_BENCH_TOKEN, and the URL must name a loopback
// address. The error says what to pass instead.
std::expected<Target, std::string> complete_client_options(ClientOptions& options);

// A whole HTTP/1.1 request text for opsdesk, with Host and the bearer token; keep-alive is
// HTTP/1.1's default, so no Connection header.
// `prefer`: a Prefer header's value (e.g. "return=minimal"), none when empty.
std::string post_request(const Target& target, std::string_view token, std::string_view path,
                         std::string_view json_body, std::string_view prefer = {});
std::string get_request(const Target& target, std::string_view token, std::string_view path);

// "2025-01-31T09:00:00Z": the form opsdesk's commands take their times in.
std::string rfc3339_utc(std::chrono::system_clock::time_point at);

}  // namespace opsdesk::bench
