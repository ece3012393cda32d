#include "cmd/opsdesk/operational_routes.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include "cmd/opsdesk/openapi_documents.hpp"
#include "libs/auth/http_guard.hpp"

namespace opsdesk::cli {

namespace {

using nlohmann::json;

// YAML to JSON: plain scalars that look like booleans or numbers become those; quoted
// scalars stay strings (yaml-cpp tags plain scalars "?" and quoted ones "!").
json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& entry : node) out[entry.first.as<std::string>()] = to_json(entry.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string text = node.Scalar();
      if (node.Tag() == "?") {
        if (text == "true") return true;
        if (text == "false") return false;
        if (text == "null" || text == "~") return nullptr;
        auto number = json::parse(text, nullptr, false);
        if (number.is_number()) return number;
      }
      return text;
    }
    default:
      return nullptr;
  }
}

json access_json(const http::Access& access) {
  return {
      {"public", access.public_route},
      {"roles", access.roles},
      {"tenant_scoped", access.tenant_scoped},
      {"centre_only", access.centre_only},
      {"expensive_read", access.expensive_read},
      // The one kind of URL token the route accepts instead of a bearer token, if any.
      {"url_token", access.url_token_param.empty() ? json(nullptr) : json(access.url_token_param)}};
}

}  // namespace

json openapi_document(const std::vector<std::string>& documents, const http::Router& router) {
  std::vector<std::string> names{"incidents"};  // the operational paths are described there
  for (const auto& name : documents)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  json merged;
  for (const auto& name : names) {
    auto text = openapi_yaml(name);
    if (text.empty()) continue;
    json doc = to_json(YAML::Load(std::string(text)));
    if (merged.is_null()) {
      merged = doc;
      merged["paths"] = json::object();
      merged["tags"] = json::array();
    }
    for (auto& [path, item] : doc["paths"].items()) merged["paths"][path].update(item);
    // Each document's tags group its paths; keep every tag once.
    if (doc.contains("tags")) {
      for (const auto& tag : doc["tags"]) {
        auto& tags = merged["tags"];
        const bool known = std::any_of(tags.begin(), tags.end(),
                                       [&](const json& t) { return t["name"] == tag["name"]; });
        if (!known) tags.push_back(tag);
      }
    }
    // Documents share some components (bearerAuth, Problem, …) so that each stands alone; the
    // first document's definition is kept rather than replaced by a later one's.
    for (auto& [kind, entries] : doc["components"].items()) {
      for (auto& [entry, value] : entries.items()) {
        if (!merged["components"][kind].contains(entry)) merged["components"][kind][entry] = value;
      }
    }
  }
  // Only what this process serves: a path's operations whose method the router has there, each
  // with who may call it (x-opsdesk-access, from the route table the gate enforces).
  json served = json::object();
  std::set<std::string> documented;  // "METHOD pattern" of the routes some operation describes
  for (auto& [path, item] : merged["paths"].items()) {
    json operations = json::object();
    for (auto& [method, operation] : item.items()) {
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      const auto match = router.match(upper, path);
      if (match.handler == nullptr && match.async_handler == nullptr) continue;
      documented.insert(upper + " " + match.pattern);
      operations[method] = operation;
      if (match.access) operations[method]["x-opsdesk-access"] = access_json(*match.access);
    }
    if (!operations.empty()) served[path] = std::move(operations);
  }
  // A route served but described in no document: listed, so that a test can insist on none.
  json undocumented = json::array();
  for (const auto& route : router.routes()) {
    if (!documented.contains(route.method + " " + route.pattern))
      undocumented.push_back(route.method + " " + route.pattern);
  }
  merged["paths"] = std::move(served);
  merged["x-opsdesk-undocumented-routes"] = std::move(undocumented);
  std::string modules;
  for (const auto& name : documents) modules += (modules.empty() ? "" : ", ") + name;
  merged["info"]["title"] = "opsdesk API";
  merged["info"]["summary"] =
      "The IT operations desk of the Standard Kyosai System shared centre: the operations of "
      "the modules this process runs (" +
      modules + ").";
  return merged;
}

void add_operational_routes(http::Router& router, OperationalRoutes routes) {
  auto shared = std::make_shared<OperationalRoutes>(std::move(routes));
  router.add("GET", "/healthz", http::Access::open(), [](const http::Request&) {
    return http::Response::json(200, json{{"status", "ok"}});
  });
  // Anyone learns whether the process is ready; positions, lags and reasons are centre-wide
  // figures, for centre staff only (a token with tenants ["*"]).
  router.add("GET", "/readyz", http::Access::open(), [shared](const http::Request& request) {
    auto readiness = shared->readiness();
    const bool ready = readiness["status"] == "ready";
    const bool centre = request.principal && request.principal->all_tenants;
    if (!centre) readiness = json{{"status", readiness["status"]}};
    return http::Response::json(ready ? 200 : 503, readiness);
  });
  router.add("GET", "/metrics", http::Access::centre_staff(), [shared](const http::Request&) {
    return http::Response::text(200, shared->metrics.render_prometheus(),
                                "text/plain; version=0.0.4; charset=utf-8");
  });
  router.add("GET", "/openapi.json", http::Access::any_role(), [shared](const http::Request&) {
    return http::Response::json(200, *shared->openapi);
  });
}

}  // namespace opsdesk::cli
