#include "services/changes/domain/due_time.hpp"

#include "libs/calendar/schedule.hpp"

namespace opsdesk::changes {

std::optional<core::Instant> end_of_business_days_after(
    Date day, std::uint32_t business_days, const calendar::BusinessCalendar& calendar) {
  const auto* business = calendar.find_schedule(calendar::kBusinessSchedule);
  if (business == nullptr) return std::nullopt;
  for (std::uint32_t n = 0; n < business_days; ++n) {
    auto next = calendar.next_business_day(day);
    if (!next) return std::nullopt;
    day = *next;
  }
  if (business_days == 0 && !calendar.is_business_day(day).value_or(false)) {
    auto next = calendar.next_business_day(day);
    if (!next) return std::nullopt;
    day = *next;
  }
  auto due = calendar.end_of_business_day(day, *business);
  if (!due) return std::nullopt;
  return *due;
}

}  // namespace opsdesk::changes
