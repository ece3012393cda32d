#include "cmd/opsdesk/sla_setup.hpp"

#include <pwd.h>
#include <unistd.h>

namespace opsdesk::cli {

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
