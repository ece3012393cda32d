#include "services/inquiries/faq/faq_routes.hpp"

#include <algorithm>
#include <charconv>

#include "libs/aggregate/field_check.hpp"
#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/http/json_writer.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/inquiries/faq/faq_files.hpp"

namespace opsdesk::inquiries::faq {

namespace {

using http::Problem;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kTextMax = 4000;
constexpr std::size_t kShortMax = 200;
constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kMaxPageSize = 200;
constexpr bool kRequired = true;
constexpr bool kOptional = false;

bool is_desk(const auth::Principal& who) { return who.has_role(auth::Role::maintainer); }
bool sees_every_tenant(const auth::Principal& who) { return who.can_see_any({}); }

// Whether `who` may read an entry: one of its associations (or every association's entry); the
// desk also the internal and retired ones.
bool may_read(const auth::Principal& who, const std::vector<std::string>& tenants, bool is_public,
              bool retired) {
  if (!applies_to_any(tenants, who.tenants, sees_every_tenant(who))) return false;
  return is_desk(who) || (is_public && !retired);
}

std::string entry_json(const FaqEntryState& s, std::optional<std::uint64_t> position = {}) {
  http::JsonWriter w;
  w.begin_object()
      .field("id", s.id)
      .field("version", s.version)
      .field("inquiry_id", s.inquiry_id)
      .field("question", s.question)
      .field("answer", s.answer)
      .field("category", s.category)
      .field("tenants", s.tenants)
      .field("public", s.is_public)
      .field("retired", s.retired)
      .field("created_at", core::format_tokyo_rfc3339(s.created_at))
      .field("updated_at", core::format_tokyo_rfc3339(s.updated_at));
  if (position) w.field("position", *position);
  w.end_object();
  return w.take();
}

json summary_json(const FaqSummary& s) {
  return {{"id", s.id},
          {"version", s.version},
          {"question", s.question},
          {"category", s.category},
          {"tenants", s.tenants},
          {"public", s.is_public},
          {"retired", s.retired},
          {"updated_at", core::format_tokyo_rfc3339(s.updated_at)}};
}

Response answer(const Problem& p, const Request& request) {
  return p.to_response(request.request_id);
}

class Handlers {
 public:
  explicit Handlers(FaqApi api) : api_(api) {}

  // POST /v1/faq: reads the inquiry it is made from (a store read: on the worker pool), then
  // runs the command like any other.
  void create(const Request& request, const http::Reply& reply) const {
    reply.run_blocking([this, request, reply] {
      const auth::Principal& who = auth::caller_of(request);
      const auto now = api_.clock.now();
      auto body = http::parse_json_object(request);
      if (!body) return reply.send(answer(body.error(), request));
      http::JsonFields f(*body, api_.instants);
      CreateFaqEntry c;
      c.faq_id = api_.ids.next(now).to_string();
      c.inquiry_id = f.string("inquiry_id", kRequired, kShortMax).value_or("");
      c.question = f.string("question", kRequired, kTextMax).value_or("");
      c.answer = f.string("answer", kRequired, kTextMax).value_or("");
      c.category = f.string("category", kRequired, kShortMax).value_or("");
      c.tenants = f.string_list("tenants", kRequired, 20, 40).value_or(std::vector<std::string>{});
      c.is_public = f.boolean("public", kRequired).value_or(false);
      c.by = f.string("by", kOptional, kShortMax).value_or(who.subject);
      c.at = f.instant("at", kOptional).value_or(now);
      f.reject_unknown_fields();
      if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
      if (auto id = aggregate::canonical_id(c.inquiry_id)) {
        c.inquiry_id = *id;
        const auto inquiry = api_.inquiries.load(*id);
        // Another association's inquiry is as unknown as a missing one.
        c.inquiry.exists = inquiry.exists() && who.can_see_tenant(inquiry.tenant);
        c.inquiry.answered = inquiry.first_answered_at.has_value();
      }
      aggregate::execute_http_command(
          api_.entries, request, reply, who, c.faq_id, FaqEntryCommand{std::move(c)}, now,
          [](const FaqEntryState& state) { return "/v1/faq/" + state.id; },
          [](const FaqEntryState& state, const auth::Principal&, std::uint64_t position) {
            return entry_json(state, position);
          });
    });
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto& name = request.path_params.at("command");
    const auto now = api_.clock.now();
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return reply.send(not_found(request, request.path_params.at("id")));
    if (name != "edit" && name != "retire") {
      return reply.send(answer(http::not_found_problem("no FAQ entry command '" + name +
                                                       "'; commands are: edit, retire"),
                               request));
    }
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    FaqEntryCommand command;
    if (name == "edit") {
      EditFaqEntry c;
      c.question = f.string("question", kOptional, kTextMax);
      c.answer = f.string("answer", kOptional, kTextMax);
      c.category = f.string("category", kOptional, kShortMax);
      c.tenants = f.string_list("tenants", kOptional, 20, 40);
      c.is_public = f.boolean("public", kOptional);
      c.reason = f.string("reason", kOptional, kTextMax).value_or("");
      c.by = f.string("by", kOptional, kShortMax).value_or(who.subject);
      c.at = f.instant("at", kOptional).value_or(now);
      command = std::move(c);
    } else {
      RetireFaqEntry c;
      c.reason = f.string("reason", kRequired, kTextMax).value_or("");
      c.by = f.string("by", kOptional, kShortMax).value_or(who.subject);
      c.at = f.instant("at", kOptional).value_or(now);
      command = std::move(c);
    }
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    aggregate::execute_http_command(
        api_.entries, request, reply, who, *id, std::move(command), now, {},
        [](const FaqEntryState& state, const auth::Principal&, std::uint64_t position) {
          return entry_json(state, position);
        });
  }

  // POST /v1/faq/publish: the public, current entries now, as the next numbered file.
  void publish(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    if (!sees_every_tenant(who)) {
      return reply.send(
          answer(http::forbidden_problem("publishing the system's FAQ file is centre staff's: it "
                                         "needs a token for every tenant (\"*\")"),
                 request));
    }
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    PublishFaqFile c;
    c.by = f.string("by", kOptional, kShortMax).value_or(who.subject);
    c.at = f.instant("at", kOptional).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    auto everything =
        api_.index.list(std::numeric_limits<std::size_t>::max(), "",
                        [](const FaqSummary& s) { return s.is_public && !s.retired; });
    auto& entries = everything.items;
    // By category, then in the order they were made (the index is newest first).
    std::ranges::reverse(entries);
    std::ranges::stable_sort(entries, {}, &FaqSummary::category);
    for (const auto& s : entries) c.entries.push_back({s.id, s.version});
    aggregate::execute_http_command(
        api_.files, request, reply, who, std::string(kFaqFileLogId), std::move(c), now,
        [](const FaqFilesState& state) { return "/v1/faq/files/" + std::to_string(state.version); },
        [](const FaqFilesState& state, const auth::Principal&, std::uint64_t position) {
          return json{{"version", state.version},
                      {"entries", state.last_entries.size()},
                      {"file", "/v1/faq/files/" + std::to_string(state.version)},
                      {"position", position}}
              .dump();
        });
  }

  Response get(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return not_found(request, request.path_params.at("id"));
    auto state = api_.entry_repository.load(*id);
    if (!state.exists() || !may_read(who, state.tenants, state.is_public, state.retired))
      return not_found(request, *id);
    return Response::text(200, entry_json(state), "application/json")
        .set_header("ETag", aggregate::etag(state.version));
  }

  Response events(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return not_found(request, request.path_params.at("id"));
    FaqEntryState state;
    json items = json::array();
    for (const auto& record : api_.entry_repository.store().read_stream(faq_stream_id_of(*id))) {
      auto event = decode_faq_entry(record);
      if (!event) throw std::runtime_error(event.error());
      state = evolve(std::move(state), *event);
      items.push_back(aggregate::recorded_event_json(record, aggregate::payload_json(*event)));
    }
    // The history is the desk's: an entry's earlier versions may have been internal.
    if (!state.exists() || !is_desk(who) || !may_read(who, state.tenants, true, false))
      return not_found(request, *id);
    return Response::json(200, json{{"faq_id", *id}, {"version", state.version}, {"events", items}})
        .set_header("ETag", aggregate::etag(state.version));
  }

  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto category = request.query_param("category");
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto after_id = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    auto page = api_.index.list(limit, after_id, [&](const FaqSummary& s) {
      if (category && s.category != *category) return false;
      return may_read(who, s.tenants, s.is_public, s.retired);
    });
    json items = json::array();
    for (const auto& s : page.items) items.push_back(summary_json(s));
    return Response::json(
        200,
        json{{"items", items},
             {"next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor)}});
  }

  Response search(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    FaqSearch::Query query;
    query.words = request.query_param("q").value_or("");
    if (aggregate::is_blank(query.words))
      errors.push_back({"q", "is required: the words to look for (Japanese or English)"});
    else if (query.words.size() > 400)
      errors.push_back({"q", "must be at most 400 bytes"});
    query.category = request.query_param("category").value_or("");
    query.limit = http::page_limit(request, 20, 100, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    query.include_internal = is_desk(who);
    query.all_tenants = sees_every_tenant(who);
    query.tenants = who.tenants;
    auto hits = api_.search.search(query);
    if (!hits) return answer(http::validation_problem({{"q", hits.error()}}), request);
    json items = json::array();
    for (const auto& hit : *hits) {
      auto state = api_.entry_repository.load(hit.faq_id);
      if (!state.exists()) continue;
      auto item = json::parse(entry_json(state));
      item["relevance"] = hit.percent;
      items.push_back(std::move(item));
    }
    return Response::json(200, json{{"q", query.words}, {"items", items}});
  }

  Response files(const Request& request) const {
    json items = json::array();
    for (const auto& file : published(auth::caller_of(request)))
      items.push_back({{"version", file.version},
                       {"published_at", core::format_tokyo_rfc3339(file.published_at)},
                       {"published_by", file.published_by},
                       {"entries", file.entries.size()}});
    return Response::json(200, json{{"items", items}});
  }

  Response file(const Request& request) const {
    const auto& who = auth::caller_of(request);
    auto number = version_of(request.path_params.at("version"));
    const auto format = request.query_param("format").value_or("json");
    if (format != "json" && format != "md" && format != "xlsx")
      return answer(http::validation_problem({{"format", "must be one of: json, md, xlsx"}}),
                    request);
    auto found = number ? published_file(who, *number) : std::nullopt;
    if (!found) return no_file(request, request.path_params.at("version"));
    const std::string name = "faq-" + std::to_string(found->version);
    if (format == "md") {
      return Response::text(200, file_markdown(*found), "text/markdown; charset=utf-8")
          .set_header("Content-Disposition", "attachment; filename=\"" + name + ".md\"");
    }
    if (format == "xlsx") {
      auto bytes = file_xlsx(*found);
      if (!bytes) throw std::runtime_error("the FAQ workbook: " + bytes.error());
      return Response::text(200, std::move(*bytes),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .set_header("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
    }
    return Response::json(200, file_json(*found));
  }

  Response diff(const Request& request) const {
    const auto& who = auth::caller_of(request);
    auto a = version_of(request.path_params.at("a"));
    auto b = version_of(request.path_params.at("b"));
    auto from = a ? published_file(who, *a) : std::nullopt;
    if (!from) return no_file(request, request.path_params.at("a"));
    auto to = b ? published_file(who, *b) : std::nullopt;
    if (!to) return no_file(request, request.path_params.at("b"));
    return Response::json(200, file_diff_json(*from, *to));
  }

 private:
  Response not_found(const Request& request, const std::string& id) const {
    return answer(http::not_found_problem("no FAQ entry " + id), request);
  }
  Response no_file(const Request& request, const std::string& version) const {
    return answer(http::not_found_problem("no FAQ file " + version +
                                          " (GET /v1/faq/files lists "
                                          "the published ones)"),
                  request);
  }

  static std::optional<std::uint32_t> version_of(const std::string& text) {
    std::uint32_t number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || end != text.data() + text.size() || number == 0) return std::nullopt;
    return number;
  }

  // Every published file with its entries as frozen, those `who` may read only.
  std::vector<FaqFile> published(const auth::Principal& who,
                                 std::optional<std::uint32_t> only = std::nullopt) const {
    std::vector<FaqFile> files;
    for (const auto& record :
         api_.files_repository.store().read_stream(std::string(kFaqFileStream))) {
      auto event = decode_faq_file(record);
      if (!event) throw std::runtime_error(event.error());
      const auto& e = std::get<v1::FaqFilePublished>(*event);
      if (only && e.version() != *only) continue;
      FaqFile file{e.version(), proto::from_timestamp(e.at()), e.by(), {}};
      for (const auto& ref : e.entries()) {
        auto entry = api_.entry_repository.load(ref.faq_id(), ref.entry_version());
        if (!applies_to_any(entry.tenants, who.tenants, sees_every_tenant(who))) continue;
        file.entries.push_back(
            {entry.id, entry.version, entry.question, entry.answer, entry.category, entry.tenants});
      }
      files.push_back(std::move(file));
    }
    return files;
  }

  std::optional<FaqFile> published_file(const auth::Principal& who, std::uint32_t number) const {
    auto files = published(who, number);
    if (files.empty()) return std::nullopt;
    return std::move(files.front());
  }

  FaqApi api_;
};

}  // namespace

FaqSummary summarize(const FaqEntryState& s) {
  return {s.id,        s.version, s.question,   s.category,  s.tenants,
          s.is_public, s.retired, s.created_at, s.updated_at};
}

void add_faq_routes(http::Router& router, FaqApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  const auto kDesk = http::Access::only({"maintainer"});
  auto handlers = std::make_shared<Handlers>(api);
  router.add_async("POST", "/v1/faq", kDesk,
                   [handlers](const Request& r, http::Reply reply) { handlers->create(r, reply); });
  router.add_async(
      "POST", "/v1/faq/publish", kDesk,
      [handlers](const Request& r, http::Reply reply) { handlers->publish(r, reply); });
  router.add_async(
      "POST", "/v1/faq/{id}/{command}", kDesk,
      [handlers](const Request& r, http::Reply reply) { handlers->command(r, reply); });
  router.add("GET", "/v1/faq", kReaders,
             [handlers](const Request& r) { return handlers->list(r); });
  router.add("GET", "/v1/faq/search", kReaders,
             [handlers](const Request& r) { return handlers->search(r); });
  router.add("GET", "/v1/faq/files", kReaders,
             [handlers](const Request& r) { return handlers->files(r); });
  // Exports read every entry of the file: counted as expensive, like the SLA table's.
  router.add("GET", "/v1/faq/files/{version}", kReaders.expensive(),
             [handlers](const Request& r) { return handlers->file(r); });
  router.add("GET", "/v1/faq/files/{a}/diff/{b}", kReaders,
             [handlers](const Request& r) { return handlers->diff(r); });
  router.add("GET", "/v1/faq/{id}", kReaders,
             [handlers](const Request& r) { return handlers->get(r); });
  router.add("GET", "/v1/faq/{id}/events", kReaders,
             [handlers](const Request& r) { return handlers->events(r); });
}

}  // namespace opsdesk::inquiries::faq
