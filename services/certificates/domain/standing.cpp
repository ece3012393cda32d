#include "services/certificates/domain/standing.hpp"

#include <algorithm>

#include "services/certificates/domain/expiry.hpp"

namespace opsdesk::certificates {

bool successor_in_use(const CertificateState& certificate, const CertificateState& successor) {
  if (certificate.locations.empty()) return !successor.deployments.empty();
  return std::ranges::all_of(certificate.locations,
                             [&](const Location& l) { return successor.deployed_at(l); });
}

std::string status_of(const CertificateState& c, bool successor_in_use, core::Instant now,
                      std::span<const int> lead_business_days,
                      const calendar::BusinessCalendar& calendar) {
  TimeStanding standing{.not_after = c.facts.not_after,
                        .renewal_due_at = c.renewal_due.at,
                        .expiring_from = std::nullopt,
                        .successor_deployed = successor_in_use,
                        .retired = c.retired.has_value()};
  // Notices come longest lead first: the last is the shortest lead's.
  const auto notices = expiry_notices(c.facts.not_after, lead_business_days, calendar);
  if (!notices.empty()) standing.expiring_from = notices.back().at;
  return status_at(standing, now);
}

}  // namespace opsdesk::certificates
