#pragma once
// The effort watch (a process manager inside the changes service): each pass measures the
// contract term's modification work (domain/term_effort.hpp) and records
// ContractEffortThresholdReached for each threshold (80 %, 100 % of the cap) that the hours
// worked (ac) or the forecast at completion (eac) has passed. Restart-safe and once: the term's
// own stream says which were recorded (the decider refuses a second), so a pass after a crash
// records what the crash left out and nothing twice.

#include <cstddef>
#include <expected>
#include <string>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "services/changes/change_book.hpp"
#include "services/changes/domain/term_effort.hpp"

namespace opsdesk::changes {

class EffortWatch {
 public:
  EffortWatch(ChangeBook& book, EffortCapCommands& commands, const core::Clock& clock,
              const calendar::BusinessCalendar& calendar, Term term, CapSettings cap)
      : book_(book),
        commands_(commands),
        clock_(clock),
        calendar_(calendar),
        term_(std::move(term)),
        cap_(std::move(cap)) {}

  struct Pass {
    double ac_hours = 0;
    double eac_hours = 0;
    std::size_t recorded = 0;  // thresholds recorded by this pass
  };
  // Blocks until each record is durable; the error names the first that failed.
  std::expected<Pass, std::string> pass();

 private:
  ChangeBook& book_;
  EffortCapCommands& commands_;
  const core::Clock& clock_;
  const calendar::BusinessCalendar& calendar_;
  Term term_;
  CapSettings cap_;
};

}  // namespace opsdesk::changes
