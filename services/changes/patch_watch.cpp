#include "services/changes/patch_watch.hpp"

namespace opsdesk::changes {

std::expected<std::size_t, std::string> PatchWatch::pass() {
  const auto now = clock_.now();
  auto overdue = [&](const PatchState& patch) {
    if (patch.overdue || patch.rolled_out()) return false;
    const auto due = emergency_due_at(patch, emergency_business_days_, calendar_);
    return due && *due <= now;
  };
  std::size_t recorded = 0;
  for (const auto& patch : book_.patches(overdue)) {
    const auto who = auth::centre_watch("changes-patch-watch");
    aggregate::CommandContext context{who.subject, "patch-overdue-" + patch.id, std::nullopt,
                                      std::nullopt, who};
    const RecordEmergencyOverdue command{
        emergency_business_days_, *emergency_due_at(patch, emergency_business_days_, calendar_),
        now};
    auto result =
        commands_.execute_and_wait(patch.id, PatchCommand{command}, now, std::move(context));
    if (result) {
      ++recorded;
      continue;
    }
    // Recorded, rolled out or re-decided meanwhile: nothing to do.
    if (result.error().kind == aggregate::CommandRejected::Kind::domain) continue;
    return std::unexpected("patch " + patch.id + ": " + result.error().message);
  }
  return recorded;
}

}  // namespace opsdesk::changes
