#include "services/changes/api/patch_routes.hpp"

#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/route_support.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/changes/api/command_parsing.hpp"
#include "services/changes/reports/monthly_patches.hpp"
#include "services/changes/reports/patches_xlsx.hpp"

namespace opsdesk::changes::api {

namespace {

using namespace aggregate::routes;

using http::Request;
using http::Response;
using nlohmann::json;

constexpr bool kRequired = true;
constexpr bool kOptional = false;
constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kMaxPageSize = 200;
const std::vector<std::string_view> kStatuses = {"registered", "assessed",    "decided",
                                                 "deferred",   "rolling_out", "rolled_out"};

class Handlers {
 public:
  explicit Handlers(PatchApi api) : api_(std::move(api)) {}

  void register_patch(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    RegisterPatch c;
    c.patch_id = api_.ids.next(now).to_string();
    c.product = f.string("product", kRequired, 40).value_or("");
    c.vendor_id = f.string("vendor_id", kRequired, 100).value_or("");
    c.title = f.string("title", kRequired, 300).value_or("");
    c.published = date_field(f, "published", kRequired).value_or(Date{});
    c.severity = f.string("severity", kRequired, 20).value_or("");
    c.description = f.string("description", kOptional, 8000).value_or("");
    c.by = f.string("by", kOptional, 100).value_or(who.subject);
    c.at = f.instant("at", kOptional).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    execute(request, reply, who, c.patch_id, PatchCommand{std::move(c)}, now, true);
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id || !api_.book.patch(*id)) return reply.send(no_patch(request));
    if (!patch_commands().contains(name) || name == patch_commands().creation())
      return reply.send(answer(patch_commands().unknown_command_problem(name), request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    auto command = patch_commands().parse(name, *body, api_.instants, now, who.subject);
    if (!command) return reply.send(answer(command.error(), request));
    std::vector<http::FieldError> errors;
    resolve(*command, who, errors);
    if (!errors.empty())
      return reply.send(answer(http::validation_problem(std::move(errors)), request));
    execute(request, reply, who, *id, std::move(*command), now, false);
  }

  Response list(const Request& request) const {
    std::vector<http::FieldError> errors;
    const auto status = word_param(request, "status", kStatuses, errors);
    const auto product = word_param(request, "product", patch_products(), errors);
    const auto urgency = word_param(request, "urgency", patch_urgencies(), errors);
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto cursor = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    const auth::Principal& who = auth::caller_of(request);
    return Response::json(
        200, page_json(api_.book.patches([&](const PatchState& p) {
          if (!cursor.empty() && p.id >= cursor) return false;  // newest first
          if (status && p.status() != *status) return false;
          if (product && p.product != *product) return false;
          if (urgency && (!p.urgency || p.urgency->urgency != *urgency)) return false;
          return true;
        }),
                       limit, [&](const auto& patch) { return summary_json(patch, who); }));
  }

  Response get(const Request& request) const {
    auto patch = find(request.path_params.at("id"));
    if (!patch) return no_patch(request);
    return Response::json(200, patch_json(*patch, auth::caller_of(request)))
        .set_header("ETag", aggregate::etag(patch->version));
  }

  // One patch's rows: its targets the caller's associations own.
  Response matrix(const Request& request) const {
    auto patch = find(request.path_params.at("id"));
    if (!patch) return no_patch(request);
    const auth::Principal& who = auth::caller_of(request);
    json rows = json::array();
    for (const auto& t : patch->targets)
      if (who.can_see_any(t.tenants)) rows.push_back(row_json(t));
    return Response::json(200, json{{"patch_id", patch->id},
                                    {"vendor_id", patch->vendor_id},
                                    {"counts", counts_json(*patch, who)},
                                    {"rows", rows}});
  }

  // Every patch's rows, for "what is still pending where": ?state= (pending, or open: every state
  // but applied and not_applicable), ?tenant=, ?product=, ?urgency=.
  Response matrix_all(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto state = request.query_param("state");
    if (state && *state != "open" && !is_one_of(rollout_states(), *state))
      errors.push_back({"state", "must be one of: " + words_text(rollout_states()) +
                                     ", open (not applied nor not_applicable)"});
    const auto tenant = tenant_param(request, who, errors);
    const auto product = word_param(request, "product", patch_products(), errors);
    const auto urgency = word_param(request, "urgency", patch_urgencies(), errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    json rows = json::array();
    for (const auto& patch : api_.book.patches([&](const PatchState& p) {
           if (product && p.product != *product) return false;
           return !urgency || (p.urgency && p.urgency->urgency == *urgency);
         })) {
      for (const auto& t : patch.targets) {
        if (!who.can_see_any(t.tenants)) continue;
        if (tenant && std::ranges::find(t.tenants, *tenant) == t.tenants.end()) continue;
        if (state && (*state == "open" ? is_settled_rollout_state(t.state) : t.state != *state))
          continue;
        auto row = row_json(t);
        row["patch_id"] = patch.id;
        row["vendor_id"] = patch.vendor_id;
        row["title"] = patch.title;
        row["product"] = patch.product;
        row["urgency"] = patch.urgency ? json(patch.urgency->urgency) : json(nullptr);
        rows.push_back(std::move(row));
      }
    }
    return Response::json(200, json{{"rows", rows}});
  }

  // The month's patches per association on its equipment: ?month= (default this month),
  // ?tenant= (default every association the caller holds), ?format=json|xlsx.
  Response report(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto today = core::to_tokyo(now).date;
    std::vector<http::FieldError> errors;
    const auto month =
        month_param(request, std::chrono::year_month{today.year(), today.month()}, errors);
    std::vector<std::string> codes;
    if (auto tenant = tenant_param(request, who, errors)) {
      codes.push_back(*tenant);
    } else if (!request.query_param("tenant")) {
      for (const auto& code : tenants::all_codes())
        if (who.can_see_tenant(code)) codes.push_back(code);
    }
    const auto format = request.query_param("format").value_or("json");
    if (format != "json" && format != "xlsx")
      errors.push_back({"format", "must be json (the default) or xlsx"});
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    const auto report = monthly_patches(api_.book.patches([](const PatchState&) { return true; }),
                                        month, codes, now);
    const auto period = calendar::format_iso_month(month);
    if (format == "xlsx") {
      auto bytes = patches_xlsx(report, now);
      if (!bytes) throw std::runtime_error("the patches workbook: " + bytes.error());
      const auto file = "patches-" + period + (codes.size() == 1 ? "-" + codes.front() : "");
      return Response::text(200, std::move(*bytes),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .set_header("Content-Disposition", "attachment; filename=\"" + file + ".xlsx\"");
    }
    auto lines = [&](const std::vector<PatchReportLine>& from) {
      json out = json::array();
      for (const auto& l : from) {
        auto item = api_.book.item(l.ci_id);
        out.push_back({{"patch_id", l.patch_id},
                       {"vendor_id", l.vendor_id},
                       {"title", l.title},
                       {"product", l.product},
                       {"severity", l.severity},
                       {"urgency", l.urgency.empty() ? json(nullptr) : json(l.urgency)},
                       {"configuration_item_id", l.ci_id},
                       {"code", l.code},
                       {"name", item ? json(item->name) : json(nullptr)},
                       {"state", l.state},
                       {"at", optional_time(l.at)},
                       {"note", l.note}});
      }
      return out;
    };
    json associations = json::array();
    for (const auto& a : report.associations)
      associations.push_back({{"tenant", a.tenant},
                              {"applied", lines(a.applied)},
                              {"failed", lines(a.failed)},
                              {"pending", lines(a.pending)},
                              {"counts",
                               {{"applied", a.applied.size()},
                                {"failed", a.failed.size()},
                                {"pending", a.pending.size()}}}});
    return Response::json(200, json{{"month", period},
                                    {"period_end", time_text(report.period_end)},
                                    {"associations", associations}});
  }

  // The whole history names every target's equipment: centre staff only.
  Response events(const Request& request) const {
    auto patch = find(request.path_params.at("id"));
    if (!patch) return no_patch(request);
    if (!auth::caller_of(request).all_tenants)
      return answer(http::forbidden_problem("a patch's history names the equipment of every "
                                            "association; it is the centre staff's (a token for "
                                            "every tenant, \"*\"); read the patch or its matrix"),
                    request);
    const auto items = aggregate::history_json(api_.repository, patch->id);
    return Response::json(200, json{{"patch_id", patch->id}, {"events", items}});
  }

 private:
  void execute(const Request& request, const http::Reply& reply, const auth::Principal& who,
               const std::string& id, PatchCommand command, core::Instant now, bool creates) const {
    aggregate::execute_http_command(
        api_.patches, request, reply, who, id, std::move(command), now,
        creates ? [](const PatchState& p) { return "/v1/patches/" + p.id; }
                : std::function<std::string(const PatchState&)>{},
        [this](const PatchState& patch, const auth::Principal& caller, std::uint64_t) {
          return patch_json(patch, caller).dump();
        });
  }

  // The configuration items a command names, looked up in the book: a target's kind, location
  // and associations for the decider; a rollout step's ids.
  void resolve(PatchCommand& command, const auth::Principal& caller,
               std::vector<http::FieldError>& errors) const {
    if (auto* c = std::get_if<TargetPatch>(&command)) {
      for (std::size_t i = 0; i < c->items.size(); ++i) {
        auto& wanted = c->items[i];
        const auto named = wanted.code;
        auto item = api_.book.item_by_code_or_id(aggregate::canonical_id(named).value_or(named));
        if (!item) {
          errors.push_back({"configuration_items[" + std::to_string(i) + "]",
                            "no configuration item has the id or code '" + named + "'"});
          continue;
        }
        wanted =
            PatchTargetItem{item->id,       item->code,        item->kind,
                            item->location, item->concerned(), item->retired_reason.has_value()};
      }
    }
    if (auto* c = std::get_if<RecordRollout>(&command)) {
      std::set<std::string> tenants;
      for (std::size_t i = 0; i < c->names.size(); ++i) {
        const auto& named = c->names[i];
        auto item = api_.book.item_by_code_or_id(aggregate::canonical_id(named).value_or(named));
        if (!item) {
          errors.push_back({"targets[" + std::to_string(i) + "]",
                            "no configuration item has the id or code '" + named + "'"});
          continue;
        }
        c->ci_ids.push_back(item->id);
        for (const auto& code : item->concerned()) tenants.insert(code);
      }
      c->tenants.assign(tenants.begin(), tenants.end());
    }
    if (auto* c = std::get_if<LinkChange>(&command)) {
      auto id = aggregate::canonical_id(c->change_id);
      auto change = id ? api_.book.change(*id) : std::nullopt;
      if (!change || !caller.can_see_any(change->tenants))
        errors.push_back({"change_id", "no change " + c->change_id});
      else
        c->change_id = *id;
    }
  }

  std::optional<PatchState> find(const std::string& text) const {
    auto id = aggregate::canonical_id(text);
    return id ? api_.book.patch(*id) : std::nullopt;
  }

  static Response no_patch(const Request& request) {
    return answer(http::not_found_problem("no patch " + request.path_params.at("id")), request);
  }

  json row_json(const TargetRollout& t) const {
    auto item = api_.book.item(t.ci_id);
    json steps = json::array();
    for (const auto& s : t.steps)
      steps.push_back({{"state", s.state},
                       {"note", s.note},
                       {"scheduled_for", optional_time(s.scheduled_for)},
                       {"at", time_text(s.at)},
                       {"by", s.by}});
    return {{"configuration_item_id", t.ci_id},
            {"code", item ? item->code : t.code},
            {"name", item ? json(item->name) : json(nullptr)},
            {"kind", item ? json(item->kind) : json(nullptr)},
            {"location", item ? json(item->location) : json(nullptr)},
            {"tenants", t.tenants},
            {"state", t.state},
            {"scheduled_for", optional_time(t.scheduled_for())},
            {"targeted_at", time_text(t.targeted_at)},
            {"changed_at", time_text(t.changed_at())},
            {"steps", steps}};
  }

  // How many of the targets the viewer sees stand in each state.
  static json counts_json(const PatchState& patch, const auth::Principal& who) {
    json counts = json::object();
    for (auto state : rollout_states()) counts[std::string(state)] = 0;
    for (const auto& t : patch.targets)
      if (who.can_see_any(t.tenants)) counts[t.state] = counts[t.state].get<int>() + 1;
    return counts;
  }

  json summary_json(const PatchState& p, const auth::Principal& who) const {
    return {{"id", p.id},
            {"version", p.version},
            {"product", p.product},
            {"vendor_id", p.vendor_id},
            {"title", p.title},
            {"published", calendar::format_iso_date(p.published)},
            {"severity", p.severity},
            {"urgency", p.urgency ? json(p.urgency->urgency) : json(nullptr)},
            {"status", p.status()},
            {"apply_due_at",
             optional_time(emergency_due_at(p, api_.emergency_business_days, api_.calendar))},
            {"overdue", p.overdue.has_value()},
            {"counts", counts_json(p, who)},
            {"registered_at", time_text(p.registered_at)},
            {"changed_at", time_text(p.changed_at)}};
  }

  json patch_json(const PatchState& p, const auth::Principal& who) const {
    auto j = summary_json(p, who);
    j["description"] = p.description;
    j["registered_by"] = p.registered_by;
    j["assessment"] = p.assessment ? json{{"impact", p.assessment->impact},
                                          {"needs_modification", p.assessment->needs_modification},
                                          {"at", time_text(p.assessment->at)},
                                          {"by", p.assessment->by}}
                                   : json(nullptr);
    j["urgency_decision"] = p.urgency ? json{{"urgency", p.urgency->urgency},
                                             {"reason", p.urgency->reason},
                                             {"measure", p.urgency->measure},
                                             {"plan", p.urgency->plan},
                                             {"agreed_with", p.urgency->agreed_with},
                                             {"at", time_text(p.urgency->at)},
                                             {"by", p.urgency->by}}
                                      : json(nullptr);
    json verifications = json::array();
    for (const auto& v : p.verifications)
      verifications.push_back({{"result", v.result},
                               {"environment", v.environment},
                               {"note", v.note},
                               {"at", time_text(v.at)},
                               {"by", v.by}});
    j["verifications"] = verifications;
    json procedures = json::array();
    for (const auto& d : p.procedures)
      procedures.push_back({{"document_id", d.document_id},
                            {"document_version", d.document_version},
                            {"at", time_text(d.at)},
                            {"by", d.by}});
    j["procedure"] = procedures.empty() ? json(nullptr) : procedures.back();
    j["procedures"] = procedures;
    j["change_id"] = p.change_id.empty() ? json(nullptr) : json(p.change_id);
    json targets = json::array();
    for (const auto& t : p.targets)
      if (who.can_see_any(t.tenants)) targets.push_back(row_json(t));
    j["targets"] = targets;
    j["overdue_record"] = p.overdue ? json{{"decided_at", time_text(p.overdue->decided_at)},
                                           {"business_days", p.overdue->business_days},
                                           {"due_at", time_text(p.overdue->due_at)},
                                           {"open_configuration_item_ids", visible_open(p, who)},
                                           {"at", time_text(p.overdue->at)}}
                                    : json(nullptr);
    return j;
  }

  // The overdue record's open targets the viewer may see.
  static std::vector<std::string> visible_open(const PatchState& p, const auth::Principal& who) {
    std::vector<std::string> open;
    for (const auto& id : p.overdue->open_targets) {
      const auto* target = p.target(id);
      if (target && who.can_see_any(target->tenants)) open.push_back(id);
    }
    return open;
  }

  PatchApi api_;
};

}  // namespace

void add_patch_routes(http::Router& router, PatchApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add_async("POST", "/v1/patches", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->register_patch(r, reply); });
  router.add_async("POST", "/v1/patches/{id}/{command}", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->command(r, reply); });
  router.add("GET", "/v1/patches", kReaders, [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/patches/report", kReaders, [h](const Request& r) { return h->report(r); });
  router.add("GET", "/v1/patches/matrix", kReaders,
             [h](const Request& r) { return h->matrix_all(r); });
  router.add("GET", "/v1/patches/{id}", kReaders, [h](const Request& r) { return h->get(r); });
  router.add("GET", "/v1/patches/{id}/matrix", kReaders,
             [h](const Request& r) { return h->matrix(r); });
  router.add("GET", "/v1/patches/{id}/events", kReaders,
             [h](const Request& r) { return h->events(r); });
}

}  // namespace opsdesk::changes::api
