#include "services/changes/effort_watch.hpp"

#include "libs/core/tokyo_time.hpp"

namespace opsdesk::changes {

std::expected<EffortWatch::Pass, std::string> EffortWatch::pass() {
  const auto now = clock_.now();
  const auto changes =
      book_.changes([&](const ChangeState& c) { return counts_in_term(c, term_); });
  const auto effort = term_effort(changes, term_, core::to_tokyo(now).date, cap_, calendar_);
  Pass pass{effort.ac_hours, effort.eac_hours, 0};
  const auto recorded = book_.effort_cap(term_.name);
  for (const auto& [measure, hours] :
       {std::pair<std::string, double>{"ac", effort.ac_hours}, {"eac", effort.eac_hours}}) {
    for (auto threshold : thresholds_to_record(recorded, measure, hours, cap_.cap_hours())) {
      const auto who = auth::centre_watch("changes-effort-watch");
      aggregate::CommandContext context{
          who.subject, "effortcap-" + term_.name + "-" + measure + "-" + std::to_string(threshold),
          std::nullopt, std::nullopt, who};
      RecordThreshold command{term_.name,
                              threshold,
                              measure,
                              cap_.eac_method,
                              hours,
                              cap_.cap_hours(),
                              cap_.person_month_hours,
                              now};
      auto result = commands_.execute_and_wait(term_.name, EffortCapCommand{command}, now,
                                               std::move(context));
      if (result) {
        ++pass.recorded;
        continue;
      }
      // Recorded meanwhile (another pass raced this one): nothing to do.
      if (result.error().kind == aggregate::CommandRejected::Kind::domain) continue;
      return std::unexpected("effort cap " + term_.name + ": " + result.error().message);
    }
  }
  return pass;
}

}  // namespace opsdesk::changes
