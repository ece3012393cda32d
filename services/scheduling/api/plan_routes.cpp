#include "services/scheduling/api/plan_routes.hpp"

#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/scheduling/api/schedule_json.hpp"
#include "services/scheduling/plans/centre_plan.hpp"
#include "services/scheduling/plans/plan_xlsx.hpp"

namespace opsdesk::scheduling::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using std::chrono::sys_days;

constexpr std::string_view kPeriodsAllowed =
    "a plan is a fiscal year (e.g. 2026: April 2026 – March 2027) or a month (e.g. 2026-12)";

Response answer(const http::Problem& p, const Request& request) {
  return p.to_response(request.request_id);
}

std::string time_text(core::Instant at) { return core::format_tokyo_rfc3339(at); }

json approval_json(const PlanApproval& a) {
  return {{"tenant", a.tenant},
          {"approver", a.approver},
          {"digest", a.digest},
          {"entries", a.entries},
          {"note", a.note.empty() ? json(nullptr) : json(a.note)},
          {"at", time_text(a.at)},
          {"by", a.by}};
}

json tenant_approval_json(const TenantApproval& a) {
  const auto* known = tenants::find_tenant(a.tenant);
  return {{"tenant", a.tenant},
          {"name_ja", known ? json(std::string(known->name_ja)) : json(nullptr)},
          {"status", a.status},
          {"entries", a.current.entries},
          {"digest", a.current.digest},
          {"approval", a.latest ? approval_json(*a.latest) : json(nullptr)}};
}

std::string render_approvals(const PlanApprovalState& state, const auth::Principal& who,
                             std::uint64_t position) {
  json approvals = json::array();
  for (const auto& a : state.approvals)
    if (who.can_see_tenant(a.tenant)) approvals.push_back(approval_json(a));
  return json{{"period", state.period},
              {"version", state.version},
              {"approvals", approvals},
              {"position", position}}
      .dump();
}

class Handlers {
 public:
  explicit Handlers(PlanApi api) : api_(api) {}

  Response plan(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    std::vector<http::FieldError> errors;
    const auto year = request.query_param("year");
    const auto month = request.query_param("month");
    std::optional<PlanPeriod> period;
    if (year.has_value() == month.has_value()) {
      errors.push_back({year ? "month" : "year",
                        std::string(year ? "give either year or month, not both" : "is required") +
                            ": year is a fiscal year (e.g. 2026: April 2026 – March 2027), month a "
                            "month (YYYY-MM, e.g. 2026-12)"});
    } else if (year) {
      period = year->size() == 4 ? parse_plan_period(*year) : std::nullopt;
      if (!period) errors.push_back({"year", "must be a fiscal year as YYYY, e.g. 2026"});
    } else {
      period = month->size() == 7 ? parse_plan_period(*month) : std::nullopt;
      if (!period) errors.push_back({"month", "must be a month as YYYY-MM, e.g. 2026-12"});
    }
    const auto tenant = request.query_param("tenant");
    if (tenant && tenants::find_tenant(*tenant) == nullptr)
      errors.push_back({"tenant", "unknown association code '" + *tenant +
                                      "'; allowed: " + tenants::allowed_codes_text()});
    const auto format = request.query_param("format").value_or("json");
    if (format != "json" && format != "xlsx")
      errors.push_back({"format", "must be json (the default) or xlsx"});
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);

    const auto whole = whole_plan(*period);
    const auto approvals_state = api_.book.plan_approvals(period->name);
    // Each association's standing is judged on the whole plan's part for it; the answer shows
    // what the caller may see, narrowed to `tenant` when asked.
    auto shows = [&](const std::vector<std::string>& codes) {
      if (!who.can_see_any(codes)) return false;
      return !tenant || std::ranges::find(codes, *tenant) != codes.end();
    };
    auto shown = whole;
    std::erase_if(shown.occurrences,
                  [&](const ScheduledOccurrence& o) { return !shows(o.current_plan().tenants); });
    std::erase_if(shown.windows, [&](const WindowState& w) { return !shows(w.tenants); });
    std::vector<TenantApproval> approvals;
    for (auto& a : tenant_approvals(whole, approvals_state))
      if (who.can_see_tenant(a.tenant) && (!tenant || a.tenant == *tenant))
        approvals.push_back(std::move(a));

    const std::string file = "schedule-plan-" + period->name + (tenant ? "-" + *tenant : "");
    if (format == "xlsx") {
      auto bytes = plan_xlsx(shown, approvals, api_.calendar, now);
      if (!bytes) throw std::runtime_error("the plan workbook: " + bytes.error());
      return Response::text(200, std::move(*bytes),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .set_header("Content-Disposition", "attachment; filename=\"" + file + ".xlsx\"");
    }
    return Response::json(200, plan_json(shown, approvals, now));
  }

  void approve(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    const auto& period_text = request.path_params.at("period");
    if (name != "approve")
      return reply.send(
          answer(http::not_found_problem("no plan command '" + name + "'; the command is: approve"),
                 request));
    const auto period = parse_plan_period(period_text);
    if (!period)
      return reply.send(answer(
          http::not_found_problem("no plan '" + period_text + "': " + std::string(kPeriodsAllowed)),
          request));
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    ApprovePlan c;
    c.period = period->name;
    c.tenants = f.string_list("tenants", true, 20, 40).value_or(std::vector<std::string>{});
    c.approver = f.string("approver", true, 100).value_or("");
    c.note = f.string("note", false, 4000).value_or("");
    c.by = f.string("by", false, 100).value_or(who.subject);
    c.at = f.instant("at", false).value_or(now);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    // What each association approves: its part of the plan as it stands now.
    c.plan = whole_plan(*period).parts();
    aggregate::execute_http_command(api_.approvals, request, reply, who, period->name,
                                    PlanCommand{std::move(c)}, now, {}, render_approvals);
  }

 private:
  CentrePlan whole_plan(const PlanPeriod& period) const {
    auto occurrences = api_.book.occurrences(period.first, period.last,
                                             [](const PlannedOccurrence&) { return true; });
    auto windows =
        api_.book.windows(core::from_tokyo(period.first, {}),
                          core::from_tokyo(Date{sys_days{period.last} + std::chrono::days{1}}, {}),
                          [](const WindowState&) { return true; });
    return centre_plan(period, std::move(occurrences), std::move(windows));
  }

  static json plan_json(const CentrePlan& plan, const std::vector<TenantApproval>& approvals,
                        core::Instant now) {
    json months = json::array();
    for (const auto month : plan.period.months) months.push_back(calendar::format_iso_month(month));
    json standing = json::array();
    for (const auto& a : approvals) standing.push_back(tenant_approval_json(a));
    json windows = json::array();
    for (const auto& w : plan.windows) windows.push_back(window_json(w));
    json out{{"period", plan.period.name},
             {"kind", plan.period.annual ? "annual" : "monthly"},
             {"from", calendar::format_iso_date(plan.period.first)},
             {"to", calendar::format_iso_date(plan.period.last)},
             {"months", months},
             {"approval_status", approval_status(approvals)},
             {"approvals", standing},
             {"windows", windows}};
    if (plan.period.annual) {
      json tasks = json::array();
      for (const auto& row : annual_rows(plan)) {
        json days = json::object();
        for (const auto& [month, list] : row.days) {
          json dates = json::array();
          for (const auto d : list) dates.push_back(calendar::format_iso_date(d));
          days[calendar::format_iso_month(month)] = dates;
        }
        tasks.push_back({{"task_id", row.task_id},
                         {"title", row.title},
                         {"kind", row.kind},
                         {"owner", row.owner},
                         {"tenants", row.tenants},
                         {"occurrences", row.count},
                         {"days", days}});
      }
      out["tasks"] = tasks;
    } else {
      json occurrences = json::array();
      for (const auto& o : plan.occurrences) occurrences.push_back(occurrence_json(o, now));
      out["occurrences"] = occurrences;
    }
    return out;
  }

  PlanApi api_;
};

}  // namespace

void add_plan_routes(http::Router& router, PlanApi api) {
  auto h = std::make_shared<Handlers>(api);
  router.add("GET", "/v1/schedule/plan", http::Access::any_role_own_tenants(),
             [h](const Request& r) { return h->plan(r); });
  // An association's administrator approves for its own associations; the desk records an
  // approval given otherwise (at the monthly meeting, on paper).
  router.add_async("POST", "/v1/schedule/plans/{period}/{command}",
                   http::Access::only({"maintainer", "association_admin"}),
                   [h](const Request& r, http::Reply reply) { h->approve(r, reply); });
}

}  // namespace opsdesk::scheduling::api
