#pragma once
// The schedule as an iCalendar feed (RFC 5545, written by libical) that calendar programs
// (Outlook, Thunderbird) subscribe to: one VEVENT per occurrence, its UID the occurrence's id
// (stable across holiday-file changes, shifts and revisions), its SEQUENCE the occurrence's
// version, so that a recorded change replaces the event rather than adding one.

#include <string>
#include <string_view>
#include <vector>

#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling::api {

std::string calendar_feed(const std::vector<ScheduledOccurrence>& occurrences, core::Instant now,
                          std::string_view calendar_name);

}  // namespace opsdesk::scheduling::api
