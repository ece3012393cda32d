#include "libs/observability/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>

#include "libs/core/clock.hpp"

namespace opsdesk::observability {

namespace {

std::atomic<LogLevel> g_level{LogLevel::info};

spdlog::logger& json_logger() {
  // spdlog gives a thread-safe, buffered sink; the JSON object is built here so the pattern
  // is only the message itself.
  static auto logger = [] {
    auto l = std::make_shared<spdlog::logger>("opsdesk",
                                              std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

}  // namespace

void set_log_level(LogLevel level) { g_level.store(level); }

void log(LogLevel level, std::string_view message, const nlohmann::json& fields) {
  if (level < g_level.load()) return;
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = core::format_rfc3339(core::SystemClock{}.now());
  line["level"] = level_name(level);
  line["msg"] = message;
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) line[key] = value;
  }
  json_logger().info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace opsdesk::observability
