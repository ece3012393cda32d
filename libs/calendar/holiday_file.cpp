#include "libs/calendar/holiday_file.hpp"

#include <algorithm>
#include <map>

#include "libs/calendar/date_text.hpp"
#include "libs/calendar/text_encoding.hpp"

namespace opsdesk::calendar {

namespace {

using namespace std::chrono;

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlank = " \t\r";
  const auto first = text.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kBlank) - first + 1);
}

std::size_t line_of_offset(std::string_view bytes, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(
                 bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::unexpected<HolidayFileError> fail(std::size_t line, std::string reason) {
  return std::unexpected(HolidayFileError{line, std::move(reason)});
}

}  // namespace

std::expected<std::vector<Holiday>, HolidayFileError> parse_holiday_file(std::string_view bytes) {
  auto decoded = decode_japanese_text(bytes);
  if (!decoded) return fail(line_of_offset(bytes, decoded.error().offset), decoded.error().reason);
  const std::string_view text = decoded->utf8;

  std::vector<Holiday> holidays;
  std::map<sys_days, std::size_t> line_of_date;  // to name both lines of a duplicate
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    ++line_number;

    if (line_number == 1) {
      if (line != kHolidayFileHeader) {
        return fail(1, "expected the header line '" + std::string(kHolidayFileHeader) + "'");
      }
      continue;
    }
    if (line.empty()) continue;

    const auto comma = line.find(',');
    if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos) {
      return fail(line_number, "expected two fields, YYYY/M/D,name");
    }
    auto date = parse_slashed_date(trim(line.substr(0, comma)));
    if (!date) return fail(line_number, date.error());
    if (!within_calendar_years(date->year())) {
      return fail(line_number, format_slashed_date(*date) +
                                   " is outside the years the calendar covers (1955-2099)");
    }
    const std::string_view name = trim(line.substr(comma + 1));
    if (name.empty()) return fail(line_number, "the holiday's name is empty");
    const auto [previous, inserted] = line_of_date.emplace(sys_days{*date}, line_number);
    if (!inserted) {
      return fail(line_number, format_slashed_date(*date) + " is listed twice (also on line " +
                                   std::to_string(previous->second) + ")");
    }
    holidays.push_back({*date, std::string(name)});
  }
  if (holidays.empty()) return fail(line_number, "the file lists no holidays");

  std::sort(holidays.begin(), holidays.end(),
            [](const Holiday& a, const Holiday& b) { return sys_days{a.date} < sys_days{b.date}; });
  return holidays;
}

std::string format_holiday_file(const std::vector<Holiday>& holidays) {
  std::string out = std::string(kHolidayFileHeader) + "\n";
  for (const auto& holiday : holidays)
    out += format_slashed_date(holiday.date) + "," + holiday.name + "\n";
  return out;
}

}  // namespace opsdesk::calendar
