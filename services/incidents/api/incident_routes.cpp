#include "services/incidents/api/incident_routes.hpp"

#include <algorithm>
#include <functional>

#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/http/json_body.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/incidents/api/command_parsing.hpp"
#include "services/incidents/api/incident_json.hpp"
#include "services/incidents/domain/vocabulary.hpp"
#include "services/incidents/event_codec.hpp"

namespace opsdesk::incidents::api {

namespace {

using http::Problem;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kMaxPageSize = 200;

Response answer(const Problem& p, const Request& request) {
  return p.to_response(request.request_id);
}

Response not_found(const Request& request, const std::string& id) {
  return answer(http::not_found_problem("no incident " + id), request);
}

class Handlers {
 public:
  explicit Handlers(IncidentApi api) : api_(api) {}

  void detect(const Request& request, const http::Reply& reply) const {
    const auto now = api_.clock.now();
    run_command(request, reply, "detect", now,
                [&] { return std::optional(api_.ids.next(now).to_string()); });
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auto& name = request.path_params.at("command");
    if (name == "detect") {
      reply.send(answer(http::not_found_problem("incidents are detected with POST /v1/incidents"),
                        request));
      return;
    }
    run_command(request, reply, name, api_.clock.now(),
                [&] { return aggregate::canonical_id(request.path_params.at("id")); });
  }

  Response get(const Request& request) const {
    const auth::Principal* who = &auth::caller_of(request);
    const auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return not_found(request, request.path_params.at("id"));
    auto state = api_.repository.load(*id);
    if (!state.exists() || !who->can_see_any(state.affected_tenants))
      return not_found(request, *id);
    return Response::text(200, incident_json(state, *who), "application/json")
        .set_header("ETag", aggregate::etag(state.version));
  }

  Response events(const Request& request) const {
    const auth::Principal* who = &auth::caller_of(request);
    const auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return not_found(request, request.path_params.at("id"));
    auto records = api_.repository.store().read_stream(stream_id_of(*id));
    IncidentState state;
    json items = json::array();
    for (const auto& record : records) {
      auto event = decode(record);
      if (!event) throw std::runtime_error(event.error());
      state = evolve(std::move(state), *event);
      items.push_back(event_json(record, *event, *who));
    }
    if (!state.exists() || !who->can_see_any(state.affected_tenants))
      return not_found(request, *id);
    return Response::json(200,
                          json{{"incident_id", *id}, {"version", state.version}, {"events", items}})
        .set_header("ETag", aggregate::etag(state.version));
  }

  Response list(const Request& request) const {
    const auth::Principal& caller = auth::caller_of(request);
    std::optional<std::string> tenant;
    std::optional<Status> status;
    std::vector<http::FieldError> errors;
    if ((tenant = request.query_param("tenant"))) {
      if (tenants::find_tenant(*tenant) == nullptr) {
        errors.push_back({"tenant", "unknown tenant code '" + *tenant +
                                        "'; allowed: " + tenants::allowed_codes_text()});
      }
    }
    if (auto text = request.query_param("status")) {
      status = parse_status(*text);
      if (!status)
        errors.push_back({"status", "must be one of: open, workaround_applied, restored, closed"});
    }
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto after_id = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);

    auto page = api_.index.list(limit, after_id, [&](const IncidentSummary& s) {
      if (status && s.status != *status) return false;
      if (tenant && std::ranges::find(s.affected_tenants, *tenant) == s.affected_tenants.end())
        return false;
      return caller.can_see_any(s.affected_tenants);
    });
    json items = json::array();
    for (const auto& summary : page.items) items.push_back(summary_json(summary));
    return Response::json(
        200,
        json{{"items", items},
             {"next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor)}});
  }

 private:
  // Runs on the I/O thread (an async route): everything up to the append is checking and
  // deciding in memory (libs/aggregate/http_commands.hpp). Checks run in the order a caller
  // fixes them: who they are, whether they may, what they asked for, then what they sent.
  void run_command(
      const Request& request, const http::Reply& reply, const std::string& name, core::Instant now,
      const std::function<std::optional<std::string>()>& incident_id_of_request) const {
    auto refuse = [&](const Problem& p) { reply.send(answer(p, request)); };
    const auth::Principal& who = auth::caller_of(request);
    const auto& table = command_table();
    if (!table.contains(name)) return refuse(table.unknown_command_problem(name));
    auto incident_id = incident_id_of_request();
    if (!incident_id) return reply.send(not_found(request, request.path_params.at("id")));
    auto body = http::parse_json_object(request);
    if (!body) return refuse(body.error());
    auto command = table.parse(name, *body, api_.instants, *incident_id, now);
    if (!command) return refuse(command.error());
    std::function<std::string(const IncidentState&)> location;
    if (name == table.creation())
      location = [](const IncidentState& state) { return "/v1/incidents/" + state.id; };
    aggregate::execute_http_command(
        api_.commands, request, reply, who, std::move(*incident_id), std::move(*command), now,
        std::move(location),
        [](const IncidentState& state, const auth::Principal& caller, std::uint64_t position) {
          return incident_json(state, caller, position);
        });
  }

  IncidentApi api_;
};

}  // namespace

void add_incident_routes(http::Router& router, IncidentApi api) {
  // Reads answer about the caller's tenants only; commands are the contractor's.
  const auto kReaders = http::Access::any_role_own_tenants();
  const auto kMaintainers = http::Access::only({"maintainer"});
  auto handlers = std::make_shared<Handlers>(api);
  // Commands are async routes: no thread waits for their fsync (see run_command).
  router.add_async("POST", "/v1/incidents", kMaintainers,
                   [handlers](const Request& r, http::Reply reply) { handlers->detect(r, reply); });
  router.add("GET", "/v1/incidents", kReaders,
             [handlers](const Request& r) { return handlers->list(r); });
  router.add("GET", "/v1/incidents/{id}", kReaders,
             [handlers](const Request& r) { return handlers->get(r); });
  router.add("GET", "/v1/incidents/{id}/events", kReaders,
             [handlers](const Request& r) { return handlers->events(r); });
  router.add_async(
      "POST", "/v1/incidents/{id}/{command}", kMaintainers,
      [handlers](const Request& r, http::Reply reply) { handlers->command(r, reply); });
}

}  // namespace opsdesk::incidents::api
