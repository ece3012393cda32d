#include "libs/core/duration_text.hpp"

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

}  // namespace opsdesk::core
