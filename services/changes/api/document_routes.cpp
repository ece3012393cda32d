#include "services/changes/api/document_routes.hpp"

#include "libs/aggregate/event_records.hpp"
#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/route_support.hpp"
#include "libs/auth/http_guard.hpp"
#include "services/changes/api/command_parsing.hpp"
#include "services/changes/reports/document_register_xlsx.hpp"

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
const std::vector<std::string_view> kStatuses = {"draft", "in_review", "approved", "retired"};

std::string lowered(std::string text) {
  std::ranges::transform(text, text.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// ?q= finds a document by its title, description, label, filing index or a version's file name
// (ASCII letters in any case; Japanese as written).
bool matches(const DocumentState& d, const std::string& q) {
  auto has = [&](const std::string& text) { return lowered(text).find(q) != std::string::npos; };
  if (has(d.title) || has(d.description)) return true;
  if (d.filing && (has(d.filing->label) || has(d.filing->index))) return true;
  return std::ranges::any_of(d.versions,
                             [&](const DocumentVersion& v) { return has(v.file_name); });
}

class Handlers {
 public:
  explicit Handlers(DocumentApi api) : api_(std::move(api)) {}

  void register_document(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    RegisterDocument c;
    c.document_id = api_.ids.next(now).to_string();
    c.title = f.string("title", kRequired, 300).value_or("");
    c.kind = f.string("kind", kRequired, 40).value_or("");
    c.tenants = f.string_list("tenants", kRequired, 20, 40).value_or(std::vector<std::string>{});
    c.description = f.string("description", kOptional, 8000).value_or("");
    c.by = f.string("by", kOptional, 100).value_or(who.subject);
    c.at = f.instant("at", kOptional).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    execute(request, reply, who, c.document_id, DocumentCommand{std::move(c)}, now, true);
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    auto document = find(request.path_params.at("id"));
    if (!document || !who.can_see_any(document->concerned()))
      return reply.send(no_document(request));
    if (!document_commands().contains(name) || name == document_commands().creation())
      return reply.send(answer(document_commands().unknown_command_problem(name), request));
    if (!is_association_document_command(name) && !who.has_role(auth::Role::maintainer))
      return reply.send(
          answer(http::forbidden_problem("the association side approves a document's versions; '" +
                                         name + "' is the desk's (role maintainer)"),
                 request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    auto command = document_commands().parse(name, *body, api_.instants, now, who.subject);
    if (!command) return reply.send(answer(command.error(), request));
    execute(request, reply, who, document->id, std::move(*command), now, false);
  }

  // The register: ?kind=, ?tenant=, ?status=, ?q=; ?format=xlsx for the whole of it as a
  // workbook, else pages of JSON (?limit=, ?cursor=).
  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto kind = word_param(request, "kind", document_kinds(), errors);
    const auto status = word_param(request, "status", kStatuses, errors);
    const auto tenant = tenant_param(request, who, errors);
    const auto q = request.query_param("q").transform(lowered);
    const auto format = request.query_param("format").value_or("json");
    if (format != "json" && format != "xlsx")
      errors.push_back({"format", "must be json (the default) or xlsx"});
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto cursor = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    auto keep = [&](const DocumentState& d) {
      const auto concerned = d.concerned();
      if (!who.can_see_any(concerned)) return false;
      if (tenant && std::ranges::find(concerned, *tenant) == concerned.end()) return false;
      if (kind && d.kind != *kind) return false;
      if (status && d.status() != *status) return false;
      return !q || q->empty() || matches(d, *q);
    };
    if (format == "xlsx") {
      auto bytes = document_register_xlsx(api_.book.documents(keep), api_.clock.now());
      if (!bytes) throw std::runtime_error("the document register workbook: " + bytes.error());
      return Response::text(200, std::move(*bytes),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .set_header("Content-Disposition", "attachment; filename=\"documents.xlsx\"");
    }
    return Response::json(
        200, page_json(api_.book.documents([&](const DocumentState& d) {
          if (!cursor.empty() && d.id >= cursor) return false;  // newest first
          return keep(d);
        }),
                       limit, [&](const auto& document) { return summary_json(document); }));
  }

  Response get(const Request& request) const {
    auto document = visible(request);
    if (!document) return no_document(request);
    return Response::json(200, document_json(*document))
        .set_header("ETag", aggregate::etag(document->version));
  }

  // A version's bytes, when they travel with it.
  Response content(const Request& request) const {
    auto document = visible(request);
    if (!document) return no_document(request);
    const auto& name = request.path_params.at("version");
    const auto* version = document->find_version(name);
    if (version == nullptr)
      return answer(
          http::not_found_problem("document '" + document->title + "' has no version " + name),
          request);
    if (!version->has_content)
      return answer(
          http::not_found_problem("version " + name + " of '" + document->title +
                                  "' is kept outside opsdesk; its SHA-256 is " + version->sha256),
          request);
    for (const auto& record :
         api_.repository.store().read_stream(document_stream_id_of(document->id))) {
      auto event = decode_document(record);
      if (!event) throw std::runtime_error(event.error());
      const auto* added = std::get_if<v1::DocumentVersionAdded>(&*event);
      if (added == nullptr || added->version() != name) continue;
      const auto type =
          version->media_type.empty() ? "application/octet-stream" : version->media_type;
      return Response::text(200, added->content(), type)
          .set_header("ETag", "\"" + version->sha256 + "\"")
          .set_header(
              "Content-Disposition",
              "attachment; filename*=UTF-8''" +
                  percent_encoded(version->file_name.empty() ? "document" : version->file_name));
    }
    throw std::runtime_error("version " + name + " of document " + document->id +
                             " is in its state but not in its stream");
  }

  Response events(const Request& request) const {
    auto document = visible(request);
    if (!document) return no_document(request);
    const auto items = aggregate::history_json(api_.repository, document->id);
    return Response::json(200, json{{"document_id", document->id}, {"events", items}});
  }

 private:
  void execute(const Request& request, const http::Reply& reply, const auth::Principal& who,
               const std::string& id, DocumentCommand command, core::Instant now,
               bool creates) const {
    aggregate::execute_http_command(
        api_.documents, request, reply, who, id, std::move(command), now,
        creates ? [](const DocumentState& d) { return "/v1/documents/" + d.id; }
                : std::function<std::string(const DocumentState&)>{},
        [this](const DocumentState& document, const auth::Principal&, std::uint64_t) {
          return document_json(document).dump();
        });
  }

  std::optional<DocumentState> find(const std::string& text) const {
    auto id = aggregate::canonical_id(text);
    return id ? api_.book.document(*id) : std::nullopt;
  }

  // The document of the path, when the caller may see it.
  std::optional<DocumentState> visible(const Request& request) const {
    auto document = find(request.path_params.at("id"));
    if (!document || !auth::caller_of(request).can_see_any(document->concerned()))
      return std::nullopt;
    return document;
  }

  static Response no_document(const Request& request) {
    return answer(http::not_found_problem("no document " + request.path_params.at("id")), request);
  }

  static std::string percent_encoded(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
      }
    }
    return out;
  }

  static json approval_json(const std::optional<VersionApproval>& a) {
    if (!a) return nullptr;
    return {{"approver", a->approver}, {"note", a->note}, {"at", time_text(a->at)}, {"by", a->by}};
  }

  static json version_json(const DocumentState& d, const DocumentVersion& v) {
    return {{"version", v.version},
            {"sha256", v.sha256},
            {"size", v.size},
            {"has_content", v.has_content},
            {"content_url", v.has_content ? json("/v1/documents/" + d.id + "/versions/" +
                                                 percent_encoded(v.version) + "/content")
                                          : json(nullptr)},
            {"file_name", v.file_name},
            {"media_type", v.media_type},
            {"note", v.note},
            {"at", time_text(v.at)},
            {"by", v.by},
            {"approval", approval_json(v.approval)}};
  }

  json summary_json(const DocumentState& d) const {
    const auto* approved = d.approved();
    json filing = nullptr;
    if (d.filing)
      filing = {{"location", d.filing->location},
                {"label", d.filing->label},
                {"index", d.filing->index},
                {"at", time_text(d.filing->at)},
                {"by", d.filing->by}};
    auto minutes_of = api_.book.meeting_of_minutes(d.id);
    return {
        {"id", d.id},
        {"version", d.version},
        {"title", d.title},
        {"kind", d.kind},
        {"tenants", d.tenants},
        {"status", d.status()},
        {"approved_version", approved ? version_json(d, *approved) : json(nullptr)},
        {"latest_version", d.versions.empty() ? json(nullptr) : json(d.versions.back().version)},
        {"version_count", d.versions.size()},
        {"filing", filing},
        {"minutes_of_meeting", minutes_of ? json(minutes_of->id) : json(nullptr)},
        {"registered_at", time_text(d.registered_at)},
        {"changed_at", time_text(d.changed_at)}};
  }

  json document_json(const DocumentState& d) const {
    auto j = summary_json(d);
    j["description"] = d.description;
    j["registered_by"] = d.registered_by;
    json versions = json::array();
    for (const auto& v : d.versions) versions.push_back(version_json(d, v));
    j["versions"] = versions;
    j["retired"] = d.retired ? json{{"reason", d.retired->reason},
                                    {"at", time_text(d.retired->at)},
                                    {"by", d.retired->by}}
                             : json(nullptr);
    return j;
  }

  DocumentApi api_;
};

}  // namespace

void add_document_routes(http::Router& router, DocumentApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add_async("POST", "/v1/documents", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->register_document(r, reply); });
  router.add_async("POST", "/v1/documents/{id}/{command}",
                   http::Access::only({"maintainer", "association_admin"}),
                   [h](const Request& r, http::Reply reply) { h->command(r, reply); });
  router.add("GET", "/v1/documents", kReaders, [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/documents/{id}", kReaders, [h](const Request& r) { return h->get(r); });
  router.add("GET", "/v1/documents/{id}/versions/{version}/content", kReaders,
             [h](const Request& r) { return h->content(r); });
  router.add("GET", "/v1/documents/{id}/events", kReaders,
             [h](const Request& r) { return h->events(r); });
}

}  // namespace opsdesk::changes::api
