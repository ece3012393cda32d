#pragma once
// Where a certificate stands among its renewals: whether its successor took its place, and its
// status at a time (expiry.hpp's rule fed from the certificate's state). Pure.

#include <span>
#include <string>

#include "libs/calendar/business_calendar.hpp"
#include "services/certificates/domain/certificate.hpp"

namespace opsdesk::certificates {

// The successor is deployed everywhere `certificate` is used (anywhere, when no location was
// listed): the renewal is done even before the old one is retired.
bool successor_in_use(const CertificateState& certificate, const CertificateState& successor);

// valid | renewal_due | expiring | expired | retired, at `now`.
std::string status_of(const CertificateState& certificate, bool successor_in_use, core::Instant now,
                      std::span<const int> lead_business_days,
                      const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::certificates
