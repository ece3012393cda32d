#include "libs/http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace opsdesk::http {

namespace {

// "/v1/incidents/{id}" -> {"v1", "incidents", "{id}"}; "/" -> {""}; a trailing slash keeps an
// empty last segment, so "/v1/incidents/" and "/v1/incidents" are different paths.
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (true) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) {
      segments.push_back(path.substr(start));
      return segments;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Fills `params` and returns true when `segments` fit the route.
bool fits(const std::vector<std::string>& pattern, const std::vector<std::string>& segments,
          std::map<std::string, std::string>& params) {
  if (pattern.size() != segments.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_param(pattern[i])) {
      if (segments[i].empty()) return false;
      params[pattern[i].substr(1, pattern[i].size() - 2)] = segments[i];
    } else if (pattern[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

// True when `a` is more specific than `b`: at the first segment where one has a literal and
// the other a parameter, the literal wins.
bool more_specific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool a_param = is_param(a[i]);
    const bool b_param = is_param(b[i]);
    if (a_param != b_param) return !a_param;
  }
  return false;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Access access, Handler handler) {
  add_route(std::move(method), std::move(pattern), std::move(access), std::move(handler), {});
}

void Router::add_async(std::string method, std::string pattern, Access access,
                       AsyncHandler handler) {
  add_route(std::move(method), std::move(pattern), std::move(access), {}, std::move(handler));
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  add_route(std::move(method), std::move(pattern), std::nullopt, std::move(handler), {});
}

void Router::add_async(std::string method, std::string pattern, AsyncHandler handler) {
  add_route(std::move(method), std::move(pattern), std::nullopt, {}, std::move(handler));
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& route : routes_) out.push_back({route.method, route.pattern, route.access});
  return out;
}

void Router::add_route(std::string method, std::string pattern, std::optional<Access> access,
                       Handler handler, AsyncHandler async_handler) {
  // Wiring mistakes are programming errors, caught by the first test that builds the router.
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  auto segments = split_path(pattern);
  for (const auto& segment : segments) {
    const bool has_brace = segment.find_first_of("{}") != std::string::npos;
    if (has_brace && !is_param(segment)) {
      throw std::invalid_argument("route segment must be a literal or a whole {name}: " + pattern);
    }
  }
  for (const auto& route : routes_) {
    if (route.method == method && route.segments == segments) {
      throw std::invalid_argument("route registered twice: " + method + " " + pattern);
    }
  }
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments),
                          std::move(handler), std::move(async_handler), std::move(access)});
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  Match result;
  result.pattern = "unmatched";
  if (path.empty() || path.front() != '/') return result;
  const auto segments = split_path(path);

  const Route* best = nullptr;      // for this method
  const Route* best_any = nullptr;  // for any method: the 405's metrics label
  std::map<std::string, std::string> best_params;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!fits(route.segments, segments, params)) continue;
    if (best_any == nullptr || more_specific(route.segments, best_any->segments)) best_any = &route;
    if (route.method == method) {
      if (best == nullptr || more_specific(route.segments, best->segments)) {
        best = &route;
        best_params = std::move(params);
      }
    } else if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(),
                         route.method) == result.allowed_methods.end()) {
      result.allowed_methods.push_back(route.method);
    }
  }

  if (best != nullptr) {
    if (best->async_handler) {
      result.async_handler = &best->async_handler;
    } else {
      result.handler = &best->handler;
    }
    result.pattern = best->pattern;
    result.access = best->access;
    result.path_params = std::move(best_params);
    result.allowed_methods.clear();
  } else if (best_any != nullptr) {
    result.pattern = best_any->pattern;
    std::sort(result.allowed_methods.begin(), result.allowed_methods.end());
  }
  return result;
}

}  // namespace opsdesk::http
