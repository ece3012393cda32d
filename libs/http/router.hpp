#pragma once
// Maps method + path to a handler. Patterns are literal segments and "{name}" parameters,
// e.g. "/v1/incidents/{id}/{command}"; the pattern is also the route's metrics label.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libs/http/message.hpp"

namespace opsdesk::http {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // null: no route for this method (see allowed_methods)
    std::string pattern;               // metrics label; "unmatched" when nothing matched
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
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace opsdesk::http
