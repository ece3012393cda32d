#include "services/changes/api/ci_routes.hpp"

#include <future>

#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/route_support.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/changes/api/change_json.hpp"
#include "services/changes/seed/centre_equipment.hpp"

namespace opsdesk::changes::api {

namespace {

using namespace aggregate::routes;

using http::Problem;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr bool kRequired = true;
constexpr bool kOptional = false;

bool sees(const auth::Principal& who, const ConfigurationItemState& item) {
  return who.can_see_any(item.concerned());
}

std::optional<Attributes> attributes_field(http::JsonFields& f, bool required) {
  const auto* object = f.object("attributes", required);
  if (!object) return std::nullopt;
  Attributes attributes;
  for (const auto& [key, value] : object->items()) {
    if (!value.is_string()) {
      f.add_error("attributes." + key, "must be a string");
      continue;
    }
    attributes[key] = value.get<std::string>();
  }
  return attributes;
}

// Relations as [{"kind": "runs_on", "target": "<id or code>"}]: each target must be an item.
std::optional<std::vector<CiRelation>> relations_field(http::JsonFields& f, const ChangeBook& book,
                                                       bool required) {
  const auto* array = f.array("relations", required, 50);
  if (!array) return std::nullopt;
  std::vector<CiRelation> relations;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto prefix = "relations[" + std::to_string(i) + "].";
    if (!(*array)[i].is_object()) {
      f.add_error(prefix.substr(0, prefix.size() - 1), "must be an object {kind, target}");
      continue;
    }
    http::JsonFields r((*array)[i], {}, prefix);
    CiRelation relation;
    relation.kind = r.string("kind", kRequired, 40).value_or("");
    const auto target = r.string("target", kRequired, 64).value_or("");
    r.reject_unknown_fields();
    f.add_errors_of(r);
    if (target.empty()) continue;
    auto item = book.item_by_code_or_id(target);
    if (!item) {
      f.add_error(prefix + "target", "no configuration item has the id or code '" + target + "'");
      continue;
    }
    relation.target_id = item->id;
    relations.push_back(std::move(relation));
  }
  return relations;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::ranges::find(list, value) != list.end();
}

class Handlers {
 public:
  explicit Handlers(CiApi api) : api_(std::move(api)) {}

  std::string render(const ConfigurationItemState& item) const {
    return ci_json(item, api_.book).dump();
  }

  void register_item(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    RegisterConfigurationItem c;
    c.ci_id = api_.ids.next(now).to_string();
    c.kind = f.string("kind", kRequired, 40).value_or("");
    c.code = f.string("code", kRequired, 64).value_or("");
    c.name = f.string("name", kRequired, 200).value_or("");
    c.tenants = f.string_list("tenants", kRequired, 20, 40).value_or(std::vector<std::string>{});
    c.location = f.string("location", kOptional, 40).value_or("centre");
    c.attributes = attributes_field(f, kOptional).value_or(Attributes{});
    c.relations = relations_field(f, api_.book, kOptional).value_or(std::vector<CiRelation>{});
    c.by = f.string("by", kOptional, 100).value_or(who.subject);
    c.at = f.instant("at", kOptional).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    if (!api_.book.claim_code(c.code)) {
      const auto existing = api_.book.item_by_code_or_id(c.code);
      return reply.send(
          answer(aggregate::rule_problem("ci-code-in-use",
                                         "the code '" + c.code + "' is taken" +
                                             (existing ? " by configuration item " + existing->id
                                                       : " by a registration on its way"),
                                         "configuration item"),
                 request));
    }
    // The claim ends when the item is recorded (ChangeBook::upsert) or refused.
    auto released = std::shared_ptr<void>(
        nullptr, [book = &api_.book, code = c.code](void*) { book->release_code(code); });
    aggregate::execute_http_command(
        api_.items, request, reply, who, c.ci_id, ConfigurationItemCommand{std::move(c)}, now,
        [](const ConfigurationItemState& item) { return "/v1/configuration-items/" + item.id; },
        [this, released](const ConfigurationItemState& item, const auth::Principal&,
                         std::uint64_t) { return render(item); });
  }

  void seed(const Request& request, const http::Reply& reply) const {
    reply.run_blocking([this, request, reply] {
      const auth::Principal& who = auth::caller_of(request);
      if (!who.all_tenants)
        return reply.send(answer(
            http::forbidden_problem("the centre's equipment serves every association: seeding "
                                    "it needs a token for every tenant (\"*\")"),
            request));
      const auto now = api_.clock.now();
      auto body = http::parse_json_object(request);
      if (!body) return reply.send(answer(body.error(), request));
      http::JsonFields f(*body, api_.instants);
      const auto by = f.string("by", kOptional, 100).value_or(who.subject);
      f.reject_unknown_fields();
      if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
      json registered = json::array();
      json already = json::array();
      for (const auto& seed : centre_equipment()) {
        if (auto existing = api_.book.item_by_code_or_id(seed.code)) {
          already.push_back({{"code", seed.code}, {"id", existing->id}});
          continue;
        }
        RegisterConfigurationItem c{api_.ids.next(now).to_string(),
                                    seed.kind,
                                    seed.code,
                                    seed.name,
                                    seed.tenants,
                                    "centre",
                                    seed.attributes,
                                    {},
                                    by,
                                    now};
        for (const auto& r : seed.relations) {
          auto target = api_.book.item_by_code_or_id(r.target_code);
          if (target) c.relations.push_back({r.kind, target->id});
        }
        // The code is the seed's idempotency: a second seeder racing this one gets this answer.
        aggregate::CommandContext context{
            who.subject, request.request_id, std::nullopt,
            eventstore::IdempotencyKey{"ci-seed:" + seed.code, "ci-seed:" + seed.code}, who};
        std::promise<ConfigurationItemCommands::Outcome> done;
        auto outcome = done.get_future();
        api_.items.execute(
            c.ci_id, ConfigurationItemCommand{c}, now, std::move(context),
            [](std::function<void()> work) { work(); },
            [&done](ConfigurationItemCommands::Outcome o) { done.set_value(std::move(o)); });
        auto result = outcome.get();
        if (!result)
          return reply.send(
              answer(aggregate::rejection_problem(result.error(), "configuration item"), request));
        registered.push_back({{"code", seed.code}, {"id", result->state->id}});
      }
      reply.send(
          Response::json(200, json{{"registered", registered}, {"already_registered", already}}));
    });
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    auto item = visible(who, request.path_params.at("id"));
    if (!item) return reply.send(no_item(request));
    if (name != "revise" && name != "retire")
      return reply.send(answer(http::not_found_problem("no configuration item command '" + name +
                                                       "'; commands are: revise, retire"),
                               request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    ConfigurationItemCommand command;
    if (name == "revise") {
      ReviseConfigurationItem c;
      c.name = f.string("name", kOptional, 200);
      c.tenants = f.string_list("tenants", kOptional, 20, 40);
      c.location = f.string("location", kOptional, 40);
      c.attributes = attributes_field(f, kOptional);
      c.relations = relations_field(f, api_.book, kOptional);
      c.reason = f.string("reason", kRequired, 4000).value_or("");
      c.by = f.string("by", kOptional, 100).value_or(who.subject);
      c.at = f.instant("at", kOptional).value_or(now);
      command = std::move(c);
    } else {
      RetireConfigurationItem c;
      c.reason = f.string("reason", kRequired, 4000).value_or("");
      c.by = f.string("by", kOptional, 100).value_or(who.subject);
      c.at = f.instant("at", kOptional).value_or(now);
      command = std::move(c);
    }
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    aggregate::execute_http_command(
        api_.items, request, reply, who, item->id, std::move(command), now, {},
        [this](const ConfigurationItemState& state, const auth::Principal&, std::uint64_t) {
          return render(state);
        });
  }

  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto kind = word_param(request, "kind", ci_kinds(), errors);
    const auto tenant = request.query_param("tenant");
    if (tenant && tenants::find_tenant(*tenant) == nullptr)
      errors.push_back({"tenant", "unknown association code '" + *tenant +
                                      "'; allowed: " + tenants::allowed_codes_text()});
    const auto status = request.query_param("status").value_or("active");
    if (status != "active" && status != "retired" && status != "all")
      errors.push_back({"status", "must be one of: active (the default), retired, all"});
    const auto q = request.query_param("q");
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    json items = json::array();
    for (const auto& item : api_.book.items([&](const ConfigurationItemState& i) {
           if (!sees(who, i)) return false;
           if (kind && i.kind != *kind) return false;
           if (tenant && !contains(i.concerned(), *tenant)) return false;
           if (status == "active" && i.retired_reason) return false;
           if (status == "retired" && !i.retired_reason) return false;
           return !q || i.code.find(*q) != std::string::npos ||
                  i.name.find(*q) != std::string::npos;
         }))
      items.push_back(ci_json(item, api_.book));
    return Response::json(200, json{{"items", items}, {"count", items.size()}});
  }

  Response get(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto item = visible(who, request.path_params.at("id"));
    if (!item) return no_item(request);
    auto j = ci_json(*item, api_.book);
    json related = json::array();
    for (const auto& other : api_.book.items_related_to(item->id)) {
      if (!sees(who, other)) continue;
      for (const auto& r : other.relations) {
        if (r.target_id == item->id)
          related.push_back({{"kind", r.kind},
                             {"from_id", other.id},
                             {"from_code", other.code},
                             {"from_name", other.name}});
      }
    }
    j["related_from"] = related;
    json changes = json::array();
    for (const auto& change : api_.book.changes([&](const ChangeState& c) {
           return who.can_see_any(c.tenants) && contains(c.configuration_items, item->id);
         }))
      changes.push_back(change_summary_json(change));
    j["changes"] = changes;
    return Response::json(200, j).set_header("ETag", aggregate::etag(item->version));
  }

  Response events(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto item = visible(who, request.path_params.at("id"));
    if (!item) return no_item(request);
    const auto items = aggregate::history_json(api_.repository, item->id);
    return Response::json(200, json{{"ci_id", item->id}, {"code", item->code}, {"events", items}});
  }

 private:
  std::optional<ConfigurationItemState> visible(const auth::Principal& who,
                                                const std::string& id_or_code) const {
    auto canonical = aggregate::canonical_id(id_or_code);
    auto item = api_.book.item_by_code_or_id(canonical.value_or(id_or_code));
    if (!item || !sees(who, *item)) return std::nullopt;
    return item;
  }

  static Response no_item(const Request& request) {
    return answer(http::not_found_problem("no configuration item with the id or code '" +
                                          request.path_params.at("id") + "'"),
                  request);
  }

  CiApi api_;
};

}  // namespace

void add_ci_routes(http::Router& router, CiApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  const auto kStaff = http::Access::only({"maintainer"});
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add_async("POST", "/v1/configuration-items", kStaff,
                   [h](const Request& r, http::Reply reply) { h->register_item(r, reply); });
  router.add_async("POST", "/v1/configuration-items/seed", kStaff,
                   [h](const Request& r, http::Reply reply) { h->seed(r, reply); });
  router.add_async("POST", "/v1/configuration-items/{id}/{command}", kStaff,
                   [h](const Request& r, http::Reply reply) { h->command(r, reply); });
  router.add("GET", "/v1/configuration-items", kReaders,
             [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/configuration-items/{id}", kReaders,
             [h](const Request& r) { return h->get(r); });
  router.add("GET", "/v1/configuration-items/{id}/events", kReaders,
             [h](const Request& r) { return h->events(r); });
}

}  // namespace opsdesk::changes::api
