#include "libs/aggregate/route_support.hpp"

#include "libs/calendar/business_calendar.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/core/words.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::aggregate::routes {

std::string time_text(core::Instant at) { return core::format_tokyo_rfc3339(at); }

nlohmann::json optional_time(const std::optional<core::Instant>& at) {
  return at ? nlohmann::json(time_text(*at)) : nlohmann::json(nullptr);
}

std::optional<std::string> tenant_param(const http::Request& request, const auth::Principal& who,
                                        std::vector<http::FieldError>& errors) {
  auto tenant = request.query_param("tenant");
  if (!tenant) return std::nullopt;
  if (tenants::find_tenant(*tenant) == nullptr) {
    errors.push_back({"tenant", "unknown association code '" + *tenant +
                                    "'; allowed: " + tenants::allowed_codes_text()});
    return std::nullopt;
  }
  if (!who.can_see_tenant(*tenant)) {
    errors.push_back({"tenant", "you hold no token for '" + *tenant + "'"});
    return std::nullopt;
  }
  return tenant;
}

std::optional<std::string> word_param(const http::Request& request, const std::string& name,
                                      std::span<const std::string_view> words,
                                      std::vector<http::FieldError>& errors) {
  auto value = request.query_param(name);
  if (!value) return std::nullopt;
  if (core::is_one_of(words, *value)) return value;
  errors.push_back({name, "must be one of: " + core::words_text(words)});
  return std::nullopt;
}

std::chrono::year_month month_param(const http::Request& request, std::chrono::year_month otherwise,
                                    std::vector<http::FieldError>& errors) {
  auto text = request.query_param("month");
  if (!text) return otherwise;
  auto parsed = calendar::parse_iso_month(*text);
  if (!parsed || !calendar::BusinessCalendar::covers(
                     std::chrono::year_month_day{*parsed / std::chrono::day{1}})) {
    errors.push_back({"month", "must be a month as YYYY-MM, e.g. 2026-07"});
    return otherwise;
  }
  return *parsed;
}

}  // namespace opsdesk::aggregate::routes
