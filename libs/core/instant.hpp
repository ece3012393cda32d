#pragma once
// Instants in time as opsdesk stores them: UTC, microsecond precision, and their RFC 3339 text.
// Never formats local time implicitly: Tokyo civil time is tokyo_time.hpp's job.

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace opsdesk::core {

using Instant = std::chrono::sys_time<std::chrono::microseconds>;

// "2026-11-22T01:51:24Z", or with a fraction ("...24.5Z", "...24.123456Z") when there is one.
std::string format_rfc3339(Instant at);

// Accepts RFC 3339 date-times with "Z" or a numeric offset ("+09:00") and up to 9 fraction
// digits (truncated to microseconds). The error text says what is wrong, for a 422 message.
std::expected<Instant, std::string> parse_rfc3339(std::string_view text);

std::int64_t to_unix_micros(Instant at);
Instant from_unix_micros(std::int64_t micros);

}  // namespace opsdesk::core
