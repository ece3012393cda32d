#pragma once
// The answer to one request, for handlers that answer later (AsyncHandler, see router.hpp): a
// handle the handler may copy into callbacks and use from any thread. Copies share one answer:
// the first send counts, later ones are logged and dropped. When the last copy is gone without
// an answer, the client gets a 500 (and the log a line), so no forgotten path leaves a
// connection hanging. Never blocks.

#include <functional>
#include <memory>
#include <string>

#include "libs/http/message.hpp"

namespace opsdesk::http {

namespace detail {
class PendingExchange;  // the server's side of a request in flight (pending_exchange.hpp)
}

class Reply {
 public:
  explicit Reply(std::shared_ptr<detail::PendingExchange> exchange);

  // Answers with `response`.
  void send(Response response) const;
  // Answers with what `build` returns, built on the connection's I/O thread rather than the
  // caller's: for callers whose own thread must be free again at once, such as the event
  // store's syncer calling an append_async callback. A throw from `build` answers 500.
  void send_built(std::function<Response()> build) const;
  // Runs `work` on the server's worker pool, where blocking (RocksDB reads, waits) is allowed.
  // A throw from `work` answers 500.
  void run_blocking(std::function<void()> work) const;

  const std::string& request_id() const;

 private:
  std::shared_ptr<detail::PendingExchange> exchange_;
};

// Runs on the connection's I/O thread and must not block. `request` lives only for the call:
// copy what a later callback needs.
using AsyncHandler = std::function<void(const Request& request, Reply reply)>;

}  // namespace opsdesk::http
