// The contract's tasks (seed data) are tasks the decider accepts, each with its own seed key,
// and they plan what the contract says on the business calendar.

#include <set>

#include "services/scheduling/domain/plan.hpp"
#include "services/scheduling/seed/contract_tasks.hpp"
#include "services/scheduling/tests/test_support.hpp"

namespace opsdesk::scheduling {
namespace {

using namespace testing;

TEST(ContractTasks, EveryOneIsAcceptedAndHasItsOwnKey) {
  std::set<std::string> keys;
  for (auto seed : contract_tasks(date("2026-04-01"))) {
    EXPECT_TRUE(keys.insert(seed.key).second) << seed.key;
    seed.definition.task_id = kTaskId;
    seed.definition.by = "seeder";
    seed.definition.at = kNow;
    auto events = decide(TaskState{}, seed.definition, kNow);
    EXPECT_TRUE(events.has_value())
        << seed.key << ": "
        << (events ? ""
            : events.error().fields.empty()
                ? events.error().message
                : events.error().fields[0].field + " " + events.error().fields[0].message);
  }
  EXPECT_GE(keys.size(), 15u);
}

TEST(ContractTasks, ThePerformanceReportsCoverAugustToFebruary) {
  for (auto seed : contract_tasks(date("2026-04-01"))) {
    if (seed.key != "monthly-performance-report") continue;
    seed.definition.task_id = kTaskId;
    seed.definition.by = "seeder";
    seed.definition.at = kNow;
    auto task = given_task({seed.definition});
    auto planned = plan_occurrences(task, calendar::BusinessCalendar::standard(),
                                    date("2026-04-01"), date("2027-12-31"))
                       .value();
    ASSERT_EQ(planned.size(), 7u);  // reports in September … March on August … February
    EXPECT_EQ(calendar::format_iso_date(planned.front().recurrence_date), "2026-09-10");
    EXPECT_EQ(calendar::format_iso_date(planned.back().recurrence_date), "2027-03-10");
  }
}

}  // namespace
}  // namespace opsdesk::scheduling
