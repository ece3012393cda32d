#include "services/ci-links/api/ci_links_routes.hpp"

#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/http_guard.hpp"
#include "services/ci-links/ci_links_projection.hpp"

namespace opsdesk::ci_links::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxIncidentsAsked = 200;  // a board page

json item_json(const LinkedItem& item) {
  json j{{"ci_id", item.ci_id}, {"code", item.code}, {"name", item.name}};
  if (!item.text.empty()) j["text"] = item.text;
  return j;
}

bool sees_incident(const auth::Principal& who, const json& summary) {
  return who.can_see_any(summary.at("tenants").get<std::vector<std::string>>());
}

}  // namespace

void add_ci_links_routes(http::Router& router, const projection::ViewStore& store) {
  const auto kReaders = http::Access::any_role_own_tenants();
  const auto& view = store.reader();
  router.add("GET", "/v1/configuration-items/{id}/incidents", kReaders,
             [&view](const Request& request) {
               const auth::Principal& who = auth::caller_of(request);
               const auto& named = request.path_params.at("id");
               auto item = find_item(view, aggregate::canonical_id(named).value_or(named));
               if (!item || !who.can_see_any(item->tenants))
                 return http::not_found_problem("no configuration item with the id or code '" +
                                                named + "'")
                     .to_response(request.request_id);
               json incidents = json::array();
               for (auto& summary : incidents_of(view, item->ci_id)) {
                 if (sees_incident(who, summary)) incidents.push_back(std::move(summary));
               }
               auto j = item_json(*item);
               j["incidents"] = incidents;
               return Response::json(200, j);
             });
  router.add("GET", "/v1/configuration-links", kReaders, [&view](const Request& request) {
    const auth::Principal& who = auth::caller_of(request);
    const auto asked = request.query_param("incident");
    std::vector<std::string> ids;
    std::vector<http::FieldError> errors;
    if (!asked || asked->empty()) {
      errors.push_back({"incident", "name one or more incident ids, comma-separated"});
    } else {
      std::size_t from = 0;
      while (from <= asked->size()) {
        const auto comma = asked->find(',', from);
        const auto text =
            asked->substr(from, comma == std::string::npos ? std::string::npos : comma - from);
        if (auto id = aggregate::canonical_id(text)) {
          ids.push_back(*id);
        } else {
          errors.push_back({"incident", "'" + text + "' is not an incident id"});
        }
        if (comma == std::string::npos) break;
        from = comma + 1;
      }
      if (ids.size() > kMaxIncidentsAsked)
        errors.push_back({"incident", "at most " + std::to_string(kMaxIncidentsAsked) +
                                          " incidents in one request"});
    }
    if (!errors.empty())
      return http::validation_problem(std::move(errors)).to_response(request.request_id);
    json links = json::array();
    for (const auto& id : ids) {
      auto summary = incident(view, id);
      if (!summary || !sees_incident(who, *summary)) continue;  // as if unknown
      json items = json::array();
      for (const auto& item : items_of(view, id)) {
        if (who.can_see_any(item.tenants)) items.push_back(item_json(item));
      }
      links.push_back({{"incident_id", id}, {"configuration_items", items}});
    }
    return Response::json(200, json{{"links", links}});
  });
}

}  // namespace opsdesk::ci_links::api
