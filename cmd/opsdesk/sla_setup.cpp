#include "cmd/opsdesk/sla_setup.hpp"

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace opsdesk::cli {

std::expected<LoadedSlaDefinitions, std::string> load_sla_definitions(
    const Settings& settings, const calendar::BusinessCalendar& calendar) {
  const auto& file = settings.sla_definitions_file;
  if (file.empty()) {
    // The built-in rows name only the default schedules, which every calendar has.
    const std::string yaml(sla_metrics::default_sla_definitions_yaml());
    auto parsed = sla_metrics::parse_sla_definitions(yaml, calendar);
    if (!parsed) return std::unexpected("built-in SLA definitions: " + parsed.error());
    return LoadedSlaDefinitions{yaml, "built-in", std::move(*parsed)};
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected("sla.definitions_file " + file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = sla_metrics::parse_sla_definitions(text.str(), calendar);
  if (!parsed)
    return std::unexpected("sla.definitions_file " + file.string() + ": " + parsed.error());
  return LoadedSlaDefinitions{text.str(), file.string(), std::move(*parsed)};
}

std::string sla_settings_changed_by(const Settings& settings) {
  if (!settings.sla_changed_by.empty()) return settings.sla_changed_by;
  std::string user = "uid " + std::to_string(::getuid());
  if (const auto* entry = ::getpwuid(::getuid()); entry != nullptr && entry->pw_name != nullptr)
    user = entry->pw_name;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return user + "@" + (host[0] != '\0' ? host : "unknown-host");
}

}  // namespace opsdesk::cli
