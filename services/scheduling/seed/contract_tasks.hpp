#pragma once
// The centre's recurring work the contract names (仕様書 4.(3) センタ運用, 4.(4) 防衛省共済組合),
// as task definitions for `opsdesk schedule seed` (POST /v1/schedule/tasks/seed). Each has a
// stable seed key, so seeding again defines only what is missing. Times are the desk's usual
// ones; operators revise them like any task.

#include <string>
#include <vector>

#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling {

struct SeedTask {
  std::string key;        // e.g. "daily-backup-check": stable, the idempotency of seeding
  DefineTask definition;  // task_id, by and at are the seeder's
};

// Every contract task, recurring from `term_start` (the contract term's first day) on.
std::vector<SeedTask> contract_tasks(Date term_start);

}  // namespace opsdesk::scheduling
