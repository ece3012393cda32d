#include "services/certificates/domain/expiry.hpp"

#include <algorithm>

#include "libs/calendar/schedule.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::certificates {

std::vector<ExpiryNotice> expiry_notices(core::Instant not_after, std::span<const int> leads,
                                         const calendar::BusinessCalendar& calendar) {
  std::vector<int> sorted(leads.begin(), leads.end());
  std::ranges::sort(sorted, std::greater<>());
  sorted.erase(std::ranges::unique(sorted).begin(), sorted.end());
  std::vector<ExpiryNotice> notices;
  const auto* business = calendar.find_schedule(calendar::kBusinessSchedule);
  if (business == nullptr) return notices;
  for (const int lead : sorted) {
    if (lead <= 0) continue;
    auto day = core::to_tokyo(not_after).date;
    bool counted = true;
    for (int n = 0; n < lead && counted; ++n) {
      auto before = calendar.previous_business_day(day);
      if (before) day = *before;
      counted = before.has_value();
    }
    if (!counted) continue;
    auto opening =
        calendar.clock_start(core::from_tokyo(day, std::chrono::microseconds{0}), *business);
    if (opening) notices.push_back({lead, *opening});
  }
  return notices;
}

std::string status_at(const TimeStanding& c, core::Instant now) {
  if (c.retired) return "retired";
  if (now > c.not_after) return "expired";
  if (c.expiring_from && now >= *c.expiring_from && !c.successor_deployed) return "expiring";
  if (now >= c.renewal_due_at && !c.successor_deployed) return "renewal_due";
  return "valid";
}

}  // namespace opsdesk::certificates
