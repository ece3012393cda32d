#pragma once
// The minutes watch (a process manager inside the changes service): each pass records
// MinutesOverdue for every meeting whose minutes' due time (the end of the 2nd business day after
// it, 仕様書 4.(1)②コ; fixed when the meeting was recorded) has passed without minutes.
// Restart-safe and once: the meeting's own stream says whether it was recorded (the decider
// refuses a second), so a pass after a crash records what the crash left out and nothing twice.

#include <cstddef>
#include <expected>
#include <string>

#include "libs/core/clock.hpp"
#include "services/changes/change_book.hpp"

namespace opsdesk::changes {

class MinutesWatch {
 public:
  MinutesWatch(ChangeBook& book, MeetingCommands& commands, const core::Clock& clock)
      : book_(book), commands_(commands), clock_(clock) {}

  // Blocks until each record is durable; the error names the first that failed. Answers how
  // many meetings this pass recorded overdue.
  std::expected<std::size_t, std::string> pass();

 private:
  ChangeBook& book_;
  MeetingCommands& commands_;
  const core::Clock& clock_;
};

}  // namespace opsdesk::changes
