#pragma once
// Calendar dates as text: "2026-09-22" (ISO 8601, what every opsdesk surface speaks) and the
// Cabinet Office's "2026/9/22". Parsing only checks the date exists; whether the calendar covers
// it is the caller's question.

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace opsdesk::calendar {

// "YYYY-MM-DD", exactly. The error says what is wrong, for a message.
std::expected<std::chrono::year_month_day, std::string> parse_iso_date(std::string_view text);
std::string format_iso_date(std::chrono::year_month_day date);

// "YYYY-MM": a month, as the SLA table's and the reports' `month` parameters take it.
std::optional<std::chrono::year_month> parse_iso_month(std::string_view text);
std::string format_iso_month(std::chrono::year_month month);

// "YYYY/M/D" with one- or two-digit month and day (zero-padded is accepted too).
std::expected<std::chrono::year_month_day, std::string> parse_slashed_date(std::string_view text);
std::string format_slashed_date(std::chrono::year_month_day date);

}  // namespace opsdesk::calendar
