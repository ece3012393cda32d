#pragma once
// What the expiry watch has to record for a certificate at a time: RenewalDue once its renewal
// due time has passed, an ExpiryApproaching for each lead time whose notice time has passed, and
// CertificateExpired once notAfter has passed (then alone: what it missed before is stale) —
// none for a retired certificate, none once its
// successor is deployed everywhere it is used (it was renewed in time), and each at most once
// (what the stream already holds is left out). Pure: the watch runs the commands.

#include <span>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "services/certificates/domain/certificate.hpp"

namespace opsdesk::certificates {

// `successor_deployed`: the successor is deployed at every location of this certificate (the
// watch asks the book; the decider sees one stream only).
std::vector<CertificateCommand> records_due(const CertificateState& certificate,
                                            bool successor_deployed, core::Instant now,
                                            std::span<const int> lead_business_days,
                                            const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::certificates
