#pragma once
// Builds the one business calendar of an opsdesk process from its settings: the override file
// read from disk and checked, extra days, schedules. The server and `opsdesk calendar` both
// call it, so an operator can try a new override file with the CLI before a restart.

#include <expected>
#include <string>

#include "cmd/opsdesk/settings.hpp"
#include "libs/calendar/business_calendar.hpp"

namespace opsdesk::cli {

// The error is one line naming the setting, and for the override file its path, line number
// and reason: "calendar.holidays_file /etc/opsdesk/syukujitsu.csv: line 5: ...".
std::expected<calendar::BusinessCalendar, std::string> build_calendar(const Settings& settings);

}  // namespace opsdesk::cli
