#include "services/changes/minutes_watch.hpp"

namespace opsdesk::changes {

std::expected<std::size_t, std::string> MinutesWatch::pass() {
  const auto now = clock_.now();
  std::size_t recorded = 0;
  for (const auto& meeting : book_.meetings([&](const MeetingState& m) {
         return !m.minutes && !m.overdue_at && m.minutes_due_at < now;
       })) {
    const auto who = auth::centre_watch("changes-minutes-watch");
    aggregate::CommandContext context{who.subject, "minutes-overdue-" + meeting.id, std::nullopt,
                                      std::nullopt, who};
    auto result = commands_.execute_and_wait(meeting.id, MeetingCommand{RecordMinutesOverdue{now}},
                                             now, std::move(context));
    if (result) {
      ++recorded;
      continue;
    }
    // Minutes submitted or recorded overdue meanwhile: nothing to do.
    if (result.error().kind == aggregate::CommandRejected::Kind::domain) continue;
    return std::unexpected("meeting " + meeting.id + ": " + result.error().message);
  }
  return recorded;
}

}  // namespace opsdesk::changes
