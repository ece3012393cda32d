#include "services/changes/api/change_routes.hpp"

#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/route_support.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/changes/api/change_json.hpp"
#include "services/changes/api/command_parsing.hpp"

namespace opsdesk::changes::api {

namespace {

using namespace aggregate::routes;

using http::Problem;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr bool kRequired = true;
constexpr bool kOptional = false;
constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kMaxPageSize = 200;
const std::vector<std::string> kStatuses = {"registered", "assessed", "approved",  "in_progress",
                                            "closed",     "rejected", "withdrawn", "open"};

class Handlers {
 public:
  explicit Handlers(ChangeApi api) : api_(std::move(api)) {}

  std::string render(const ChangeState& change) const { return change_json(change, api_.book); }

  void register_change(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    RegisterChange c;
    c.change_id = api_.ids.next(now).to_string();
    c.origin = f.string("origin", kRequired, 40).value_or("");
    c.incident_id = uuid_field(f, "incident_id");
    c.inquiry_id = uuid_field(f, "inquiry_id");
    c.title = f.string("title", kRequired, 200).value_or("");
    c.description = f.string("description", kOptional, 8000).value_or("");
    c.tenants = f.string_list("tenants", kRequired, 20, 40).value_or(std::vector<std::string>{});
    for (const auto& named : f.string_list("configuration_items", kOptional, 100, 64)
                                 .value_or(std::vector<std::string>{})) {
      auto item = api_.book.item_by_code_or_id(aggregate::canonical_id(named).value_or(named));
      if (!item) {
        f.add_error("configuration_items",
                    "no configuration item has the id or code '" + named + "'");
      } else if (item->retired_reason) {
        f.add_error("configuration_items", "configuration item " + item->code + " is retired");
      } else if (std::ranges::find(c.configuration_items, item->id) ==
                 c.configuration_items.end()) {
        c.configuration_items.push_back(item->id);
      }
    }
    c.by = f.string("by", kOptional, 100).value_or(who.subject);
    c.at = f.instant("at", kOptional).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    // One change per improvement request: the inquiry is claimed until its change is recorded.
    std::shared_ptr<void> released;
    if (!c.inquiry_id.empty()) {
      if (!api_.book.claim_inquiry(c.inquiry_id)) {
        const auto existing = api_.book.change_of_inquiry(c.inquiry_id);
        auto p = aggregate::rule_problem("inquiry-has-change",
                                         "inquiry " + c.inquiry_id + " was escalated to change " +
                                             (existing ? existing->id : "(being registered)"),
                                         "change");
        if (existing) p.extensions["change_id"] = existing->id;
        return reply.send(answer(p, request));
      }
      released = std::shared_ptr<void>(
          nullptr, [book = &api_.book, id = c.inquiry_id](void*) { book->release_inquiry(id); });
    }
    aggregate::execute_http_command(
        api_.changes, request, reply, who, c.change_id, ChangeCommand{std::move(c)}, now,
        [](const ChangeState& change) { return "/v1/changes/" + change.id; },
        [this, released](const ChangeState& change, const auth::Principal&, std::uint64_t) {
          return render(change);
        });
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return reply.send(no_change(request));
    if (!change_commands().contains(name) || name == change_commands().creation())
      return reply.send(answer(change_commands().unknown_command_problem(name), request));
    if (!is_association_command(name) && !who.has_role(auth::Role::maintainer))
      return reply.send(
          answer(http::forbidden_problem("the association side approves or rejects a change; '" +
                                         name + "' is the desk's (role maintainer)"),
                 request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    auto command = change_commands().parse(name, *body, api_.instants, now, who.subject);
    if (!command) return reply.send(answer(command.error(), request));
    aggregate::execute_http_command(api_.changes, request, reply, who, *id, std::move(*command),
                                    now, {},
                                    [this](const ChangeState& change, const auth::Principal&,
                                           std::uint64_t) { return render(change); });
  }

  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto status = request.query_param("status");
    if (status && std::ranges::find(kStatuses, *status) == kStatuses.end())
      errors.push_back({"status",
                        "must be one of: registered, assessed, approved, in_progress, "
                        "closed, rejected, withdrawn, open (not settled)"});
    const auto origin = word_param(request, "origin", change_origins(), errors);
    const auto tenant = request.query_param("tenant");
    if (tenant && tenants::find_tenant(*tenant) == nullptr)
      errors.push_back({"tenant", "unknown association code '" + *tenant +
                                      "'; allowed: " + tenants::allowed_codes_text()});
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto cursor = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    return Response::json(
        200, page_json(api_.book.changes([&](const ChangeState& c) {
          if (!who.can_see_any(c.tenants)) return false;
          if (!cursor.empty() && c.id >= cursor) return false;  // newest first
          if (status && (*status == "open" ? c.settled() : c.status() != *status)) return false;
          if (origin && c.origin != *origin) return false;
          return !tenant || std::ranges::find(c.tenants, *tenant) != c.tenants.end();
        }),
                       limit, [&](const auto& change) { return change_summary_json(change); }));
  }

  Response get(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto change = visible(who, request.path_params.at("id"));
    if (!change) return no_change(request);
    return Response::text(200, render(*change), "application/json")
        .set_header("ETag", aggregate::etag(change->version));
  }

  Response events(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto change = visible(who, request.path_params.at("id"));
    if (!change) return no_change(request);
    const auto items = aggregate::history_json(api_.repository, change->id);
    return Response::json(200, json{{"change_id", change->id}, {"events", items}});
  }

  // The change's earned value on a day (default today): the whole change, or one association's
  // packages (`tenant`); and each association's part.
  Response evm(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto change = visible(who, request.path_params.at("id"));
    if (!change) return no_change(request);
    std::vector<http::FieldError> errors;
    const auto today = core::to_tokyo(api_.clock.now()).date;
    Date as_of = today;
    if (auto text = request.query_param("as_of")) {
      auto parsed = calendar::parse_iso_date(*text);
      if (!parsed || !calendar::BusinessCalendar::covers(*parsed))
        errors.push_back({"as_of", "must be a date as YYYY-MM-DD, e.g. 2026-07-15"});
      else
        as_of = *parsed;
    }
    const auto tenant = request.query_param("tenant");
    if (tenant && std::ranges::find(change->tenants, *tenant) == change->tenants.end())
      errors.push_back({"tenant", "'" + *tenant +
                                      "' is not an association of this change; its "
                                      "associations: " +
                                      join(change->tenants)});
    else if (tenant && !who.can_see_tenant(*tenant))
      errors.push_back({"tenant", "you hold no token for '" + *tenant + "'"});
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    const auto all = change->evm_packages();
    auto of_tenant = [&](const std::string& code) {
      std::vector<evm::Package> part;
      for (const auto& p : all)
        if (p.tenant == code) part.push_back(p);
      return part;
    };
    const auto shown = tenant ? of_tenant(*tenant) : all;
    auto j = measures_json(evm::measure(shown, as_of, api_.calendar), api_.cap.person_month_hours);
    j["change_id"] = change->id;
    j["title"] = change->title;
    j["tenant"] = tenant ? json(*tenant) : json(nullptr);
    j["baseline"] =
        change->baselines.empty() ? json(nullptr) : json(change->baselines.back().number);
    json by_tenant = json::object();
    for (const auto& code : change->tenants) {
      if (!who.can_see_tenant(code)) continue;
      auto part = of_tenant(code);
      if (part.empty()) continue;
      by_tenant[code] =
          measures_json(evm::measure(part, as_of, api_.calendar), api_.cap.person_month_hours);
    }
    j["by_tenant"] = by_tenant;
    json packages = json::array();
    for (const auto& p : shown) {
      const evm::Package one[] = {p};
      const auto m = evm::measure(one, as_of, api_.calendar);
      packages.push_back({{"id", p.id},
                          {"tenant", p.tenant.empty() ? json(nullptr) : json(p.tenant)},
                          {"budget_hours", hours(p.budget_hours)},
                          {"planned_start", calendar::format_iso_date(p.planned_start)},
                          {"planned_finish", calendar::format_iso_date(p.planned_finish)},
                          {"percent_complete", ratio(evm::percent_complete(p, as_of))},
                          {"pv", hours(m.pv)},
                          {"ev", hours(m.ev)},
                          {"ac", hours(m.ac)}});
    }
    j["packages"] = packages;
    return Response::json(200, j);
  }

 private:
  static std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
  }

  static std::string uuid_field(http::JsonFields& f, const std::string& name) {
    auto text = f.string(name, kOptional, 64);
    if (!text || text->empty()) return {};
    auto id = aggregate::canonical_id(*text);
    if (!id) {
      f.add_error(name, "must be an id (a UUID)");
      return {};
    }
    return *id;
  }

  std::optional<ChangeState> visible(const auth::Principal& who, const std::string& text) const {
    auto id = aggregate::canonical_id(text);
    auto change = id ? api_.book.change(*id) : std::nullopt;
    if (!change || !who.can_see_any(change->tenants)) return std::nullopt;
    return change;
  }

  static Response no_change(const Request& request) {
    return answer(http::not_found_problem("no change " + request.path_params.at("id")), request);
  }

  ChangeApi api_;
};

}  // namespace

void add_change_routes(http::Router& router, ChangeApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add_async("POST", "/v1/changes", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->register_change(r, reply); });
  router.add_async("POST", "/v1/changes/{id}/{command}",
                   http::Access::only({"maintainer", "association_admin"}),
                   [h](const Request& r, http::Reply reply) { h->command(r, reply); });
  router.add("GET", "/v1/changes", kReaders, [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/changes/{id}", kReaders, [h](const Request& r) { return h->get(r); });
  router.add("GET", "/v1/changes/{id}/events", kReaders,
             [h](const Request& r) { return h->events(r); });
  router.add("GET", "/v1/changes/{id}/evm", kReaders, [h](const Request& r) { return h->evm(r); });
}

}  // namespace opsdesk::changes::api
