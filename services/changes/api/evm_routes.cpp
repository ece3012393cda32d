#include "services/changes/api/evm_routes.hpp"

#include <algorithm>
#include <cctype>

#include "libs/aggregate/route_support.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/changes/api/change_json.hpp"
#include "services/changes/reports/evm_xlsx.hpp"
#include "services/changes/reports/monthly_evm.hpp"

namespace opsdesk::changes::api {

namespace {

using namespace aggregate::routes;

using http::Request;
using http::Response;
using nlohmann::json;

class Handlers {
 public:
  explicit Handlers(EvmApi api) : api_(std::move(api)) {}

  Response month(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto today = core::to_tokyo(now).date;
    std::vector<http::FieldError> errors;
    const auto month =
        month_param(request, std::chrono::year_month{today.year(), today.month()}, errors);
    // ?year=YYYY: the fiscal year from its April to the next March, instead of a month.
    std::optional<std::chrono::year> year;
    if (auto text = request.query_param("year")) {
      int number = 0;
      const bool digits = text->size() == 4 && std::ranges::all_of(*text, ::isdigit);
      if (digits) number = std::stoi(*text);
      if (!digits || number < 1955 || number > 2098)
        errors.push_back({"year", "must be a fiscal year as YYYY (April to March), e.g. 2026"});
      else if (request.query_param("month"))
        errors.push_back({"year", "give month or year, not both"});
      else
        year = std::chrono::year{number};
    }
    const auto tenant = tenant_param(request, who, errors);
    const auto format = request.query_param("format").value_or("json");
    if (format != "json" && format != "xlsx")
      errors.push_back({"format", "must be json (the default) or xlsx"});
    if (!errors.empty())
      return http::validation_problem(std::move(errors)).to_response(request.request_id);
    const auto visible =
        api_.book.changes([&](const ChangeState& c) { return who.can_see_any(c.tenants); });
    const auto report = year ? yearly_evm(visible, *year, tenant, today, api_.term, api_.cap,
                                          who.all_tenants, api_.calendar)
                             : monthly_evm(visible, month, tenant, today, api_.term, api_.cap,
                                           who.all_tenants, api_.calendar);
    const auto period =
        year ? std::to_string(static_cast<int>(*year)) : calendar::format_iso_month(month);
    if (format == "xlsx") {
      auto bytes = evm_xlsx(report, api_.cap.person_month_hours, now);
      if (!bytes) throw std::runtime_error("the EVM workbook: " + bytes.error());
      const auto file = "evm-" + period + (tenant ? "-" + *tenant : "");
      return Response::text(200, std::move(*bytes),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .set_header("Content-Disposition", "attachment; filename=\"" + file + ".xlsx\"");
    }
    json changes = json::array();
    for (const auto& row : report.changes) {
      auto j = change_summary_json(row.change);
      j["evm"] = measures_json(row.measures, api_.cap.person_month_hours);
      changes.push_back(j);
    }
    json series = json::array();
    for (const auto& point : report.series)
      series.push_back({{"date", calendar::format_iso_date(point.date)},
                        {"pv", hours(point.pv)},
                        {"ev", hours(point.ev)},
                        {"ac", hours(point.ac)}});
    return Response::json(
        200, json{{"month", year ? json(nullptr) : json(period)},
                  {"year", year ? json(period) : json(nullptr)},
                  {"from", calendar::format_iso_date(report.first)},
                  {"to", calendar::format_iso_date(report.last)},
                  {"as_of", calendar::format_iso_date(report.as_of)},
                  {"tenant", tenant ? json(*tenant) : json(nullptr)},
                  {"totals", measures_json(report.totals, api_.cap.person_month_hours)},
                  {"changes", changes},
                  {"series", series},
                  {"contract_cap",
                   report.term_effort
                       ? term_effort_json(*report.term_effort, api_.book.effort_cap(api_.term.name))
                       : json(nullptr)}});
  }

  // The term's modification effort against the cap: the centre's figure, its staff's to see.
  Response cap(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    if (!who.all_tenants)
      return http::forbidden_problem(
                 "the contract's cap is the whole centre's figure: it needs a token for every "
                 "tenant (\"*\")")
          .to_response(request.request_id);
    const auto today = core::to_tokyo(api_.clock.now()).date;
    const auto all = api_.book.changes([](const ChangeState&) { return true; });
    const auto effort = term_effort(all, api_.term, today, api_.cap, api_.calendar);
    return Response::json(200, term_effort_json(effort, api_.book.effort_cap(api_.term.name)));
  }

 private:
  EvmApi api_;
};

}  // namespace

void add_evm_routes(http::Router& router, EvmApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add("GET", "/v1/evm", kReaders, [h](const Request& r) { return h->month(r); });
  router.add("GET", "/v1/evm/cap", kReaders, [h](const Request& r) { return h->cap(r); });
}

}  // namespace opsdesk::changes::api
