#include "libs/http/server.hpp"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "libs/core/uuid.hpp"
#include "libs/http/pending_exchange.hpp"
#include "libs/http/server_core.hpp"
#include "libs/http/session.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

// After a failed accept (out of file descriptors, say), wait before the next one instead of
// spinning on the same error.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Router router, observability::Registry& metrics)
      : core(std::move(options), std::move(router), metrics),
        acceptor(asio::make_strand(core.io())),
        accept_retry(acceptor.get_executor()) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(core.io()),
                          beast::bind_front_handler(&Impl::on_accept, this));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open() || ec == asio::error::operation_aborted) return;
    if (ec) {
      observability::log_warn("http accept failed", {{"error", ec.message()}});
      accept_retry.expires_after(kAcceptRetryDelay);
      accept_retry.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec && acceptor.is_open()) accept();
      });
      return;
    }
    auto session = std::make_shared<Session>(std::move(socket), core);
    // Refused once stop() has begun, or beyond max_connections: the session is dropped and its
    // socket closed.
    switch (core.adopt(session)) {
      case ServerCore::Adoption::adopted:
        session->start();
        break;
      case ServerCore::Adoption::too_many:
        refused_connections.fetch_add(1);
        if (const auto now = std::chrono::steady_clock::now(); now >= next_refusal_log) {
          next_refusal_log = now + std::chrono::seconds{10};
          observability::log_warn("http connection refused: too many open connections",
                                  {{"max_connections", core.options().max_connections},
                                   {"refused_so_far", refused_connections.load()},
                                   {"setting", "http.max_connections"}});
        }
        break;
      case ServerCore::Adoption::stopping:
        break;
    }
    accept();
  }

  void run_io() {
    // Handlers on the I/O threads do not throw; if one ever does, log it and keep serving
    // rather than lose a thread silently.
    for (;;) {
      try {
        core.io().run();
        return;
      } catch (const std::exception& e) {
        observability::log_error("http I/O thread caught an exception", {{"error", e.what()}});
      }
    }
  }

  // Declaration order is destruction order in reverse: threads and acceptor go before `core`,
  // which owns the io_context and the worker pool.
  ServerCore core;
  tcp::acceptor acceptor;
  asio::steady_timer accept_retry;
  // Connections refused beyond max_connections, and when the next such refusal is logged (at
  // most one line per 10 s: a flood must not flood the log too). The acceptor's strand only.
  std::atomic<std::uint64_t> refused_connections{0};
  std::chrono::steady_clock::time_point next_refusal_log{};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> io_threads;
  std::atomic<std::uint16_t> port{0};

  std::mutex lifecycle_mutex;  // held through start() and stop(): a second stop() waits
  enum class State { created, running, stopped } state = State::created;
};

Server::Server(ServerOptions options, Router router, observability::Registry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router), metrics)) {}

Server::~Server() { stop(); }

std::expected<void, std::string> Server::start() {
  std::lock_guard lock(impl_->lifecycle_mutex);
  if (impl_->state != Impl::State::created)
    return std::unexpected("the server was already started");
  const auto& options = impl_->core.options();
  const auto where = options.host + ":" + std::to_string(options.port);

  beast::error_code ec;
  tcp::endpoint endpoint;
  const auto address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    tcp::resolver resolver(impl_->core.io());
    auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec || results.empty()) {
      return std::unexpected("cannot resolve " + options.host + ": " +
                             (ec ? ec.message() : "no addresses"));
    }
    endpoint = results.begin()->endpoint();
  }

  auto& acceptor = impl_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec)
    return std::unexpected("cannot open a socket for " + where + ": " + ec.message());
  // Lets a restarted service bind while old connections sit in TIME_WAIT; it does not allow
  // two live listeners on one port on Linux.
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  // The error is read before the close, whose own result must not overwrite it.
  auto refused = [&](const beast::error_code& error) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return std::unexpected("cannot listen on " + where + ": " + error.message());
  };
  if (acceptor.bind(endpoint, ec); ec) return refused(ec);
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) return refused(ec);
  impl_->port = acceptor.local_endpoint(ec).port();

  impl_->state = Impl::State::running;
  impl_->work.emplace(asio::make_work_guard(impl_->core.io()));
  impl_->accept();
  const int threads = std::max(1, options.io_threads);
  for (int i = 0; i < threads; ++i)
    impl_->io_threads.emplace_back([impl = impl_.get()] { impl->run_io(); });
  return {};
}

std::uint16_t Server::port() const { return impl_->port.load(); }

std::string Server::base_url() const {
  const auto& host = impl_->core.options().host;
  const auto shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "http://" + shown + ":" + std::to_string(port());
}

namespace {

// The answer of a request dispatched in this process goes back to its caller.
class InProcessSink final : public detail::AnswerSink {
 public:
  InProcessSink(asio::io_context& io, std::function<void(Response)> done)
      : io_(io), done_(std::move(done)) {}
  void respond(Response response, std::string, bool) override { done_(std::move(response)); }
  void on_strand(std::function<void()> work) override { asio::post(io_, std::move(work)); }

 private:
  asio::io_context& io_;
  std::function<void(Response)> done_;
};

}  // namespace

void Server::dispatch(Request request, std::function<void(Response)> done) {
  if (request.request_id.empty()) request.request_id = core::new_uuid_v7();
  auto& core = impl_->core;
  auto exchange = core.open_exchange(
      request, std::make_shared<InProcessSink>(core.io(), std::move(done)), "in-process", true);
  // Routed on an I/O thread, where async handlers expect to run, as for a connection.
  asio::post(core.io(), [&core, request = std::move(request), exchange]() mutable {
    auto routed = core.route(request);
    auto& pending = *exchange;
    core.serve(std::move(request), std::move(routed), Reply(std::move(exchange)), pending);
  });
}

void Server::stop(std::chrono::milliseconds drain) {
  std::lock_guard lock(impl_->lifecycle_mutex);
  if (impl_->state == Impl::State::stopped) return;
  const bool was_running = impl_->state == Impl::State::running;
  impl_->state = Impl::State::stopped;
  auto& core = impl_->core;
  const auto deadline = std::chrono::steady_clock::now() + drain;

  auto sessions = core.begin_stopping();
  if (was_running) {
    asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
      beast::error_code ignored;
      impl->acceptor.close(ignored);
      impl->accept_retry.cancel();
    });
    for (const auto& session : sessions) session->stop_when_idle();
    sessions.clear();  // our references would keep the sessions alive through the wait

    if (!core.wait_until_no_sessions(deadline)) {
      auto late = core.live_sessions();
      observability::log_warn("http drain time over; closing connections still busy",
                              {{"connections", late.size()}, {"drain_ms", drain.count()}});
      for (const auto& session : late) session->close_now();
    }
  }

  // Handlers still running are waited for (a thread cannot be interrupted), and so are answers
  // still owed by async handlers (an append waiting for its fsync): both may need the I/O
  // threads below. Answers that meet closed connections are dropped.
  core.wait_until_no_replies();
  core.workers().join();
  impl_->work.reset();
  core.io().stop();
  for (auto& thread : impl_->io_threads) thread.join();
  impl_->io_threads.clear();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

}  // namespace opsdesk::http
