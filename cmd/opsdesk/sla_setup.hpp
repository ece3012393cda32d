#pragma once
// The SLA definitions of an opsdesk process: the file named by sla.definitions_file, or the
// built-in 別表1 rows (config/sla-definitions.yaml), checked against the process's calendar.

#include <expected>
#include <string>

#include "cmd/opsdesk/settings.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "services/sla-metrics/domain/sla_definitions.hpp"

namespace opsdesk::cli {

struct LoadedSlaDefinitions {
  std::string yaml;    // the document as read
  std::string source;  // the file's path, or "built-in"
  sla_metrics::SlaDefinitions definitions;
};

// The error is one line naming the setting and the file: "sla.definitions_file /etc/…: …".
std::expected<LoadedSlaDefinitions, std::string> load_sla_definitions(
    const Settings& settings, const calendar::BusinessCalendar& calendar);

// Who the settings history names for a change: sla.changed_by, else "<user>@<host>".
std::string sla_settings_changed_by(const Settings& settings);

}  // namespace opsdesk::cli
