#pragma once
// The SLA definitions document (YAML; config/sla-definitions.yaml is built in as the default):
// parsed and validated against the calendar's schedules; every error names the row and field
// and says what is allowed.

#include <expected>
#include <string>
#include <string_view>

#include "libs/calendar/business_calendar.hpp"
#include "libs/sla/sla_definitions.hpp"

namespace opsdesk::sla {

std::expected<SlaDefinitions, std::string> parse_sla_definitions(
    std::string_view yaml_text, const calendar::BusinessCalendar& calendar);

// The built-in document (config/sla-definitions.yaml) and its parse on the standard calendar.
std::string_view default_sla_definitions_yaml();
SlaDefinitions default_sla_definitions();

}  // namespace opsdesk::sla
