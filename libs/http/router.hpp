#pragma once
// Maps method + path to a handler. Patterns are literal segments and "{name}" parameters,
// e.g. "/v1/incidents/{id}/{command}"; the pattern is also the route's metrics label.
//
// Two kinds of handler:
// - Handler (add): returns the response; runs on the worker pool, so it may block (RocksDB
//   reads, fsync'd appends, waits).
// - AsyncHandler (add_async): answers through its Reply, now or later, from any thread; runs on
//   the connection's I/O thread, so it must never block: it hands blocking work to
//   Reply::run_blocking and waits for nothing (an append_async callback answers instead). This
//   is the command path: no thread is held while a command's events are fsync'd.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libs/http/message.hpp"
#include "libs/http/reply.hpp"

namespace opsdesk::http {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  void add_async(std::string method, std::string pattern, AsyncHandler handler);

  struct Match {
    // Both null: no route for this method (see allowed_methods); else exactly one is set.
    const Handler* handler = nullptr;
    const AsyncHandler* async_handler = nullptr;
    std::string pattern;  // metrics label; "unmatched" when nothing matched
    std::map<std::string, std::string> path_params;
    std::vector<std::string>
        allowed_methods;  // non-empty when the path exists with other methods (405)
  };
  // Literal segments win over parameters when both match.
  Match match(const std::string& method, const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;             // empty for an async route
    AsyncHandler async_handler;  // empty for a blocking route
  };
  void add_route(std::string method, std::string pattern, Handler handler,
                 AsyncHandler async_handler);
  std::vector<Route> routes_;
};

}  // namespace opsdesk::http
