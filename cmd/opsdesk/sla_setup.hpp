#pragma once
// Who the SLA settings history names when the definitions or calendar change: the operator
// deploying the change (sla.changed_by), else the OS user and host of the process.

#include <string>

#include "cmd/opsdesk/settings.hpp"

namespace opsdesk::cli {

// sla.changed_by, else "<user>@<host>".
std::string sla_settings_changed_by(const Settings& settings);

}  // namespace opsdesk::cli
