#pragma once
// Structured logs: one JSON object per line on stderr (stdout belongs to the "listening on"
// line that scripts read). Fields are passed explicitly so every line can be searched by
// correlation id, route or stream.

#include <nlohmann/json.hpp>
#include <string_view>

namespace opsdesk::observability {

enum class LogLevel { debug, info, warn, error };

void set_log_level(LogLevel level);
// Writes {"ts":…, "level":…, "msg":…, <fields>} as one line; thread-safe.
void log(LogLevel level, std::string_view message,
         const nlohmann::json& fields = nlohmann::json::object());

inline void log_info(std::string_view message,
                     const nlohmann::json& fields = nlohmann::json::object()) {
  log(LogLevel::info, message, fields);
}
inline void log_warn(std::string_view message,
                     const nlohmann::json& fields = nlohmann::json::object()) {
  log(LogLevel::warn, message, fields);
}
inline void log_error(std::string_view message,
                      const nlohmann::json& fields = nlohmann::json::object()) {
  log(LogLevel::error, message, fields);
}

}  // namespace opsdesk::observability
