#include "services/scheduling/api/calendar_feed.hpp"

#include <libical/ical.h>

#include <memory>

#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::scheduling::api {

namespace {

icaltimetype utc(core::Instant at) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count();
  return icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0,
                                       icaltimezone_get_utc_timezone());
}

std::string names(const std::vector<std::string>& codes) {
  std::string text;
  for (const auto& code : codes) {
    const auto* tenant = tenants::find_tenant(code);
    text += (text.empty() ? "" : "、") + (tenant ? std::string(tenant->name_ja) : code);
  }
  return text;
}

}  // namespace

std::string calendar_feed(const std::vector<ScheduledOccurrence>& occurrences, core::Instant now,
                          std::string_view calendar_name) {
  std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> calendar(
      icalcomponent_new_vcalendar(), &icalcomponent_free);
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//opsdesk//schedule//JA"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  auto* name = icalproperty_new_x(std::string(calendar_name).c_str());
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(calendar.get(), name);
  for (const auto& o : occurrences) {
    const auto& plan = o.current_plan();
    OccurrenceState state;
    if (o.recorded) {
      state = *o.recorded;
    } else {
      state.plan = plan;
    }
    const auto status = occurrence_status(state, now);
    auto* event = icalcomponent_new_vevent();
    icalcomponent_add_property(event, icalproperty_new_uid((plan.id + "@opsdesk").c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(utc(now)));
    icalcomponent_add_property(event, icalproperty_new_dtstart(utc(plan.planned_start)));
    icalcomponent_add_property(event, icalproperty_new_dtend(utc(plan.planned_end)));
    icalcomponent_add_property(event, icalproperty_new_sequence(static_cast<int>(state.version)));
    icalcomponent_add_property(event, icalproperty_new_summary(plan.title.c_str()));
    const std::string description = "対象: " + names(plan.tenants) +
                                    "\n期限: " + core::format_tokyo_rfc3339(plan.due_at) +
                                    "\n状態: " + status + "\n担当: " + plan.owner;
    icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));
    icalcomponent_add_property(event, icalproperty_new_categories(plan.kind.c_str()));
    icalcomponent_add_property(
        event, icalproperty_new_status(status == "skipped" ? ICAL_STATUS_CANCELLED
                                                           : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_component(calendar.get(), event);
  }
  std::unique_ptr<char, decltype(&free)> text(icalcomponent_as_ical_string_r(calendar.get()),
                                              &free);
  return text ? std::string(text.get()) : std::string();
}

}  // namespace opsdesk::scheduling::api
