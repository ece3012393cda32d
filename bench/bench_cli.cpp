// The load clients' common options and request texts (see bench_cli.hpp).

#include "bench/bench_cli.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ctime>

namespace opsdesk::bench {

void add_client_options(CLI::App& app, ClientOptions& options) {
  app.add_option("--url", options.url,
                 "opsdesk base URL, e.g. http://127.0.0.1:8080 (loopback only)")
      ->required();
  app.add_option("--token", options.token, "bearer token (default: $OPSDESK_BENCH_TOKEN)");
  app.add_option("-d,--duration", options.duration_s, "measured window, seconds")
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("-w,--warmup", options.warmup_s, "warm-up before the window, seconds")
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--server-pid", options.server_pid,
                 "opsdesk's pid, to report its CPU use in the window")
      ->check(CLI::PositiveNumber);
}

std::expected<Target, std::string> complete_client_options(ClientOptions& options) {
  if (options.token.empty()) {
    if (const char* env = std::getenv("OPSDESK_BENCH_TOKEN")) options.token = env;
  }
  if (options.token.empty()) {
    return std::unexpected(std::string("no token: pass --token or set OPSDESK_BENCH_TOKEN"));
  }
  return loopback_target(options.url);
}

std::string post_request(const Target& target, std::string_view token, std::string_view path,
                         std::string_view json_body, std::string_view prefer) {
  std::string text;
  text.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(target.host_header());
  text.append("\r\nAuthorization: Bearer ").append(token);
  if (!prefer.empty()) text.append("\r\nPrefer: ").append(prefer);
  text.append("\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ");
  text.append(std::to_string(json_body.size())).append("\r\n\r\n").append(json_body);
  return text;
}

std::string get_request(const Target& target, std::string_view token, std::string_view path) {
  std::string text;
  text.append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(target.host_header());
  text.append("\r\nAuthorization: Bearer ").append(token);
  text.append("\r\nAccept: application/json\r\n\r\n");
  return text;
}

std::string rfc3339_utc(std::chrono::system_clock::time_point at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace opsdesk::bench
