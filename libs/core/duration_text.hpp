#pragma once
// Durations as people read them in answers and reports.

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace opsdesk::core {

// Hours, minutes and seconds, largest first, zero parts left out: "1h15m", "31h", "1h0m30s",
// "45s", "0s"; fractions of a second are dropped; a negative duration gets a leading "-".
std::string duration_text(std::chrono::microseconds duration);
// The same in Japanese to the minute, for reports and evidence read by people: "1時間23分",
// "17時間", "45分", "0分"; seconds dropped, so minutes are rounded down; a negative duration
// gets a leading "-".
std::string duration_text_ja(std::chrono::microseconds duration);

// The other way: "1h30m", "45m", "2h", "90s" (hours, minutes and seconds, each at most once, in
// that order; more than zero, at most 9999h), as settings and requests write durations; the error
// quotes the text and says how to write one.
std::expected<std::chrono::microseconds, std::string> parse_duration_text(std::string_view text);

}  // namespace opsdesk::core
