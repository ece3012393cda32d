#include "libs/core/duration_text.hpp"

#include <cctype>

#include "libs/core/quoted.hpp"

namespace opsdesk::core {

std::string duration_text(std::chrono::microseconds duration) {
  if (duration < std::chrono::microseconds{0}) return "-" + duration_text(-duration);
  const auto total = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  const auto hours = total / 3600;
  const auto minutes = total / 60 % 60;
  const auto seconds = total % 60;
  std::string text;
  if (hours > 0) text += std::to_string(hours) + "h";
  if (minutes > 0 || (hours > 0 && seconds > 0)) text += std::to_string(minutes) + "m";
  if (seconds > 0 || text.empty()) text += std::to_string(seconds) + "s";
  return text;
}

std::string duration_text_ja(std::chrono::microseconds duration) {
  if (duration < std::chrono::microseconds{0}) return "-" + duration_text_ja(-duration);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(duration).count();
  const auto hours = minutes / 60;
  if (hours == 0) return std::to_string(minutes) + "分";
  std::string text = std::to_string(hours) + "時間";
  if (minutes % 60 > 0) text += std::to_string(minutes % 60) + "分";
  return text;
}

std::expected<std::chrono::microseconds, std::string> parse_duration_text(std::string_view text) {
  const auto problem = [&] {
    return std::unexpected(core::quoted(text) +
                           " is not a duration; write hours, minutes and seconds such as 1h30m, "
                           "45m or 2h (more than zero, at most 9999h)");
  };
  std::chrono::microseconds total{0};
  std::size_t i = 0;
  std::string units_seen;
  while (i < text.size()) {
    std::size_t digits = 0;
    long long value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 7) {
      value = value * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || i >= text.size()) return problem();
    const char unit = text[i++];
    const std::string order = "hms";
    const auto rank = order.find(unit);
    if (rank == std::string::npos) return problem();
    if (!units_seen.empty() && order.find(units_seen.back()) >= rank) return problem();
    units_seen += unit;
    const long long seconds = unit == 'h' ? value * 3600 : unit == 'm' ? value * 60 : value;
    total += std::chrono::seconds(seconds);
  }
  if (total <= std::chrono::microseconds{0} || total > std::chrono::hours(9999)) return problem();
  return total;
}

}  // namespace opsdesk::core
