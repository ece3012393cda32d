#pragma once
// The words of the scheduling domain: kinds of centre work, the calendar rules for a recurrence
// that falls on a closed day, results, and the scope of a task (association codes or
// "all_centre"). One list each, for the decider, the API's messages and the readers.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

bool is_one_of(std::span<const std::string_view> words, std::string_view word);
// "a, b, c": the allowed values, for error messages.
std::string words_text(std::span<const std::string_view> words);

// The association codes a task's scope names: "all_centre" is the 18 associations of the centre.
std::vector<std::string> concerned_codes(const std::vector<std::string>& scope);
// What is wrong with a task's scope (association codes, or "all_centre" alone); nullopt if fine.
std::optional<std::string> scope_problem(const std::vector<std::string>& scope);

}  // namespace opsdesk::scheduling
