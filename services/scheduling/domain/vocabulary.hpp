#pragma once
// The words of the scheduling domain: kinds of centre work, the calendar rules for a recurrence
// that falls on a closed day, results, and the scope of a task (association codes or
// "all_centre"). One list each, for the decider, the API's messages and the readers.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/core/words.hpp"
#include "libs/tenants/scope.hpp"

namespace opsdesk::scheduling {

// What the work is (仕様書 4.(3), 4.(4)).
std::span<const std::string_view> task_kinds();
// What a recurrence on a day that is not a business day does (like Control-M's shift).
inline constexpr std::string_view kSkip = "skip";
inline constexpr std::string_view kPreviousBusinessDay = "previous_business_day";
inline constexpr std::string_view kNextBusinessDay = "next_business_day";
std::span<const std::string_view> calendar_rules();
// How an occurrence's work went, per association.
std::span<const std::string_view> results();

// The shared words (libs/core/words.hpp) and scope rule (libs/tenants/scope.hpp).
using core::is_one_of;
using core::words_text;
using tenants::concerned_codes;
using tenants::scope_problem;

}  // namespace opsdesk::scheduling
