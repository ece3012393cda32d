#include "services/changes/api/meeting_routes.hpp"

#include "libs/aggregate/event_records.hpp"
#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/route_support.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
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
const std::vector<std::string_view> kStatuses = {"minutes_due", "minutes_overdue",
                                                 "minutes_submitted"};

class Handlers {
 public:
  explicit Handlers(MeetingApi api) : api_(std::move(api)) {}

  void record_meeting(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    RecordMeeting c;
    c.meeting_id = api_.ids.next(now).to_string();
    c.date = date_field(f, "date", kRequired).value_or(Date{});
    c.held_at = f.string("held_at", kRequired, 200).value_or("");
    c.kind = f.string("kind", kRequired, 40).value_or("");
    c.title = f.string("title", kRequired, 300).value_or("");
    c.attendees =
        f.string_list("attendees", kRequired, 100, 100).value_or(std::vector<std::string>{});
    c.tenants = f.string_list("tenants", kRequired, 20, 40).value_or(std::vector<std::string>{});
    c.by = f.string("by", kOptional, 100).value_or(who.subject);
    c.at = f.instant("at", kOptional).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    if (c.date.ok() && calendar::BusinessCalendar::covers(c.date))
      c.minutes_due_at = minutes_due_at(c.date, api_.calendar);
    execute(request, reply, who, c.meeting_id, MeetingCommand{std::move(c)}, now, true);
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    auto meeting = find(request.path_params.at("id"));
    if (!meeting || !who.can_see_any(meeting->concerned())) return reply.send(no_meeting(request));
    if (!meeting_commands().contains(name) || name == meeting_commands().creation())
      return reply.send(answer(meeting_commands().unknown_command_problem(name), request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    auto command = meeting_commands().parse(name, *body, api_.instants, now, who.subject);
    if (!command) return reply.send(answer(command.error(), request));
    if (auto* minutes = std::get_if<RecordMinutes>(&*command)) resolve(*minutes, who);
    execute(request, reply, who, meeting->id, std::move(*command), now, false);
  }

  // ?status=minutes_due|minutes_overdue|minutes_submitted, ?kind=, ?tenant=, newest first.
  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto status = word_param(request, "status", kStatuses, errors);
    const auto kind = word_param(request, "kind", meeting_kinds(), errors);
    const auto tenant = tenant_param(request, who, errors);
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto cursor = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    return Response::json(
        200, page_json(api_.book.meetings([&](const MeetingState& m) {
          if (!cursor.empty() && m.id >= cursor) return false;  // newest first
          const auto concerned = m.concerned();
          if (!who.can_see_any(concerned)) return false;
          if (tenant && std::ranges::find(concerned, *tenant) == concerned.end()) return false;
          if (status && m.status() != *status) return false;
          return !kind || m.kind == *kind;
        }),
                       limit, [&](const auto& meeting) { return meeting_json(meeting); }));
  }

  Response get(const Request& request) const {
    auto meeting = visible(request);
    if (!meeting) return no_meeting(request);
    return Response::json(200, meeting_json(*meeting))
        .set_header("ETag", aggregate::etag(meeting->version));
  }

  Response events(const Request& request) const {
    auto meeting = visible(request);
    if (!meeting) return no_meeting(request);
    const auto items = aggregate::history_json(api_.repository, meeting->id);
    return Response::json(200, json{{"meeting_id", meeting->id}, {"events", items}});
  }

 private:
  void execute(const Request& request, const http::Reply& reply, const auth::Principal& who,
               const std::string& id, MeetingCommand command, core::Instant now,
               bool creates) const {
    aggregate::execute_http_command(
        api_.meetings, request, reply, who, id, std::move(command), now,
        creates ? [](const MeetingState& m) { return "/v1/meetings/" + m.id; }
                : std::function<std::string(const MeetingState&)>{},
        [this](const MeetingState& meeting, const auth::Principal&, std::uint64_t) {
          return meeting_json(meeting).dump();
        });
  }

  // The minutes' document as the book has it (one the caller may see).
  void resolve(RecordMinutes& c, const auth::Principal& who) const {
    auto id = aggregate::canonical_id(c.document_id);
    auto document = id ? api_.book.document(*id) : std::nullopt;
    if (!document || !who.can_see_any(document->concerned())) return;
    c.document_id = document->id;
    c.document = MinutesDocument{document->id,
                                 document->title,
                                 document->kind,
                                 document->find_version(c.document_version) != nullptr,
                                 document->versions_text(),
                                 document->retired.has_value()};
  }

  std::optional<MeetingState> find(const std::string& text) const {
    auto id = aggregate::canonical_id(text);
    return id ? api_.book.meeting(*id) : std::nullopt;
  }

  std::optional<MeetingState> visible(const Request& request) const {
    auto meeting = find(request.path_params.at("id"));
    if (!meeting || !auth::caller_of(request).can_see_any(meeting->concerned()))
      return std::nullopt;
    return meeting;
  }

  static Response no_meeting(const Request& request) {
    return answer(http::not_found_problem("no meeting " + request.path_params.at("id")), request);
  }

  // The minutes with where their document stands: approved by the association side or not yet.
  json minutes_json(const MeetingMinutes& m) const {
    auto document = api_.book.document(m.document_id);
    const auto* version = document ? document->find_version(m.document_version) : nullptr;
    return {
        {"document_id", m.document_id},
        {"document_version", m.document_version},
        {"title", document ? json(document->title) : json(nullptr)},
        {"approval", version && version->approval ? json{{"approver", version->approval->approver},
                                                         {"at", time_text(version->approval->at)}}
                                                  : json(nullptr)},
        {"late", m.late},
        {"at", time_text(m.at)},
        {"by", m.by}};
  }

  json meeting_json(const MeetingState& m) const {
    return {{"id", m.id},
            {"version", m.version},
            {"date", calendar::format_iso_date(m.date)},
            {"held_at", m.held_at},
            {"kind", m.kind},
            {"title", m.title},
            {"attendees", m.attendees},
            {"tenants", m.tenants},
            {"minutes_due_at", time_text(m.minutes_due_at)},
            {"status", m.status()},
            {"minutes", m.minutes ? minutes_json(*m.minutes) : json(nullptr)},
            {"overdue_recorded_at", optional_time(m.overdue_at)},
            {"recorded_at", time_text(m.recorded_at)},
            {"recorded_by", m.recorded_by},
            {"changed_at", time_text(m.changed_at)}};
  }

  MeetingApi api_;
};

}  // namespace

void add_meeting_routes(http::Router& router, MeetingApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add_async("POST", "/v1/meetings", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->record_meeting(r, reply); });
  router.add_async("POST", "/v1/meetings/{id}/{command}", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->command(r, reply); });
  router.add("GET", "/v1/meetings", kReaders, [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/meetings/{id}", kReaders, [h](const Request& r) { return h->get(r); });
  router.add("GET", "/v1/meetings/{id}/events", kReaders,
             [h](const Request& r) { return h->events(r); });
}

}  // namespace opsdesk::changes::api
