#include "services/changes/api/checkout_routes.hpp"

#include "libs/aggregate/event_records.hpp"
#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/route_support.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "services/changes/api/command_parsing.hpp"

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
const std::vector<std::string_view> kStatuses = {"out", "returned"};
const std::vector<std::string_view> kConsistencies = {"consistent", "differs", "unchecked"};

class Handlers {
 public:
  explicit Handlers(CheckoutApi api) : api_(std::move(api)) {}

  // The asset: a configuration item (by code or id) or a document's version; asset_kind may be
  // left out when the fields say which.
  void check_out(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    CheckOutAsset c;
    c.checkout_id = api_.ids.next(now).to_string();
    auto kind = f.string("asset_kind", kOptional, 40);
    auto item = f.string("configuration_item", kOptional, 64);
    auto document = f.string("document_id", kOptional, 64);
    c.document_version = f.string("document_version", kOptional, 40).value_or("");
    if (item && document)
      f.add_error("document_id", "name a configuration_item or a document_id, not both");
    c.asset_kind = kind.value_or(document ? std::string(kDocumentAsset) : std::string(kItemAsset));
    c.named = c.asset_kind == kDocumentAsset ? document.value_or("") : item.value_or("");
    c.recipient = f.string("recipient", kRequired, 200).value_or("");
    c.purpose = f.string("purpose", kRequired, 4000).value_or("");
    c.due_back = date_field(f, "due_back", kOptional);
    c.master = asset_files(f, "master", kOptional, false);
    c.by = f.string("by", kOptional, 100).value_or(who.subject);
    c.at = f.instant("at", kOptional).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    c.asset = resolve(c, who);
    execute(request, reply, who, c.checkout_id, CheckoutCommand{std::move(c)}, now, true);
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    auto checkout = find(request.path_params.at("id"));
    if (!checkout || !who.can_see_any(checkout->tenants)) return reply.send(no_checkout(request));
    if (!checkout_commands().contains(name) || name == checkout_commands().creation())
      return reply.send(answer(checkout_commands().unknown_command_problem(name), request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    auto command = checkout_commands().parse(name, *body, api_.instants, now, who.subject);
    if (!command) return reply.send(answer(command.error(), request));
    execute(request, reply, who, checkout->id, std::move(*command), now, false);
  }

  // ?status=out|returned, ?consistency=consistent|differs|unchecked (the latest check),
  // ?tenant=, ?asset_kind=, newest first.
  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto status = word_param(request, "status", kStatuses, errors);
    const auto consistency = word_param(request, "consistency", kConsistencies, errors);
    const auto kind = word_param(request, "asset_kind", asset_kinds(), errors);
    const auto tenant = tenant_param(request, who, errors);
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto cursor = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    return Response::json(200, page_json(api_.book.checkouts([&](const CheckoutState& c) {
                            if (!cursor.empty() && c.id >= cursor) return false;  // newest first
                            if (!who.can_see_any(c.tenants)) return false;
                            if (tenant && std::ranges::find(c.tenants, *tenant) == c.tenants.end())
                              return false;
                            if (status && c.status() != *status) return false;
                            if (kind && c.asset_kind != *kind) return false;
                            return !consistency || consistency_of(c) == *consistency;
                          }),
                                         limit, [&](const auto& checkout) {
                                           return checkout_json(checkout, false);
                                         }));
  }

  Response get(const Request& request) const {
    auto checkout = visible(request);
    if (!checkout) return no_checkout(request);
    return Response::json(200, checkout_json(*checkout, true))
        .set_header("ETag", aggregate::etag(checkout->version));
  }

  Response events(const Request& request) const {
    auto checkout = visible(request);
    if (!checkout) return no_checkout(request);
    const auto items = aggregate::history_json(api_.repository, checkout->id);
    return Response::json(200, json{{"checkout_id", checkout->id}, {"events", items}});
  }

 private:
  void execute(const Request& request, const http::Reply& reply, const auth::Principal& who,
               const std::string& id, CheckoutCommand command, core::Instant now,
               bool creates) const {
    aggregate::execute_http_command(
        api_.checkouts, request, reply, who, id, std::move(command), now,
        creates ? [](const CheckoutState& c) { return "/v1/checkouts/" + c.id; }
                : std::function<std::string(const CheckoutState&)>{},
        [this](const CheckoutState& checkout, const auth::Principal&, std::uint64_t) {
          return checkout_json(checkout, true).dump();
        });
  }

  // The named asset as the book has it (one the caller may see), with a document version's
  // file as the master.
  std::optional<CheckoutAsset> resolve(const CheckOutAsset& c, const auth::Principal& who) const {
    if (c.named.empty()) return std::nullopt;
    if (c.asset_kind == kDocumentAsset) {
      auto id = aggregate::canonical_id(c.named);
      auto document = id ? api_.book.document(*id) : std::nullopt;
      if (!document || !who.can_see_any(document->concerned())) return std::nullopt;
      CheckoutAsset asset;
      asset.document_id = document->id;
      asset.document_version = c.document_version;
      asset.title = document->title;
      asset.tenants = document->concerned();
      asset.retired = document->retired.has_value();
      const auto* version = document->find_version(c.document_version);
      asset.has_version = version != nullptr;
      asset.versions = document->versions_text();
      if (version)
        asset.master = {{version->file_name.empty() ? document->title + " " + version->version
                                                    : version->file_name,
                         version->sha256}};
      return asset;
    }
    auto item = api_.book.item_by_code_or_id(aggregate::canonical_id(c.named).value_or(c.named));
    if (!item || !who.can_see_any(item->concerned())) return std::nullopt;
    CheckoutAsset asset;
    asset.ci_id = item->id;
    asset.code = item->code;
    asset.title = item->name;
    asset.tenants = item->concerned();
    asset.retired = item->retired_reason.has_value();
    return asset;
  }

  static std::string consistency_of(const CheckoutState& c) {
    return c.checks.empty() ? "unchecked" : c.consistency();
  }

  std::optional<CheckoutState> find(const std::string& text) const {
    auto id = aggregate::canonical_id(text);
    return id ? api_.book.checkout(*id) : std::nullopt;
  }

  std::optional<CheckoutState> visible(const Request& request) const {
    auto checkout = find(request.path_params.at("id"));
    if (!checkout || !auth::caller_of(request).can_see_any(checkout->tenants)) return std::nullopt;
    return checkout;
  }

  static Response no_checkout(const Request& request) {
    return answer(http::not_found_problem("no check-out " + request.path_params.at("id")), request);
  }

  static json files_json(const std::vector<AssetFile>& files) {
    json out = json::array();
    for (const auto& f : files) out.push_back({{"name", f.name}, {"sha256", f.sha256}});
    return out;
  }

  static json check_json(const ConsistencyCheck& c) {
    json differences = json::array();
    for (const auto& d : c.differences)
      differences.push_back(
          {{"name", d.name},
           {"change", d.change},
           {"master_sha256", d.master_sha256.empty() ? json(nullptr) : json(d.master_sha256)},
           {"found_sha256", d.found_sha256.empty() ? json(nullptr) : json(d.found_sha256)}});
    return {{"result", c.result}, {"differences", differences}, {"found", files_json(c.found)},
            {"note", c.note},     {"at", time_text(c.at)},      {"by", c.by}};
  }

  // `whole`: with the master's files and every check (a list shows the counts and the latest).
  json checkout_json(const CheckoutState& c, bool whole) const {
    json asset;
    if (c.asset_kind == kDocumentAsset) {
      auto document = api_.book.document(c.document_id);
      asset = {{"document_id", c.document_id},
               {"document_version", c.document_version},
               {"title", document ? json(document->title) : json(nullptr)}};
    } else {
      auto item = api_.book.item(c.ci_id);
      asset = {{"configuration_item_id", c.ci_id},
               {"code", item ? item->code : c.code},
               {"name", item ? json(item->name) : json(nullptr)}};
    }
    const auto today = core::to_tokyo(api_.clock.now()).date;
    const bool overdue = !c.returned && c.due_back &&
                         std::chrono::sys_days{*c.due_back} < std::chrono::sys_days{today};
    json j = {
        {"id", c.id},
        {"version", c.version},
        {"asset_kind", c.asset_kind},
        {"asset", asset},
        {"recipient", c.recipient},
        {"purpose", c.purpose},
        {"due_back", c.due_back ? json(calendar::format_iso_date(*c.due_back)) : json(nullptr)},
        {"overdue_back", overdue},
        {"tenants", c.tenants},
        {"status", c.status()},
        {"consistency", consistency_of(c)},
        {"master_file_count", c.master.size()},
        {"check_count", c.checks.size()},
        {"latest_check", c.checks.empty() ? json(nullptr) : check_json(c.checks.back())},
        {"returned", c.returned ? json{{"note", c.returned->note},
                                       {"at", time_text(c.returned->at)},
                                       {"by", c.returned->by}}
                                : json(nullptr)},
        {"checked_out_at", time_text(c.checked_out_at)},
        {"checked_out_by", c.checked_out_by},
        {"changed_at", time_text(c.changed_at)}};
    if (whole) {
      j["master"] = files_json(c.master);
      json checks = json::array();
      for (const auto& check : c.checks) checks.push_back(check_json(check));
      j["checks"] = checks;
    }
    return j;
  }

  CheckoutApi api_;
};

}  // namespace

void add_checkout_routes(http::Router& router, CheckoutApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add_async("POST", "/v1/checkouts", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->check_out(r, reply); });
  router.add_async("POST", "/v1/checkouts/{id}/{command}", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->command(r, reply); });
  router.add("GET", "/v1/checkouts", kReaders, [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/checkouts/{id}", kReaders, [h](const Request& r) { return h->get(r); });
  router.add("GET", "/v1/checkouts/{id}/events", kReaders,
             [h](const Request& r) { return h->events(r); });
}

}  // namespace opsdesk::changes::api
