#pragma once
// The patch watch (a process manager inside the changes service): each pass records
// EmergencyPatchOverdue for every emergency patch whose due time (the end of the configured
// business days after its emergency decision, domain/patch.hpp) has passed with a target still
// open. Restart-safe and once: the patch's own stream says whether it was recorded (the decider
// refuses a second), so a pass after a crash records what the crash left out and nothing twice.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "services/changes/change_book.hpp"

namespace opsdesk::changes {

class PatchWatch {
 public:
  PatchWatch(ChangeBook& book, PatchCommands& commands, const core::Clock& clock,
             const calendar::BusinessCalendar& calendar, std::uint32_t emergency_business_days)
      : book_(book),
        commands_(commands),
        clock_(clock),
        calendar_(calendar),
        emergency_business_days_(emergency_business_days) {}

  // Blocks until each record is durable; the error names the first that failed. Answers how
  // many patches this pass recorded overdue.
  std::expected<std::size_t, std::string> pass();

 private:
  ChangeBook& book_;
  PatchCommands& commands_;
  const core::Clock& clock_;
  const calendar::BusinessCalendar& calendar_;
  std::uint32_t emergency_business_days_;
};

}  // namespace opsdesk::changes
