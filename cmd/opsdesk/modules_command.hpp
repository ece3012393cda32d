#pragma once
// `opsdesk modules [--json]`: the module table as a deployment reads it: each module's kind,
// the topic it publishes, the domains it consumes, what it needs in its own process and the
// command services it sends commands to. The compose file and the Kubernetes overlays are
// checked against it (tests/deploy/); an operator reads it to lay out containers.

#include <ostream>

#include "libs/modules/module_table.hpp"

namespace opsdesk::cli {

void print_modules(const modules::ModuleTable& table, bool json, std::ostream& out);

}  // namespace opsdesk::cli
