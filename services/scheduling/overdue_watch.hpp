#pragma once
// The overdue watch (a process manager inside the scheduling service): each pass records
// OccurrenceOverdue for every occurrence of the horizon's past whose due time has passed with
// results still owed. Restart-safe and once: the occurrence's own stream says whether its
// overdue was recorded for this due time (the decider refuses a second), so a pass after a
// crash records what the crash left out and nothing twice.

#include <cstddef>
#include <expected>
#include <string>

#include "libs/core/clock.hpp"
#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling {

class OverdueWatch {
 public:
  OverdueWatch(ScheduleBook& book, OccurrenceCommands& commands, const core::Clock& clock)
      : book_(book), commands_(commands), clock_(clock) {}

  struct Pass {
    std::size_t examined = 0;  // unsettled occurrences past their due time
    std::size_t recorded = 0;  // overdue records made by this pass
  };
  // Blocks until each record is durable; the error names the first that failed.
  std::expected<Pass, std::string> pass();

 private:
  ScheduleBook& book_;
  OccurrenceCommands& commands_;
  const core::Clock& clock_;
};

}  // namespace opsdesk::scheduling
