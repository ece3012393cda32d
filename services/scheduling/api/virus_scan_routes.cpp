#include "services/scheduling/api/virus_scan_routes.hpp"

#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::scheduling::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The days a terminal's answer shows, latest first.
constexpr std::size_t kRecentDays = 10;

Response answer(const http::Problem& p, const Request& request) {
  return p.to_response(request.request_id);
}

json attention_json(const ScanAttention& a) {
  json days = json::array();
  for (const auto d : a.days) days.push_back(calendar::format_iso_date(d));
  return {{"reason", a.reason}, {"days", days}, {"at", core::format_tokyo_rfc3339(a.at)}};
}

json terminal_json(const TerminalState& t) {
  json recent = json::array();
  for (auto it = t.days.rbegin(); it != t.days.rend() && recent.size() < kRecentDays; ++it)
    recent.push_back({{"day", calendar::format_iso_date(it->day)},
                      {"state", it->state},
                      {"note", it->note.empty() ? json(nullptr) : json(it->note)},
                      {"at", core::format_tokyo_rfc3339(it->at)},
                      {"by", it->by}});
  return {{"id", t.id},
          {"tenant", t.tenant},
          {"terminal", t.terminal},
          {"version", t.version},
          {"latest", recent.empty() ? json(nullptr) : recent.front()},
          {"recent", recent},
          {"attention", t.attention ? attention_json(*t.attention) : json(nullptr)},
          {"attentions_raised", t.attentions_raised},
          {"last_attention", t.last_attention ? attention_json(*t.last_attention) : json(nullptr)}};
}

class Handlers {
 public:
  explicit Handlers(VirusScanApi api) : api_(api) {}

  void record(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    RecordVirusScan c;
    c.tenant = f.string("tenant", true, 40).value_or("");
    c.terminal = f.string("terminal", true, 64).value_or("");
    c.day = core::to_tokyo(now).date;  // today, unless the check is for another day
    if (auto day = f.string("day", false, 10)) {
      if (auto parsed = calendar::parse_iso_date(*day))
        c.day = *parsed;
      else
        f.add_error("day", "must be a date as YYYY-MM-DD, e.g. 2026-12-01");
    }
    c.state = f.string("state", true, 20).value_or("");
    c.note = f.string("note", false, 2000).value_or("");
    c.by = f.string("by", false, 100).value_or(who.subject);
    c.at = f.instant("at", false).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    // Which days are business days is the calendar's: the decider is told.
    const auto business = api_.calendar.is_business_day(c.day);
    if (!business)
      return reply.send(
          answer(http::validation_problem({{"day", "lies outside the business calendar's years"}}),
                 request));
    c.business_day = *business;
    auto day = c.day;
    for (int i = 0; i < 2; ++i) {
      auto before = api_.calendar.previous_business_day(day);
      if (!before) break;
      c.previous_business_days.push_back(*before);
      day = *before;
    }
    // A tenant or terminal name that cannot name a stream is refused before any stream is
    // read, with the decider's own words.
    if (tenants::find_tenant(c.tenant) == nullptr || !is_terminal_name(c.terminal)) {
      auto refused = decide(TerminalState{}, VirusScanCommand{c}, now);
      if (!refused)
        return reply.send(
            answer(aggregate::rejection_problem(
                       {aggregate::CommandRejected::Kind::domain, refused.error(), 0, ""},
                       VirusScanAggregate::kNoun),
                   request));
    }
    const auto id = terminal_id_of(c.tenant, c.terminal);
    aggregate::execute_http_command(
        api_.scans, request, reply, who, id, VirusScanCommand{std::move(c)}, now, {},
        [](const TerminalState& t, const auth::Principal&, std::uint64_t position) {
          auto j = terminal_json(t);
          j["position"] = position;
          return j.dump();
        });
  }

  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto tenant = request.query_param("tenant");
    const auto attention = request.query_param("attention");
    std::vector<http::FieldError> errors;
    if (tenant && tenants::find_tenant(*tenant) == nullptr)
      errors.push_back({"tenant", "unknown association code '" + *tenant +
                                      "'; allowed: " + tenants::allowed_codes_text()});
    if (attention && *attention != "true" && *attention != "false")
      errors.push_back({"attention", "must be true (only terminals that need attention) or false"});
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    json items = json::array();
    for (const auto& t : api_.book.terminals([&](const TerminalState& t) {
           if (!who.can_see_tenant(t.tenant)) return false;
           if (tenant && t.tenant != *tenant) return false;
           return !attention || (*attention == "true") == t.attention.has_value();
         }))
      items.push_back(terminal_json(t));
    return Response::json(200, json{{"items", items}});
  }

 private:
  VirusScanApi api_;
};

}  // namespace

void add_virus_scan_routes(http::Router& router, VirusScanApi api) {
  auto h = std::make_shared<Handlers>(api);
  router.add_async("POST", "/v1/schedule/virus-scan", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->record(r, reply); });
  router.add("GET", "/v1/schedule/virus-scan", http::Access::any_role_own_tenants(),
             [h](const Request& r) { return h->list(r); });
}

}  // namespace opsdesk::scheduling::api
