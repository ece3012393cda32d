#pragma once
// The SLA definitions a process computes with: the file named by sla.definitions_file, or the
// built-in 別表1 rows (config/sla-definitions.yaml), checked against the process's calendar.
// Read by both SLA modules (sla-metrics, sla-watch) when they open.

#include <expected>
#include <filesystem>
#include <string>

#include "libs/calendar/business_calendar.hpp"
#include "services/sla-metrics/domain/sla_definitions.hpp"

namespace opsdesk::sla_metrics {

struct LoadedSlaDefinitions {
  std::string yaml;    // the document as read
  std::string source;  // the file's path, or "built-in"
  SlaDefinitions definitions;
};

// `file` empty: the built-in rows. The error is one line naming the setting and the file:
// "sla.definitions_file /etc/…: …".
std::expected<LoadedSlaDefinitions, std::string> load_sla_definitions(
    const std::filesystem::path& file, const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::sla_metrics
