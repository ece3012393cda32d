#pragma once
// Reads the Cabinet Office's holiday list (内閣府「国民の祝日」CSV, syukujitsu.csv): the header
// line 国民の祝日・休日月日,国民の祝日・休日名称 then one `YYYY/M/D,name` row per holiday, in
// Shift_JIS as published or UTF-8 as re-saved. Parsing only: reading the file from disk and
// deciding which years it overrides are the caller's and HolidayTable's jobs.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "libs/calendar/holiday.hpp"

namespace opsdesk::calendar {

inline constexpr std::string_view kHolidayFileHeader = "国民の祝日・休日月日,国民の祝日・休日名称";

struct HolidayFileError {
  std::size_t line;  // 1-based
  std::string reason;

  std::string to_string() const { return "line " + std::to_string(line) + ": " + reason; }
};

// Every row, sorted by date. Refuses the whole file at the first problem: a wrong header, a row
// that is not `date,name`, a date that does not exist or lies outside 1955-2099, an empty name,
// a date listed twice, bytes that are neither UTF-8 nor Shift_JIS, or no rows at all. Blank
// lines and CRLF line ends are fine.
std::expected<std::vector<Holiday>, HolidayFileError> parse_holiday_file(std::string_view bytes);

// The same format in UTF-8 with LF line ends: what `opsdesk calendar holidays --format csv`
// prints, so that its output can be edited into an override file.
std::string format_holiday_file(const std::vector<Holiday>& holidays);

}  // namespace opsdesk::calendar
