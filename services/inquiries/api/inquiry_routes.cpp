#include "services/inquiries/api/inquiry_routes.hpp"

#include <functional>
#include <limits>

#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/http/json_body.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/inquiries/api/command_parsing.hpp"
#include "services/inquiries/api/inquiry_json.hpp"
#include "services/inquiries/domain/vocabulary.hpp"
#include "services/inquiries/reports/inquiry_report.hpp"

namespace opsdesk::inquiries::api {

namespace {

using http::Problem;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kMaxPageSize = 200;

// What an association's administrator may do besides reading: file an inquiry for its own
// tenants and confirm the answer it was given. The rest is the desk's (maintainers).
const std::vector<std::string> kAssociationCommands{"confirm_answer"};

Response answer(const Problem& p, const Request& request) {
  return p.to_response(request.request_id);
}

Response not_found(const Request& request, const std::string& id) {
  return answer(http::not_found_problem("no inquiry " + id), request);
}

bool is_maintainer(const auth::Principal& who) { return who.has_role(auth::Role::maintainer); }

// received_from / received_to: an RFC 3339 instant, or a date (Tokyo): from its start, to its
// end (inclusive).
std::optional<core::Instant> bound(const std::string& text, bool end_of_day) {
  if (auto instant = core::parse_rfc3339(text)) return *instant;
  auto date = calendar::parse_iso_date(text);
  if (!date) return std::nullopt;
  auto start = core::from_tokyo(*date, std::chrono::microseconds{0});
  return end_of_day ? start + std::chrono::days{1} - std::chrono::microseconds{1} : start;
}

class Handlers {
 public:
  explicit Handlers(InquiryApi api) : api_(api) {}

  void receive(const Request& request, const http::Reply& reply) const {
    const auto now = api_.clock.now();
    run_command(request, reply, command_table().creation(), now,
                [&] { return std::optional(api_.ids.next(now).to_string()); });
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auto& name = request.path_params.at("command");
    if (name == command_table().creation()) {
      reply.send(answer(http::not_found_problem("inquiries are received with POST /v1/inquiries"),
                        request));
      return;
    }
    run_command(request, reply, name, api_.clock.now(),
                [&] { return aggregate::canonical_id(request.path_params.at("id")); });
  }

  Response get(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return not_found(request, request.path_params.at("id"));
    auto state = api_.repository.load(*id);
    if (!state.exists() || !who.can_see_tenant(state.tenant)) return not_found(request, *id);
    return Response::text(200, inquiry_json(state), "application/json")
        .set_header("ETag", aggregate::etag(state.version));
  }

  Response events(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto id = aggregate::canonical_id(request.path_params.at("id"));
    if (!id) return not_found(request, request.path_params.at("id"));
    auto records = api_.repository.store().read_stream(stream_id_of(*id));
    InquiryState state;
    json items = json::array();
    for (const auto& record : records) {
      auto event = decode(record);
      if (!event) throw std::runtime_error(event.error());
      state = evolve(std::move(state), *event);
      items.push_back(event_json(record, *event));
    }
    if (!state.exists() || !who.can_see_tenant(state.tenant)) return not_found(request, *id);
    return Response::json(200,
                          json{{"inquiry_id", *id}, {"version", state.version}, {"events", items}})
        .set_header("ETag", aggregate::etag(state.version));
  }

  Response list(const Request& request) const {
    const auth::Principal& caller = auth::caller_of(request);
    std::optional<std::string> tenant;
    std::optional<Status> status;
    std::optional<std::string> inquiry_class;
    std::optional<core::Instant> from;
    std::optional<core::Instant> to;
    std::optional<std::string> words;
    std::vector<http::FieldError> errors;
    if ((tenant = request.query_param("tenant"))) {
      if (*tenant != kCentreOps && tenants::find_tenant(*tenant) == nullptr) {
        errors.push_back({"tenant", "unknown tenant code '" + *tenant + "'; allowed: " +
                                        tenants::allowed_codes_text() + ", or centre_ops"});
      }
    }
    if (auto text = request.query_param("status")) {
      status = parse_status(*text);
      if (!status) {
        errors.push_back({"status",
                          "must be one of: received, in_progress, waiting_for_information, "
                          "answered, closed"});
      }
    }
    // "unclassified": those still waiting for triage.
    if ((inquiry_class = request.query_param("class"))) {
      if (*inquiry_class == "unclassified")
        inquiry_class = "";
      else if (std::ranges::find(kClasses, *inquiry_class) == kClasses.end())
        errors.push_back({"class",
                          "must be one of: fault, improvement, question, out_of_scope, "
                          "unclassified"});
    }
    for (const auto& [name, end_of_day, target] :
         {std::tuple{"received_from", false, &from}, std::tuple{"received_to", true, &to}}) {
      if (auto text = request.query_param(name)) {
        *target = bound(*text, end_of_day);
        if (!*target) {
          errors.push_back({name,
                            "must be a date (2026-12-01) or an RFC 3339 date-time with offset "
                            "(2026-12-01T09:00:00+09:00)"});
        }
      }
    }
    if ((words = request.query_param("q")) && words->size() > 200)
      errors.push_back({"q", "must be at most 200 bytes"});
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto after_id = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);

    auto page = api_.index.list(limit, after_id, [&](const InquirySummary& s) {
      if (tenant && s.tenant != *tenant) return false;
      if (status && s.status != *status) return false;
      if (inquiry_class && s.inquiry_class != *inquiry_class) return false;
      if (from && s.received_at < *from) return false;
      if (to && s.received_at > *to) return false;
      if (words && !mentions(s, *words)) return false;
      return caller.can_see_tenant(s.tenant);
    });
    json items = json::array();
    for (const auto& summary : page.items) items.push_back(summary_json(summary));
    return Response::json(
        200,
        json{{"items", items},
             {"next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor)}});
  }

  // GET /v1/inquiries/report: the month's inquiries of a tenant (or of every tenant the caller
  // sees) as figures and the list behind them.
  Response report(const Request& request) const {
    const auth::Principal& caller = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    std::optional<std::chrono::year_month> month;
    const auto month_text = request.query_param("month");
    if (!month_text) {
      errors.push_back({"month", "is required: the month, e.g. 2026-11"});
    } else if (!(month = calendar::parse_iso_month(*month_text))) {
      errors.push_back({"month", "must be a month written YYYY-MM, e.g. 2026-11"});
    }
    const auto tenant = request.query_param("tenant");
    if (tenant && *tenant != kCentreOps && tenants::find_tenant(*tenant) == nullptr) {
      errors.push_back({"tenant", "unknown tenant code '" + *tenant + "'; allowed: " +
                                      tenants::allowed_codes_text() + ", or centre_ops"});
    }
    const auto format = request.query_param("format").value_or("json");
    if (format != "json" && format != "csv" && format != "xlsx")
      errors.push_back({"format", "must be one of: json, csv, xlsx"});
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    if (tenant && !caller.can_see_tenant(*tenant)) {
      return answer(http::not_found_problem("tenant " + *tenant + " is not one of yours"), request);
    }

    const auto from = core::from_tokyo(*month / std::chrono::day{1}, {});
    const auto until =
        core::from_tokyo((*month + std::chrono::months{1}) / std::chrono::day{1}, {});
    auto page =
        api_.index.list(std::numeric_limits<std::size_t>::max(), "", [&](const InquirySummary& s) {
          if (tenant && s.tenant != *tenant) return false;
          if (s.received_at < from || s.received_at >= until) return false;
          return caller.can_see_tenant(s.tenant);
        });
    std::vector<InquiryState> states;
    for (const auto& summary : page.items) states.push_back(api_.repository.load(summary.id));
    const auto built = reports::build_report(states, tenant.value_or("*"), *month, api_.calendar,
                                             api_.clock.now());
    const std::string file = "inquiries-" + *month_text + (tenant ? "-" + *tenant : "");
    if (format == "csv") {
      return Response::text(200, reports::report_csv(built), "text/csv; charset=utf-8")
          .set_header("Content-Disposition", "attachment; filename=\"" + file + ".csv\"");
    }
    if (format == "xlsx") {
      auto bytes = reports::report_xlsx(built);
      if (!bytes) throw std::runtime_error("the inquiries workbook: " + bytes.error());
      return Response::text(200, std::move(*bytes),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .set_header("Content-Disposition", "attachment; filename=\"" + file + ".xlsx\"");
    }
    return Response::json(200, reports::report_json(built));
  }

 private:
  // Runs on the I/O thread (an async route): everything up to the append is checking and
  // deciding in memory (libs/aggregate/http_commands.hpp). Checks run in the order a caller
  // fixes them: who they are, whether they may, what they asked for, then what they sent.
  void run_command(const Request& request, const http::Reply& reply, const std::string& name,
                   core::Instant now,
                   const std::function<std::optional<std::string>()>& inquiry_id_of_request) const {
    auto refuse = [&](const Problem& p) { reply.send(answer(p, request)); };
    const auth::Principal& who = auth::caller_of(request);
    const auto& table = command_table();
    if (!table.contains(name)) return refuse(table.unknown_command_problem(name));
    const bool creation = name == table.creation();
    if (!is_maintainer(who) && !creation &&
        std::ranges::find(kAssociationCommands, name) == kAssociationCommands.end()) {
      return refuse(http::forbidden_problem(
          "an association administrator files inquiries and confirms answers; '" + name +
          "' is the desk's (role maintainer)"));
    }
    auto inquiry_id = inquiry_id_of_request();
    if (!inquiry_id) return reply.send(not_found(request, request.path_params.at("id")));
    auto body = http::parse_json_object(request);
    if (!body) return refuse(body.error());
    // The desk records when it received an inquiry told by phone; an association filing one
    // itself files it now.
    if (creation && !is_maintainer(who) && body->contains("received_at")) {
      return refuse(http::validation_problem(
          {{"received_at",
            "is the server's time for an inquiry an association administrator files; leave it "
            "out"}}));
    }
    auto command = table.parse(name, *body, api_.instants, *inquiry_id, now);
    if (!command) return refuse(command.error());
    std::function<std::string(const InquiryState&)> location;
    if (creation) location = [](const InquiryState& state) { return "/v1/inquiries/" + state.id; };
    aggregate::execute_http_command(
        api_.commands, request, reply, who, std::move(*inquiry_id), std::move(*command), now,
        std::move(location),
        [](const InquiryState& state, const auth::Principal&, std::uint64_t position) {
          return inquiry_json(state, position);
        });
  }

  InquiryApi api_;
};

}  // namespace

void add_inquiry_routes(http::Router& router, InquiryApi api) {
  // Reads answer about the caller's tenants only (centre_ops inquiries: centre staff).
  const auto kReaders = http::Access::any_role_own_tenants();
  const auto kFilers = http::Access::only({"maintainer", "association_admin"});
  auto handlers = std::make_shared<Handlers>(api);
  // Commands are async routes: no thread waits for their fsync.
  router.add_async(
      "POST", "/v1/inquiries", kFilers,
      [handlers](const Request& r, http::Reply reply) { handlers->receive(r, reply); });
  router.add("GET", "/v1/inquiries", kReaders,
             [handlers](const Request& r) { return handlers->list(r); });
  router.add("GET", "/v1/inquiries/report", kReaders.expensive(),
             [handlers](const Request& r) { return handlers->report(r); });
  router.add("GET", "/v1/inquiries/{id}", kReaders,
             [handlers](const Request& r) { return handlers->get(r); });
  router.add("GET", "/v1/inquiries/{id}/events", kReaders,
             [handlers](const Request& r) { return handlers->events(r); });
  router.add_async(
      "POST", "/v1/inquiries/{id}/{command}", kFilers,
      [handlers](const Request& r, http::Reply reply) { handlers->command(r, reply); });
}

}  // namespace opsdesk::inquiries::api
