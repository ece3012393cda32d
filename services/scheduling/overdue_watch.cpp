#include "services/scheduling/overdue_watch.hpp"

#include "libs/core/tokyo_time.hpp"

namespace opsdesk::scheduling {

std::expected<OverdueWatch::Pass, std::string> OverdueWatch::pass() {
  const auto now = clock_.now();
  const auto today = core::to_tokyo(now).date;
  book_.move_horizon(today);
  auto due = book_.occurrences(std::chrono::sys_days{today} - kHorizonPast, today,
                               [&](const PlannedOccurrence& o) { return o.due_at <= now; });
  Pass pass;
  for (const auto& o : due) {
    const auto& plan = o.current_plan();
    if (plan.due_at > now) continue;  // rescheduled later than its first plan
    if (!o.recorded && plan.due_before_definition) continue;  // before the task existed
    if (o.recorded &&
        (o.recorded->skipped_reason || o.recorded->done() || o.recorded->overdue_at == plan.due_at))
      continue;
    ++pass.examined;
    const auto who = auth::centre_watch("scheduling-overdue-watch");
    aggregate::CommandContext context{who.subject, "overdue-" + plan.id, std::nullopt, std::nullopt,
                                      who};
    auto result = commands_.execute_and_wait(plan.id, OccurrenceCommand{RecordOverdue{plan}}, now,
                                             std::move(context));
    if (result) {
      ++pass.recorded;
      continue;
    }
    // Settled or recorded meanwhile (a command raced the pass): nothing to do.
    if (result.error().kind == aggregate::CommandRejected::Kind::domain) continue;
    return std::unexpected("occurrence " + plan.id + ": " + result.error().message);
  }
  return pass;
}

}  // namespace opsdesk::scheduling
