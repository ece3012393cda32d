#include "libs/http/server_core.hpp"

#include <algorithm>
#include <array>
#include <exception>

#include "libs/observability/log.hpp"

namespace opsdesk::http {

namespace {

int thread_count(int requested) { return std::max(1, requested); }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace

bool is_sane_request_id(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string method_label(const std::string& method) {
  static constexpr std::array<std::string_view, 9> kKnown = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"};
  return std::find(kKnown.begin(), kKnown.end(), method) != kKnown.end() ? method : "other";
}

ServerCore::ServerCore(ServerOptions options, Router router, observability::Registry& metrics)
    : options_(std::move(options)),
      router_(std::move(router)),
      metrics_(metrics),
      io_(thread_count(options_.io_threads)),
      workers_(static_cast<std::size_t>(thread_count(options_.worker_threads))) {}

Response ServerCore::handle(Request& request, std::chrono::steady_clock::time_point received,
                            const std::string& remote) {
  auto match = router_.match(request.method, request.path);
  Response response;
  if (match.handler != nullptr) {
    request.path_params = std::move(match.path_params);
    try {
      response = (*match.handler)(request);
    } catch (const std::exception& e) {
      observability::log_error("handler failed", {{"request_id", request.request_id},
                                                  {"method", request.method},
                                                  {"route", match.pattern},
                                                  {"error", e.what()}});
      response = internal_error_problem().to_response(request.request_id);
    } catch (...) {
      observability::log_error("handler failed", {{"request_id", request.request_id},
                                                  {"method", request.method},
                                                  {"route", match.pattern},
                                                  {"error", "a non-standard exception"}});
      response = internal_error_problem().to_response(request.request_id);
    }
    if (response.status < 100 || response.status > 599) {
      // Beast cannot write such a status line; fail this request, not the I/O thread.
      observability::log_error("handler returned an invalid HTTP status",
                               {{"request_id", request.request_id},
                                {"route", match.pattern},
                                {"status", response.status}});
      response = internal_error_problem().to_response(request.request_id);
    }
  } else if (!match.allowed_methods.empty()) {
    const auto allow = joined(match.allowed_methods);
    response = method_not_allowed_problem(request.method + " is not allowed on " + request.path +
                                          "; allowed: " + allow + ".")
                   .to_response(request.request_id);
    response.set_header("Allow", allow);
  } else {
    response =
        not_found_problem("No resource at " + request.path + ".").to_response(request.request_id);
  }

  record(Exchange{
      .method = request.method,
      .path = request.path,
      .route = match.pattern,
      .status = response.status,
      .duration = std::chrono::steady_clock::now() - received,
      .request_id = request.request_id,
      .remote = remote,
      .bytes_in = request.body.size(),
      .bytes_out = response.body.size(),
  });
  return response;
}

void ServerCore::record(const Exchange& exchange) {
  const auto method = method_label(exchange.method);
  const double seconds = std::chrono::duration<double>(exchange.duration).count();
  metrics_
      .counter("opsdesk_http_requests_total",
               "HTTP requests answered, by route pattern, method and status.",
               {{"route", exchange.route},
                {"method", method},
                {"status", std::to_string(exchange.status)}})
      .inc();
  metrics_
      .histogram(
          "opsdesk_http_request_duration_seconds",
          "Time from a request being completely read to its response being ready, in seconds.",
          {{"route", exchange.route}, {"method", method}})
      .observe(seconds);
  if (!options_.access_log) return;
  observability::log_info("request", {{"method", exchange.method},
                                      {"path", exchange.path},
                                      {"route", exchange.route},
                                      {"status", exchange.status},
                                      {"duration_ms", seconds * 1000.0},
                                      {"request_id", exchange.request_id},
                                      {"remote", exchange.remote},
                                      {"bytes_in", exchange.bytes_in},
                                      {"bytes", exchange.bytes_out}});
}

bool ServerCore::adopt(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mutex_);
  if (stopping()) return false;
  sessions_.emplace(session.get(), session);
  return true;
}

void ServerCore::forget(const Session* session) {
  {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(session);
  }
  sessions_changed_.notify_all();
}

std::vector<std::shared_ptr<Session>> ServerCore::begin_stopping() {
  {
    // Under the lock, so no connection is adopted after the snapshot below.
    std::lock_guard lock(sessions_mutex_);
    stopping_.store(true, std::memory_order_release);
  }
  return live_sessions();
}

std::vector<std::shared_ptr<Session>> ServerCore::live_sessions() {
  std::lock_guard lock(sessions_mutex_);
  std::vector<std::shared_ptr<Session>> live;
  for (const auto& [key, weak] : sessions_) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

bool ServerCore::wait_until_no_sessions(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(sessions_mutex_);
  return sessions_changed_.wait_until(lock, deadline, [&] { return sessions_.empty(); });
}

}  // namespace opsdesk::http
