#pragma once
// What the SLA figures are computed with, besides the events: the definitions and the business
// calendar. A snapshot of both, canonical enough to compare across restarts, so a change is
// recorded (who, when, what changed) and a closed period recomputed under new settings says
// so instead of changing silently. Pure.

#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/sla/sla_definitions.hpp"

namespace opsdesk::sla {

struct SettingsSnapshot {
  std::string definitions_yaml;  // the document as loaded
  SlaDefinitions definitions;
  // Dates of 2000-2040 whose business-day status differs from "weekdays work, weekends do not":
  // "2026-11-23 closed", "2027-05-08 working".
  std::vector<std::string> calendar_exceptions;
  std::vector<std::string> schedules;  // "business 09:00-18:00", sorted by name

  std::string definitions_fingerprint() const;
  std::string calendar_fingerprint() const;
};

SettingsSnapshot snapshot_settings(std::string definitions_yaml, SlaDefinitions definitions,
                                   const calendar::BusinessCalendar& calendar);

// One line per difference, e.g. "first_notice goal: 1h30m -> 2h", "calendar 2027-05-06:
// working -> closed", "schedule business: 09:00-18:00 -> 08:30-17:30". Long calendar lists are
// cut after 20 lines with a count of the rest.
std::vector<std::string> describe_changes(const SettingsSnapshot& before,
                                          const SettingsSnapshot& after);

}  // namespace opsdesk::sla
