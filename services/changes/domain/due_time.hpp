#pragma once
// When something owed "within N business days" of a day falls due: the end (18:00) of the N-th
// business day after that day, on the business calendar (an emergency patch's rollout, a
// meeting's minutes). Pure.

#include <cstdint>
#include <optional>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/instant.hpp"
#include "services/changes/domain/vocabulary.hpp"

namespace opsdesk::changes {

// N = 0: the end of that day when it is a business day, else of the next business day. nullopt
// when the calendar does not cover the days.
std::optional<core::Instant> end_of_business_days_after(Date day, std::uint32_t business_days,
                                                        const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::changes
