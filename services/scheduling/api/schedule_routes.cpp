#include "services/scheduling/api/schedule_routes.hpp"

#include <functional>
#include <future>

#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/scheduling/api/calendar_feed.hpp"
#include "services/scheduling/api/command_parsing.hpp"
#include "services/scheduling/api/feed_tokens.hpp"
#include "services/scheduling/api/schedule_json.hpp"
#include "services/scheduling/domain/vocabulary.hpp"
#include "services/scheduling/seed/contract_tasks.hpp"

namespace opsdesk::scheduling::api {

namespace {

using http::Problem;
using http::Request;
using http::Response;
using nlohmann::json;
using std::chrono::sys_days;

constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kMaxPageSize = 200;
// The longest period one occurrence query spans (a year and a bit, like the horizon).
constexpr std::chrono::days kMaxSpan{400};
const std::vector<std::string> kStatuses = {"planned", "in_progress", "done",        "failed",
                                            "skipped", "overdue",     "not_recorded"};

Response answer(const Problem& p, const Request& request) {
  return p.to_response(request.request_id);
}

Date today(core::Instant now) { return core::to_tokyo(now).date; }

bool concerns(const auth::Principal& who, const TaskState& task) {
  return who.can_see_any(task.concerned());
}

// A list filter naming an association: a code of the registry.
std::optional<std::string> tenant_param(const Request& request,
                                        std::vector<http::FieldError>& errors) {
  auto tenant = request.query_param("tenant");
  if (tenant && tenants::find_tenant(*tenant) == nullptr)
    errors.push_back({"tenant", "unknown association code '" + *tenant +
                                    "'; allowed: " + tenants::allowed_codes_text()});
  return tenant;
}

std::optional<Date> date_param(const Request& request, const std::string& name,
                               std::vector<http::FieldError>& errors) {
  auto value = request.query_param(name);
  if (!value) return std::nullopt;
  auto parsed = calendar::parse_iso_date(*value);
  if (!parsed) {
    errors.push_back({name, "must be a date as YYYY-MM-DD, e.g. 2026-12-01"});
    return std::nullopt;
  }
  return *parsed;
}

// The period a list or feed covers: `from` and `to` (dates, Tokyo, both included), `to` not
// before `from`, and not further from it than `longest` says when given (with its 422 text).
struct Period {
  Date first;
  Date last;
};
struct LongestPeriod {
  std::chrono::days difference;  // the most `to` may lie after `from`
  std::string message;
};
Period period_params(const Request& request, std::vector<http::FieldError>& errors,
                     Date default_first, const std::function<Date(Date first)>& default_last,
                     const std::optional<LongestPeriod>& longest = std::nullopt) {
  const auto first = date_param(request, "from", errors).value_or(default_first);
  const auto last = date_param(request, "to", errors).value_or(default_last(first));
  if (errors.empty() && sys_days{last} < sys_days{first})
    errors.push_back({"to", "must not be before from"});
  if (errors.empty() && longest && sys_days{last} - sys_days{first} > longest->difference)
    errors.push_back({"to", longest->message});
  return {first, last};
}

const LongestPeriod kLongestList{kMaxSpan - std::chrono::days{1},
                                 "the period may span at most 400 days"};

Date same_day(Date first) { return first; }

// A list's answer: the period it covers and its items.
Response period_answer(const Period& period, json items) {
  return Response::json(200, json{{"from", calendar::format_iso_date(period.first)},
                                  {"to", calendar::format_iso_date(period.last)},
                                  {"items", std::move(items)}});
}

std::string render_window(const WindowState& w, const auth::Principal&, std::uint64_t position) {
  auto j = window_json(w);
  j["position"] = position;
  return j.dump();
}

class Handlers {
 public:
  explicit Handlers(ScheduleApi api) : api_(api) {}

  void define(const Request& request, const http::Reply& reply) const {
    const auto now = api_.clock.now();
    run_task_command(request, reply, "define", api_.ids.next(now).to_string(), now);
  }

  void task_command(const Request& request, const http::Reply& reply) const {
    const auto& name = request.path_params.at("command");
    if (name == "define")
      return reply.send(answer(
          http::not_found_problem("tasks are defined with POST /v1/schedule/tasks"), request));
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return reply.send(no_task(request, request.path_params.at("id")));
    run_task_command(request, reply, name, *id, api_.clock.now());
  }

  // POST /v1/schedule/tasks/seed: the contract's tasks not yet defined, each under an
  // Idempotency-Key named after its seed key (two seeders at once define each task once).
  void seed(const Request& request, const http::Reply& reply) const {
    reply.run_blocking([this, request, reply] {
      const auth::Principal& who = auth::caller_of(request);
      if (!who.all_tenants)
        return reply.send(answer(
            http::forbidden_problem("the contract's tasks concern every association: seeding "
                                    "them needs a token for every tenant (\"*\")"),
            request));
      const auto now = api_.clock.now();
      auto body = http::parse_json_object(request);
      if (!body) return reply.send(answer(body.error(), request));
      http::JsonFields f(*body, api_.instants);
      const auto by = f.string("by", false, 100).value_or(who.subject);
      f.reject_unknown_fields();
      if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
      json defined = json::array();
      json already = json::array();
      for (auto& seed : contract_tasks(api_.term_start)) {
        if (auto existing = api_.book.task_of_seed(seed.key)) {
          already.push_back({{"seed_key", seed.key}, {"id", *existing}});
          continue;
        }
        seed.definition.task_id = api_.ids.next(now).to_string();
        seed.definition.by = by;
        seed.definition.at = now;
        aggregate::CommandContext context{
            who.subject, request.request_id, std::nullopt,
            eventstore::IdempotencyKey{"schedule-seed:" + seed.key, "schedule-seed:" + seed.key},
            who};
        std::promise<TaskCommands::Outcome> done;
        auto outcome = done.get_future();
        api_.tasks.execute(
            seed.definition.task_id, TaskCommand{seed.definition}, now, std::move(context),
            [](std::function<void()> work) { work(); },
            [&done](TaskCommands::Outcome o) { done.set_value(std::move(o)); });
        auto result = outcome.get();
        if (!result)
          return reply.send(answer(aggregate::rejection_problem(result.error(), "task"), request));
        defined.push_back({{"seed_key", seed.key}, {"id", result->state->id}});
      }
      reply.send(Response::json(200, json{{"defined", defined}, {"already_defined", already}}));
    });
  }

  Response get_task(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    auto task = id ? api_.book.task(*id) : std::nullopt;
    if (!task || !concerns(who, *task)) return no_task(request, request.path_params.at("id"));
    return Response::text(200, task_body(*task, today(api_.clock.now())), "application/json")
        .set_header("ETag", aggregate::etag(task->version));
  }

  Response task_events(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    auto task = id ? api_.book.task(*id) : std::nullopt;
    if (!task || !concerns(who, *task)) return no_task(request, request.path_params.at("id"));
    const auto items = aggregate::history_json(api_.task_repository, *id);
    return Response::json(200, json{{"task_id", *id}, {"events", items}});
  }

  Response list_tasks(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto status = request.query_param("status");
    if (status && *status != "active" && *status != "suspended" && *status != "retired")
      errors.push_back({"status", "must be one of: active, suspended, retired"});
    const auto kind = request.query_param("kind");
    if (kind && !is_one_of(task_kinds(), *kind))
      errors.push_back({"kind", "must be one of: " + words_text(task_kinds())});
    const auto tenant = tenant_param(request, errors);
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto after_id = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    json items = json::array();
    std::string next_cursor;
    const auto on = today(api_.clock.now());
    for (const auto& task : api_.book.tasks()) {
      if (!after_id.empty() && task.id <= after_id) continue;
      if (!concerns(who, task)) continue;
      if (status && task.status() != *status) continue;
      if (kind && task.as_of(on).kind != *kind) continue;
      if (tenant) {
        const auto codes = task.concerned();
        if (std::ranges::find(codes, *tenant) == codes.end()) continue;
      }
      if (items.size() == limit) {
        next_cursor = items.back()["id"];
        break;
      }
      items.push_back(task_json(task, on));
    }
    return Response::json(
        200, json{{"items", items},
                  {"next_cursor", next_cursor.empty() ? json(nullptr) : json(next_cursor)}});
  }

  // GET /v1/schedule/occurrences?from=&to=&tenant=&kind=&status=&task_id=: today's when no
  // period is named.
  Response list_occurrences(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    std::vector<http::FieldError> errors;
    const auto period = period_params(request, errors, today(now), same_day, kLongestList);
    const auto tenant = tenant_param(request, errors);
    const auto kind = request.query_param("kind");
    if (kind && !is_one_of(task_kinds(), *kind))
      errors.push_back({"kind", "must be one of: " + words_text(task_kinds())});
    const auto status = request.query_param("status");
    if (status && std::ranges::find(kStatuses, *status) == kStatuses.end())
      errors.push_back({"status",
                        "must be one of: planned, in_progress, done, failed, skipped, "
                        "overdue, not_recorded"});
    auto task_id = request.query_param("task_id");
    if (task_id) {
      if (auto canonical = aggregate::canonical_id(*task_id)) {
        task_id = *canonical;
      } else {
        errors.push_back({"task_id", "must be a task id (a UUID)"});
      }
    }
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    api_.book.move_horizon(today(now));
    auto found = api_.book.occurrences(period.first, period.last, [&](const PlannedOccurrence& o) {
      if (!who.can_see_any(o.tenants)) return false;
      if (tenant && std::ranges::find(o.tenants, *tenant) == o.tenants.end()) return false;
      if (kind && o.kind != *kind) return false;
      if (task_id && o.task_id != *task_id) return false;
      return true;
    });
    json items = json::array();
    for (const auto& o : found) {
      auto item = occurrence_json(o, now);
      if (status && item["status"] != *status) continue;
      items.push_back(std::move(item));
    }
    return period_answer(period, std::move(items));
  }

  // GET /v1/schedule/calendar.ics?tenant=&from=&to=: the caller's occurrences as iCalendar,
  // by default over the horizon (31 days back, 400 ahead).
  // Read with a bearer token, or with a feed token in the URL (a calendar program's).
  Response calendar(const Request& request) const {
    std::optional<auth::Principal> reader;
    if (request.url_token) {
      reader = feed_token_reader(api_.book, *request.url_token);
      if (!reader)
        return answer(auth::unauthenticated_problem(
                          "the feed token is not known or was revoked; issue a new one with "
                          "POST /v1/schedule/feed-tokens"),
                      request);
    }
    const auth::Principal& who = reader ? *reader : auth::caller_of(request);
    const auto now = api_.clock.now();
    std::vector<http::FieldError> errors;
    const Date horizon_last{sys_days{today(now)} + kHorizonAhead};
    const auto period = period_params(
        request, errors, Date{sys_days{today(now)} - kHorizonPast},
        [&](Date) { return horizon_last; },
        LongestPeriod{kMaxSpan + kHorizonPast,
                      "the period may span at most 432 days (the horizon: 31 days back, 400 "
                      "ahead)"});
    const auto tenant = tenant_param(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    api_.book.move_horizon(today(now));
    auto found = api_.book.occurrences(period.first, period.last, [&](const PlannedOccurrence& o) {
      if (!who.can_see_any(o.tenants)) return false;
      return !tenant || std::ranges::find(o.tenants, *tenant) != o.tenants.end();
    });
    const std::string name =
        "センタ運用予定" + (tenant
                                ? "（" + std::string(tenants::find_tenant(*tenant)->name_ja) + "）"
                                : std::string());
    return Response::text(200, calendar_feed(found, now, name), "text/calendar; charset=utf-8")
        .set_header("Content-Disposition", "inline; filename=\"opsdesk-schedule.ics\"");
  }

  Response get_occurrence(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto found = visible_occurrence(who, request.path_params.at("id"));
    if (!found) return no_occurrence(request, request.path_params.at("id"));
    auto body = occurrence_json(*found, api_.clock.now());
    return Response::json(200, body).set_header(
        "ETag", aggregate::etag(found->recorded ? found->recorded->version : 0));
  }

  Response occurrence_events(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto found = visible_occurrence(who, request.path_params.at("id"));
    if (!found) return no_occurrence(request, request.path_params.at("id"));
    const auto items = aggregate::history_json(api_.occurrence_repository, found->plan.id);
    return Response::json(200, json{{"occurrence_id", found->plan.id}, {"events", items}});
  }

  // POST /v1/schedule/daily-reports: the report lists the day's occurrences of its associations
  // as they stand when it is sent.
  void send_daily_report(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    SendDailyReport c;
    c.report_id = api_.ids.next(now).to_string();
    c.tenants = f.string_list("tenants", true, 20, 40).value_or(std::vector<std::string>{});
    auto day = f.string("day", true, 10);
    if (day) {
      if (auto parsed = calendar::parse_iso_date(*day)) {
        c.day = *parsed;
      } else {
        f.add_error("day", "must be a date as YYYY-MM-DD, e.g. 2026-12-01");
      }
    }
    c.sent_at = f.instant("sent_at", false).value_or(now);
    c.channel = f.string("channel", true, 40).value_or("");
    c.summary = f.string("summary", true, 4000).value_or("");
    c.abnormal = f.string("abnormal", false, 4000).value_or("");
    c.by = f.string("by", false, 100).value_or(who.subject);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    const auto codes = concerned_codes(c.tenants);
    api_.book.move_horizon(today(now));
    for (const auto& o : api_.book.occurrences(c.day, c.day, [&](const PlannedOccurrence& p) {
           return std::ranges::any_of(p.tenants, [&](const std::string& t) {
             return std::ranges::find(codes, t) != codes.end();
           });
         })) {
      const auto item = occurrence_json(o, c.sent_at);
      c.occurrences.push_back({item["id"], item["title"], item["kind"], item["status"],
                               item["open_tenants"].get<std::vector<std::string>>()});
    }
    aggregate::execute_http_command(
        api_.daily_reports, request, reply, who, c.report_id, DailyReportCommand{std::move(c)}, now,
        [](const DailyReportState& r) { return "/v1/schedule/daily-reports/" + r.id; },
        [](const DailyReportState& r, const auth::Principal&, std::uint64_t position) {
          auto j = daily_report_json(r);
          j["position"] = position;
          return j.dump();
        });
  }

  Response list_daily_reports(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    std::vector<http::FieldError> errors;
    const auto period = period_params(request, errors, today(now), same_day, kLongestList);
    const auto tenant = tenant_param(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    json items = json::array();
    for (const auto& r :
         api_.book.daily_reports(period.first, period.last, [&](const DailyReportState& r) {
           if (!who.can_see_any(r.tenants)) return false;
           return !tenant || std::ranges::find(r.tenants, *tenant) != r.tenants.end();
         }))
      items.push_back(daily_report_json(r));
    return period_answer(period, std::move(items));
  }

  Response get_daily_report(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    auto report = id ? api_.book.daily_report(*id) : std::nullopt;
    if (!report || !who.can_see_any(report->tenants))
      return answer(http::not_found_problem("no daily report " + request.path_params.at("id")),
                    request);
    return Response::json(200, daily_report_json(*report));
  }

  void plan_window(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    PlanWindow c;
    c.window_id = api_.ids.next(now).to_string();
    c.kind = f.string("kind", true, 40).value_or("");
    c.title = f.string("title", true, 200).value_or("");
    c.description = f.string("description", false, 4000).value_or("");
    c.tenants = f.string_list("tenants", true, 20, 40).value_or(std::vector<std::string>{});
    c.planned_start = f.instant("planned_start", true).value_or(now);
    c.planned_end = f.instant("planned_end", true).value_or(now);
    c.stops_service = f.boolean("stops_service", true).value_or(false);
    c.by = f.string("by", false, 100).value_or(who.subject);
    c.at = f.instant("at", false).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    aggregate::execute_http_command(
        api_.windows, request, reply, who, c.window_id, WindowCommand{std::move(c)}, now,
        [](const WindowState& w) { return "/v1/schedule/windows/" + w.id; }, render_window);
  }

  // approve: an association's administrator for its own associations, or the desk recording an
  // approval given otherwise; complete and cancel: the desk.
  void window_command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id)
      return reply.send(
          answer(http::not_found_problem("no window " + request.path_params.at("id")), request));
    if (name != "approve" && name != "complete" && name != "cancel")
      return reply.send(
          answer(http::not_found_problem("no window command '" + name +
                                         "'; commands are: approve, complete, cancel"),
                 request));
    if (name != "approve" && !who.has_role(auth::Role::maintainer))
      return reply.send(answer(http::forbidden_problem("an association approves windows; '" + name +
                                                       "' is the desk's (role maintainer)"),
                               request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    WindowCommand command;
    if (name == "approve") {
      ApproveWindow c;
      c.tenant = f.string("tenant", true, 40).value_or("");
      c.approver = f.string("approver", true, 100).value_or("");
      c.by = f.string("by", false, 100).value_or(who.subject);
      c.at = f.instant("at", false).value_or(now);
      command = std::move(c);
    } else if (name == "complete") {
      CompleteWindow c;
      c.note = f.string("note", false, 4000).value_or("");
      c.by = f.string("by", false, 100).value_or(who.subject);
      c.at = f.instant("at", false).value_or(now);
      command = std::move(c);
    } else {
      CancelWindow c;
      c.reason = f.string("reason", true, 4000).value_or("");
      c.by = f.string("by", false, 100).value_or(who.subject);
      c.at = f.instant("at", false).value_or(now);
      command = std::move(c);
    }
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    aggregate::execute_http_command(api_.windows, request, reply, who, *id, std::move(command), now,
                                    {}, render_window);
  }

  Response list_windows(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    std::vector<http::FieldError> errors;
    const auto period = period_params(request, errors, today(now), [](Date first) {
      return Date{sys_days{first} + std::chrono::days{90}};
    });
    const auto tenant = tenant_param(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    json items = json::array();
    for (const auto& w : api_.book.windows(
             core::from_tokyo(period.first, {}),
             core::from_tokyo(Date{sys_days{period.last} + std::chrono::days{1}}, {}),
             [&](const WindowState& w) {
               if (!who.can_see_any(w.tenants)) return false;
               return !tenant || std::ranges::find(w.tenants, *tenant) != w.tenants.end();
             }))
      items.push_back(window_json(w));
    return period_answer(period, std::move(items));
  }

  Response get_window(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    auto window = id ? api_.book.window(*id) : std::nullopt;
    if (!window || !who.can_see_any(window->tenants))
      return answer(http::not_found_problem("no window " + request.path_params.at("id")), request);
    return Response::json(200, window_json(*window))
        .set_header("ETag", aggregate::etag(window->version));
  }

  void occurrence_command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto found = visible_occurrence(who, request.path_params.at("id"));
    if (!found) return reply.send(no_occurrence(request, request.path_params.at("id")));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    const auto& plan = found->current_plan();
    auto command = occurrence_commands().parse(request.path_params.at("command"), *body,
                                               api_.instants, plan, now, who.subject);
    if (!command) return reply.send(answer(command.error(), request));
    if (auto* reschedule = std::get_if<RescheduleOccurrence>(&*command)) {
      // The new start keeps the business time the plan allowed between start and due.
      const auto* business = api_.calendar.find_schedule("business");
      auto allowed = business == nullptr ? std::expected<std::chrono::microseconds, calendar::errc>(
                                               std::unexpected(calendar::errc::out_of_range))
                                         : api_.calendar.business_duration(plan.planned_start,
                                                                           plan.due_at, *business);
      auto due = due_time(api_.calendar, reschedule->new_start,
                          std::chrono::duration_cast<std::chrono::minutes>(
                              allowed.value_or(std::chrono::microseconds{0})));
      if (!allowed || !due)
        return reply.send(answer(
            http::validation_problem({{"to", "lies outside the business calendar"}}), request));
      reschedule->new_due = *due;
    }
    aggregate::execute_http_command(
        api_.occurrences, request, reply, who, plan.id, std::move(*command), now, {},
        [now](const OccurrenceState& state, const auth::Principal&, std::uint64_t position) {
          return occurrence_body(state, now, position);
        });
  }

 private:
  void run_task_command(const Request& request, const http::Reply& reply, const std::string& name,
                        std::string id, core::Instant now) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto& table = task_commands();
    if (!table.contains(name))
      return reply.send(answer(table.unknown_command_problem(name), request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    auto command = table.parse(name, *body, api_.instants, id, now, who.subject);
    if (!command) return reply.send(answer(command.error(), request));
    // Changing a task changes every association's schedule it concerns: the caller holds them
    // all (another association's task is not found, as the plumbing answers).
    if (name != table.creation()) {
      if (auto task = api_.book.task(id); task && concerns(who, *task)) {
        for (const auto& code : task->concerned()) {
          if (who.can_see_tenant(code)) continue;
          return reply.send(answer(
              http::forbidden_problem("task " + id + " concerns " + code +
                                      ", which the caller's token does not hold; changing it "
                                      "needs a token for every association it concerns"),
              request));
        }
      }
    }
    std::function<std::string(const TaskState&)> location;
    if (name == table.creation())
      location = [](const TaskState& state) { return "/v1/schedule/tasks/" + state.id; };
    aggregate::execute_http_command(
        api_.tasks, request, reply, who, std::move(id), std::move(*command), now,
        std::move(location),
        [now](const TaskState& state, const auth::Principal&, std::uint64_t position) {
          return task_body(state, today(now), position);
        });
  }

  std::optional<ScheduledOccurrence> visible_occurrence(const auth::Principal& who,
                                                        const std::string& id) const {
    // The task part is a UUID, matched however it is written (as task ids are).
    auto name = parse_occurrence_id(id);
    auto task_id = name ? aggregate::canonical_id(name->task_id) : std::nullopt;
    if (!task_id) return std::nullopt;
    auto found = api_.book.occurrence(occurrence_id_of(*task_id, name->date));
    if (!found || !who.can_see_any(found->current_plan().tenants)) return std::nullopt;
    return found;
  }

  Response no_task(const Request& request, const std::string& id) const {
    return answer(http::not_found_problem("no task " + id), request);
  }
  Response no_occurrence(const Request& request, const std::string& id) const {
    return answer(http::not_found_problem(
                      "no occurrence " + id +
                      " (an occurrence id is <task id>-<YYYYMMDD> of a date the task recurs on)"),
                  request);
  }

  ScheduleApi api_;
};

}  // namespace

void add_schedule_routes(http::Router& router, ScheduleApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  const auto kStaff = http::Access::only({"maintainer"});
  auto h = std::make_shared<Handlers>(api);
  router.add_async("POST", "/v1/schedule/tasks", kStaff,
                   [h](const Request& r, http::Reply reply) { h->define(r, reply); });
  router.add_async("POST", "/v1/schedule/tasks/seed", kStaff,
                   [h](const Request& r, http::Reply reply) { h->seed(r, reply); });
  router.add_async("POST", "/v1/schedule/tasks/{id}/{command}", kStaff,
                   [h](const Request& r, http::Reply reply) { h->task_command(r, reply); });
  router.add("GET", "/v1/schedule/tasks", kReaders,
             [h](const Request& r) { return h->list_tasks(r); });
  router.add("GET", "/v1/schedule/tasks/{id}", kReaders,
             [h](const Request& r) { return h->get_task(r); });
  router.add("GET", "/v1/schedule/tasks/{id}/events", kReaders,
             [h](const Request& r) { return h->task_events(r); });
  router.add("GET", "/v1/schedule/occurrences", kReaders,
             [h](const Request& r) { return h->list_occurrences(r); });
  // The one route a feed token opens (api/feed_tokens.hpp).
  router.add("GET", "/v1/schedule/calendar.ics",
             kReaders.accepting_url_token(std::string(kFeedTokenParam)),
             [h](const Request& r) { return h->calendar(r); });
  router.add("GET", "/v1/schedule/occurrences/{id}", kReaders,
             [h](const Request& r) { return h->get_occurrence(r); });
  router.add("GET", "/v1/schedule/occurrences/{id}/events", kReaders,
             [h](const Request& r) { return h->occurrence_events(r); });
  router.add_async("POST", "/v1/schedule/daily-reports", kStaff,
                   [h](const Request& r, http::Reply reply) { h->send_daily_report(r, reply); });
  router.add("GET", "/v1/schedule/daily-reports", kReaders,
             [h](const Request& r) { return h->list_daily_reports(r); });
  router.add("GET", "/v1/schedule/daily-reports/{id}", kReaders,
             [h](const Request& r) { return h->get_daily_report(r); });
  router.add_async("POST", "/v1/schedule/windows", kStaff,
                   [h](const Request& r, http::Reply reply) { h->plan_window(r, reply); });
  router.add_async("POST", "/v1/schedule/windows/{id}/{command}",
                   http::Access::only({"maintainer", "association_admin"}),
                   [h](const Request& r, http::Reply reply) { h->window_command(r, reply); });
  router.add("GET", "/v1/schedule/windows", kReaders,
             [h](const Request& r) { return h->list_windows(r); });
  router.add("GET", "/v1/schedule/windows/{id}", kReaders,
             [h](const Request& r) { return h->get_window(r); });
  router.add_async("POST", "/v1/schedule/occurrences/{id}/{command}", kStaff,
                   [h](const Request& r, http::Reply reply) { h->occurrence_command(r, reply); });
}

}  // namespace opsdesk::scheduling::api
