#pragma once
// GET /v1/tenants: the associations (共済組合) as the registry ships them (libs/tenants), so
// that clients (the dashboard, scripts) name and list them from the one place that knows them.

#include "libs/modules/module.hpp"

namespace opsdesk::cli {

// The module table's entry: the reference data every process serves.
modules::Module tenants_module();

}  // namespace opsdesk::cli
