#include "libs/calendar/schedule.hpp"

#include <algorithm>
#include <cstdio>

#include "libs/core/quoted.hpp"

namespace opsdesk::calendar {

namespace {

using namespace std::chrono;

constexpr std::size_t kMaxNameLength = 40;

const std::string kSpecForm = "expected name=HH:MM-HH:MM, e.g. business=09:00-18:00";

bool valid_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameLength &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

// "HH:MM", 00:00 to 24:00.
std::expected<minutes, std::string> parse_clock(std::string_view text) {
  const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::unexpected(core::quoted(text) + " is not a time of day HH:MM");
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) {
    return std::unexpected(core::quoted(text) + " is not a time of day from 00:00 to 24:00");
  }
  return hours{h} + minutes{m};
}

std::string format_clock(minutes since_midnight) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(since_midnight.count() / 60),
                static_cast<int>(since_midnight.count() % 60));
  return buf;
}

}  // namespace

std::vector<Schedule> default_schedules() {
  return {
      Schedule{std::string(kBusinessSchedule), hours{9}, hours{18}, false},
      Schedule{std::string(kCentreRoomSchedule), hours{9}, hours{17} + minutes{45}, false},
      Schedule{std::string(kRoundTheClockSchedule), hours{0}, hours{24}, true},
  };
}

std::expected<Schedule, std::string> parse_schedule(std::string_view spec) {
  const auto equals = spec.find('=');
  const auto dash = spec.find('-', equals == std::string_view::npos ? 0 : equals);
  if (equals == std::string_view::npos || dash == std::string_view::npos) {
    return std::unexpected(core::quoted(spec) + ": " + kSpecForm);
  }
  const auto name = spec.substr(0, equals);
  if (!valid_name(name)) {
    return std::unexpected(
        core::quoted(name) +
        " is not a schedule name: use 1 to 40 lower-case letters, digits and underscores");
  }
  auto opens = parse_clock(spec.substr(equals + 1, dash - equals - 1));
  if (!opens) return std::unexpected("schedule " + std::string(name) + ": " + opens.error());
  auto closes = parse_clock(spec.substr(dash + 1));
  if (!closes) return std::unexpected("schedule " + std::string(name) + ": " + closes.error());
  if (*closes <= *opens) {
    return std::unexpected("schedule " + std::string(name) + ": closes at " +
                           format_clock(*closes) + ", not after it opens at " +
                           format_clock(*opens));
  }
  return Schedule{std::string(name), *opens, *closes, false};
}

std::expected<std::vector<Schedule>, std::string> parse_schedule_list(std::string_view specs) {
  std::vector<Schedule> schedules;
  std::size_t start = 0;
  while (start < specs.size()) {
    const auto end = std::min(specs.find(',', start), specs.size());
    auto schedule = parse_schedule(specs.substr(start, end - start));
    if (!schedule) return std::unexpected(schedule.error());
    schedules.push_back(std::move(*schedule));
    start = end + 1;
  }
  return schedules;
}

std::expected<std::vector<Schedule>, std::string> merge_schedules(
    const std::vector<Schedule>& configured) {
  auto schedules = default_schedules();
  std::vector<std::string> seen;
  for (const auto& schedule : configured) {
    if (schedule.name == kRoundTheClockSchedule) {
      return std::unexpected("schedule 24x7 is wall-clock time and cannot be redefined");
    }
    if (std::find(seen.begin(), seen.end(), schedule.name) != seen.end()) {
      return std::unexpected("schedule " + schedule.name + " is configured twice");
    }
    seen.push_back(schedule.name);
    const auto existing = std::find_if(schedules.begin(), schedules.end(),
                                       [&](const Schedule& s) { return s.name == schedule.name; });
    if (existing != schedules.end()) {
      *existing = schedule;
    } else {
      schedules.push_back(schedule);
    }
  }
  return schedules;
}

std::string describe_hours(const Schedule& schedule) {
  if (schedule.every_day && schedule.daily_length() == hours{24})
    return std::string(kRoundTheClockSchedule);
  return format_clock(schedule.opens) + "-" + format_clock(schedule.closes);
}

}  // namespace opsdesk::calendar
