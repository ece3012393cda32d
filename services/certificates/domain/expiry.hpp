#pragma once
// Where a certificate stands in time, and when the desk is told its end is near. Pure.
//
// The desk is told at the opening (9:00 Tokyo) of the N-th business day before the day the
// certificate expires, for each configured lead time (30, 14 and 7 business days by default):
// business days, because a notice on a Saturday reaches no one. Status: valid → renewal_due
// (past its renewal due time with no successor deployed) → expiring (from the shortest lead
// time's notice) → expired (past notAfter); retired once replaced, whatever the time.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/instant.hpp"

namespace opsdesk::certificates {

struct ExpiryNotice {
  int lead_business_days = 0;
  core::Instant at{};
  bool operator==(const ExpiryNotice&) const = default;
};

// One notice per lead time, longest lead first; a lead the calendar cannot count is left out.
std::vector<ExpiryNotice> expiry_notices(core::Instant not_after, std::span<const int> leads,
                                         const calendar::BusinessCalendar& calendar);

struct TimeStanding {
  core::Instant not_after{};
  core::Instant renewal_due_at{};
  std::optional<core::Instant> expiring_from;  // the shortest lead's notice
  bool successor_deployed = false;
  bool retired = false;
};

// valid | renewal_due | expiring | expired | retired
std::string status_at(const TimeStanding& certificate, core::Instant now);

}  // namespace opsdesk::certificates
