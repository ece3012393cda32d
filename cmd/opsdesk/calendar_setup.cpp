#include "cmd/opsdesk/calendar_setup.hpp"

#include <fstream>
#include <sstream>

#include "libs/calendar/holiday_file.hpp"

namespace opsdesk::cli {

std::expected<calendar::BusinessCalendar, std::string> build_calendar(const Settings& settings) {
  calendar::BusinessCalendar::Options options;
  if (!settings.calendar_holidays_file.empty()) {
    const std::string where = "calendar.holidays_file " + settings.calendar_holidays_file.string();
    std::ifstream in(settings.calendar_holidays_file, std::ios::binary);
    if (!in) return std::unexpected(where + ": cannot read the file");
    std::stringstream bytes;
    bytes << in.rdbuf();
    auto holidays = calendar::parse_holiday_file(bytes.str());
    if (!holidays) return std::unexpected(where + ": " + holidays.error().to_string());
    options.holiday_overrides = std::move(*holidays);
  }
  options.extra_closures = settings.calendar_extra_closures;
  options.extra_working_days = settings.calendar_extra_working_days;
  options.schedules = settings.calendar_schedules;
  auto built = calendar::BusinessCalendar::create(std::move(options));
  if (!built) return std::unexpected("calendar: " + built.error());
  return built;
}

}  // namespace opsdesk::cli
