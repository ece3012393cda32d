#pragma once
// The one table of modules the `opsdesk` binary can run (see libs/modules/module.hpp). serve,
// --target, /readyz, /openapi.json, `opsdesk replay` and the dev broker's topics all come from
// it. Adding a service is one entry here (docs/adding-a-service.md).

#include "cmd/opsdesk/settings.hpp"
#include "libs/modules/module_table.hpp"

namespace opsdesk::cli {

// The table, each module configured from `settings`. Making it opens nothing and is cheap.
modules::ModuleTable module_table(const Settings& settings);

}  // namespace opsdesk::cli
