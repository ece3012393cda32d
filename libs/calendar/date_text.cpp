#include "libs/calendar/date_text.hpp"

#include <charconv>
#include <cstdio>

#include "libs/core/quoted.hpp"

namespace opsdesk::calendar {

namespace {

using namespace std::chrono;

// Digits only (no sign, no spaces), between min_digits and max_digits of them.
bool read_number(std::string_view text, std::size_t min_digits, std::size_t max_digits, int& out) {
  if (text.size() < min_digits || text.size() > max_digits) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  std::from_chars(text.data(), text.data() + text.size(), out);
  return true;
}

std::expected<year_month_day, std::string> parse_with(std::string_view text, char separator,
                                                      std::size_t min_md_digits,
                                                      const std::string& form) {
  const auto first = text.find(separator);
  const auto second = first == std::string_view::npos ? first : text.find(separator, first + 1);
  int y = 0, m = 0, d = 0;
  if (second == std::string_view::npos || !read_number(text.substr(0, first), 4, 4, y) ||
      !read_number(text.substr(first + 1, second - first - 1), min_md_digits, 2, m) ||
      !read_number(text.substr(second + 1), min_md_digits, 2, d)) {
    return std::unexpected(core::quoted(text) + " is not a date of the form " + form);
  }
  const year_month_day date{year{y}, month{static_cast<unsigned>(m)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok())
    return std::unexpected(core::quoted(text) + " is not a date of the calendar (no such day)");
  return date;
}

}  // namespace

std::expected<year_month_day, std::string> parse_iso_date(std::string_view text) {
  return parse_with(text, '-', 2, "YYYY-MM-DD");
}

std::string format_iso_date(year_month_day date) {
  char buf[48];  // room for any int, so -Wformat-truncation has nothing to say
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

std::optional<std::chrono::year_month> parse_iso_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto date = parse_iso_date(std::string(text) + "-01");
  if (!date) return std::nullopt;
  return date->year() / date->month();
}

std::string format_iso_month(std::chrono::year_month month) {
  return format_iso_date(month / std::chrono::day{1}).substr(0, 7);
}

std::expected<year_month_day, std::string> parse_slashed_date(std::string_view text) {
  return parse_with(text, '/', 1, "YYYY/M/D");
}

std::string format_slashed_date(year_month_day date) {
  char buf[48];  // room for any int, so -Wformat-truncation has nothing to say
  std::snprintf(buf, sizeof buf, "%d/%u/%u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

}  // namespace opsdesk::calendar
