#include "services/certificates/domain/expiry_watch_rules.hpp"

#include <algorithm>

#include "services/certificates/domain/expiry.hpp"

namespace opsdesk::certificates {

std::vector<CertificateCommand> records_due(const CertificateState& c, bool successor_deployed,
                                            core::Instant now,
                                            std::span<const int> lead_business_days,
                                            const calendar::BusinessCalendar& calendar) {
  std::vector<CertificateCommand> due;
  if (!c.exists() || c.retired || c.expired_recorded_at || successor_deployed) return due;
  // Past its end, only that it expired is news: earlier records it missed would be stale.
  if (now > c.facts.not_after) return {RecordExpired{now}};
  if (!c.renewal_due_recorded_at && now >= c.renewal_due.at) due.push_back(RecordRenewalDue{now});
  for (const auto& notice : expiry_notices(c.facts.not_after, lead_business_days, calendar)) {
    if (now < notice.at) continue;
    if (std::ranges::find(c.expiry_leads_recorded, notice.lead_business_days) !=
        c.expiry_leads_recorded.end())
      continue;
    // A certificate imported after a notice's time gets no stale notice.
    if (notice.at < c.imported_at) continue;
    due.push_back(RecordExpiryApproaching{notice.lead_business_days, notice.at, now});
  }
  return due;
}

}  // namespace opsdesk::certificates
