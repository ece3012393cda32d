#include "libs/http/server_core.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/post.hpp>
#include <exception>

#include "libs/http/pending_exchange.hpp"
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

void handler_failed(const Request& request, const std::string& route, const char* error,
                    const Reply& reply) {
  observability::log_error("handler failed", {{"request_id", request.request_id},
                                              {"method", request.method},
                                              {"route", route},
                                              {"error", error}});
  reply.send(internal_error_problem().to_response(request.request_id));
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
      rate_limiter_(options_.rate_limits),
      metrics_(metrics),
      io_(thread_count(options_.io_threads)),
      workers_(static_cast<std::size_t>(thread_count(options_.worker_threads))) {}

ServerCore::Routed ServerCore::route(Request& request) const {
  Routed routed{router_.match(request.method, request.path)};
  if (const auto& gate = router_.gate()) {
    const auto& match = routed.match;
    const bool matched = match.handler != nullptr || match.async_handler != nullptr;
    const auto access = matched && match.access ? *match.access : Access::any_role();
    routed.refusal = gate(request, access);
  }
  return routed;
}

std::shared_ptr<detail::PendingExchange> ServerCore::open_exchange(
    const Request& request, std::shared_ptr<detail::AnswerSink> sink, std::string remote,
    bool keep_alive) {
  Exchange record{
      .method = request.method,
      .path = request.path,
      .route = {},
      .status = 0,
      .duration = {},
      .request_id = request.request_id,
      .remote = std::move(remote),
      .bytes_in = request.body.size(),
      .bytes_out = 0,
  };
  return std::make_shared<detail::PendingExchange>(std::move(sink), *this, std::move(record),
                                                   std::chrono::steady_clock::now(), keep_alive);
}

void ServerCore::serve(Request request, Routed routed, Reply reply,
                       detail::PendingExchange& exchange) {
  auto& match = routed.match;
  exchange.set_route(match.pattern);
  if (routed.refusal) {
    reply.send(std::move(*routed.refusal));
    return;
  }
  // Authenticated answers are for one caller: no cache may keep them.
  if (request.principal) exchange.set_private();
  if (auto refusal = over_allowance(request, match)) {
    reply.send(std::move(*refusal));
    return;
  }
  if (match.async_handler != nullptr) {
    request.path_params = std::move(match.path_params);
    const auto& handler = *match.async_handler;
    try {
      handler(request, reply);
    } catch (const std::exception& e) {
      handler_failed(request, match.pattern, e.what(), reply);
    } catch (...) {
      handler_failed(request, match.pattern, "a non-standard exception", reply);
    }
  } else if (match.handler != nullptr) {
    request.path_params = std::move(match.path_params);
    // Blocking handlers (fsync'd appends, waits) run on the worker pool.
    boost::asio::post(workers_, [handler = match.handler, pattern = std::move(match.pattern),
                                 request = std::move(request), reply = std::move(reply)] {
      Response response;
      try {
        response = (*handler)(request);
      } catch (const std::exception& e) {
        handler_failed(request, pattern, e.what(), reply);
        return;
      } catch (...) {
        handler_failed(request, pattern, "a non-standard exception", reply);
        return;
      }
      reply.send(std::move(response));
    });
  } else if (!match.allowed_methods.empty()) {
    const auto allow = joined(match.allowed_methods);
    auto response = method_not_allowed_problem(request.method + " is not allowed on " +
                                               request.path + "; allowed: " + allow + ".")
                        .to_response(request.request_id);
    response.set_header("Allow", allow);
    reply.send(std::move(response));
  } else {
    reply.send(
        not_found_problem("No resource at " + request.path + ".").to_response(request.request_id));
  }
}

std::optional<Response> ServerCore::over_allowance(const Request& request,
                                                   const Router::Match& match) {
  const bool matched = match.handler != nullptr || match.async_handler != nullptr;
  if (!matched || !request.principal) return std::nullopt;
  const auto kind = request.method == "POST"                       ? RateClass::command
                    : match.access && match.access->expensive_read ? RateClass::expensive_read
                                                                   : RateClass::unlimited;
  const auto wait = rate_limiter_.take(kind, request.principal->subject);
  if (!wait) return std::nullopt;
  Problem problem;
  problem.status = 429;
  problem.type = problem_type("rate-limited");
  problem.title = "Too many requests";
  const bool command = kind == RateClass::command;
  problem.detail =
      "you have used your allowance of " + std::to_string(rate_limiter_.per_minute(kind)) +
      (command ? " commands" : " expensive reads (SLA tables, exports)") + " per minute (" +
      (command ? "http.rate_limit.commands_per_minute"
               : "http.rate_limit.expensive_reads_per_minute") +
      "); retry in " + std::to_string(wait->count()) + " s";
  problem.retry_after_seconds = static_cast<int>(std::max<long long>(1, wait->count()));
  return problem.to_response(request.request_id);
}

void ServerCore::reply_opened() {
  std::lock_guard lock(replies_mutex_);
  ++replies_in_flight_;
}

void ServerCore::reply_closed() {
  bool none_left = false;
  {
    std::lock_guard lock(replies_mutex_);
    none_left = --replies_in_flight_ == 0;
  }
  if (none_left) replies_done_.notify_all();
}

void ServerCore::wait_until_no_replies() {
  std::unique_lock lock(replies_mutex_);
  replies_done_.wait(lock, [&] { return replies_in_flight_ == 0; });
}

ServerCore::RequestSeries ServerCore::series_of(const std::string& route, const std::string& method,
                                                int status) {
  std::string key = route;
  key += '\n';
  key += method;
  key += '\n';
  key += std::to_string(status);
  {
    std::shared_lock lock(series_mutex_);
    if (auto it = series_.find(key); it != series_.end()) return it->second;
  }
  // First request of its kind: register the series (the registry takes its own lock).
  RequestSeries found{
      &metrics_.counter("opsdesk_http_requests_total",
                        "HTTP requests answered, by route pattern, method and status.",
                        {{"route", route}, {"method", method}, {"status", std::to_string(status)}}),
      &metrics_.histogram(
          "opsdesk_http_request_duration_seconds",
          "Time from a request being completely read to its response being ready, in seconds.",
          {{"route", route}, {"method", method}}),
  };
  std::unique_lock lock(series_mutex_);
  series_.emplace(std::move(key), found);
  return found;
}

void ServerCore::record(const Exchange& exchange) {
  const auto method = method_label(exchange.method);
  const double seconds = std::chrono::duration<double>(exchange.duration).count();
  const auto series = series_of(exchange.route, method, exchange.status);
  series.requests->inc();
  series.duration->observe(seconds);
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

ServerCore::Adoption ServerCore::adopt(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mutex_);
  if (stopping()) return Adoption::stopping;
  if (sessions_.size() >= options_.max_connections) return Adoption::too_many;
  sessions_.emplace(session.get(), session);
  return Adoption::adopted;
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
