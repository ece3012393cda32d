#include "cmd/opsdesk/operational_routes.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <memory>

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

}  // namespace

json openapi_document(const std::vector<std::string>& services) {
  json merged;
  for (const auto& service : services) {
    auto text = openapi_yaml(service);
    if (text.empty()) continue;
    json doc = to_json(YAML::Load(std::string(text)));
    if (merged.is_null()) {
      merged = doc;
      continue;
    }
    for (auto& [path, item] : doc["paths"].items()) merged["paths"][path] = item;
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
    // first service's definition is kept rather than replaced by a later one's.
    for (auto& [kind, entries] : doc["components"].items()) {
      for (auto& [name, value] : entries.items()) {
        if (!merged["components"][kind].contains(name)) merged["components"][kind][name] = value;
      }
    }
  }
  return merged;
}

void add_operational_routes(http::Router& router, OperationalRoutes routes) {
  auto shared = std::make_shared<OperationalRoutes>(std::move(routes));
  router.add("GET", "/healthz", [](const http::Request&) {
    return http::Response::json(200, json{{"status", "ok"}});
  });
  router.add("GET", "/readyz", [shared](const http::Request&) {
    return http::Response::json(200, json{{"status", "ready"}, {"services", shared->readiness()}});
  });
  router.add("GET", "/metrics", [shared](const http::Request& request) {
    auto who = auth::authenticate(request, shared->verifier, shared->clock.now());
    if (!who) return who.error().to_response(request.request_id);
    return http::Response::text(200, shared->metrics.render_prometheus(),
                                "text/plain; version=0.0.4; charset=utf-8");
  });
  router.add("GET", "/openapi.json", [shared](const http::Request& request) {
    auto who = auth::authenticate(request, shared->verifier, shared->clock.now());
    if (!who) return who.error().to_response(request.request_id);
    return http::Response::json(200, shared->openapi);
  });
}

}  // namespace opsdesk::cli
