#pragma once
// The SLA definitions of an opsdesk process: the file named by sla.definitions_file, or the
// built-in 別表1 rows (config/sla-definitions.yaml), checked against the process's calendar.

#include <expected>
#include <string>

#include "cmd/opsdesk/settings.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "services/sla-metrics/domain/sla_definitions.hpp"

namespace opsdesk::cli {

// The error is one line naming the setting and the file: "sla.definitions_file /etc/…: …".
std::expected<sla_metrics::SlaDefinitions, std::string> load_sla_definitions(
    const Settings& settings, const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::cli
