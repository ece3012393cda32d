#pragma once
// The inquiry decider: given the inquiry's state, a command and the time now, either the events
// that record it or the rule it breaks. Pure: no I/O, no clock, no globals.

#include <expected>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/inquiries/domain/commands.hpp"
#include "services/inquiries/domain/state.hpp"

namespace opsdesk::inquiries {

using DomainError = aggregate::DomainError;

std::expected<std::vector<InquiryEvent>, DomainError> decide(const InquiryState& state,
                                                             const InquiryCommand& command,
                                                             core::Instant now);

}  // namespace opsdesk::inquiries
