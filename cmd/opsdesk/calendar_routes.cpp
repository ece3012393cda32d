#include "cmd/opsdesk/calendar_routes.hpp"

#include <functional>

#include "cmd/opsdesk/calendar_queries.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::cli {

namespace {

using nlohmann::json;

http::Response refuse(const http::Request& request, const InputProblems& problems) {
  std::vector<http::FieldError> errors;
  for (const auto& p : problems) errors.push_back({p.input, p.message});
  return http::validation_problem(std::move(errors)).to_response(request.request_id);
}

// Answers (the router's gate has authenticated the caller): the query parameters are the
// question's inputs as they are.
template <typename Answer>
http::Handler handler(const calendar::BusinessCalendar& calendar,
                      std::expected<Answer, InputProblems> (*ask)(const calendar::BusinessCalendar&,
                                                                  const CalendarInputs&),
                      std::function<json(const Answer&)> to_json) {
  return [&calendar, ask, to_json](const http::Request& request) {
    const auto answer = ask(calendar, request.query);
    if (!answer) return refuse(request, answer.error());
    return http::Response::json(200, to_json(*answer));
  };
}

json holidays_json(const HolidaysAnswer& a) {
  return {{"year", static_cast<int>(a.year)}, {"holidays", holiday_list_json(a.holidays)}};
}

json business_duration_json(const BusinessDurationAnswer& a) {
  return {{"from", core::format_tokyo_rfc3339(a.from)},
          {"to", core::format_tokyo_rfc3339(a.to)},
          {"schedule", a.schedule->name},
          {"seconds", std::chrono::floor<std::chrono::seconds>(a.duration).count()},
          {"hours_minutes", hours_minutes(a.duration)}};
}

json add_json(const AddAnswer& a) {
  return {{"from", core::format_tokyo_rfc3339(a.from)},
          {"business_minutes", a.business_minutes},
          {"schedule", a.schedule->name},
          {"result", core::format_tokyo_rfc3339(a.result)},
          {"result_tokyo", format_tokyo(a.result)}};
}

json business_days_json(const BusinessDaysAnswer& a) {
  json days = json::array();
  for (const auto& d : a.days) days.push_back(calendar::format_iso_date(d));
  return {{"from", calendar::format_iso_date(a.from)},
          {"to", calendar::format_iso_date(a.to)},
          {"count", a.days.size()},
          {"days", std::move(days)}};
}

}  // namespace

void add_calendar_routes(http::Router& router, const calendar::BusinessCalendar& calendar) {
  router.add("GET", "/v1/calendar/holidays", http::Access::any_role(),
             handler<HolidaysAnswer>(calendar, ask_holidays, holidays_json));
  router.add(
      "GET", "/v1/calendar/business-duration", http::Access::any_role(),
      handler<BusinessDurationAnswer>(calendar, ask_business_duration, business_duration_json));
  router.add("GET", "/v1/calendar/add", http::Access::any_role(),
             handler<AddAnswer>(calendar, ask_add, add_json));
  router.add("GET", "/v1/calendar/business-days", http::Access::any_role(),
             handler<BusinessDaysAnswer>(calendar, ask_business_days, business_days_json));
}

namespace {

class CalendarService final : public modules::Service {
 public:
  explicit CalendarService(const modules::Context& context) : context_(context) {}
  void add_routes(http::Router& router) override { add_calendar_routes(router, context_.calendar); }

 private:
  const modules::Context& context_;
};

}  // namespace

modules::Module calendar_module() {
  return {
      .name = "calendar",
      .kind = modules::Kind::infrastructure,
      .description = "the Japanese business calendar: holidays, business time and days",
      .in_every_process = true,
      .openapi = "calendar",
      .open = [](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        return std::make_unique<CalendarService>(context);
      },
  };
}

}  // namespace opsdesk::cli
