#pragma once
// The ways a calendar question can have no answer. Values, never exceptions: every one of them
// can be caused by a user's input, and the surfaces (CLI, HTTP) turn them into messages.

#include <string_view>

namespace opsdesk::calendar {

enum class errc {
  out_of_range,          // a date or instant outside 1955-01-01 .. 2099-12-31 (Tokyo)
  from_after_to,         // a range whose start is after its end
  negative_duration,     // business time to add is below zero
  no_such_business_day,  // e.g. the 25th business day of a month that has 19
  not_a_business_day,    // the end of a day that is not a business day
};

// One sentence, for messages: "is outside the calendar (1955-01-01 to 2099-12-31, Tokyo time)".
std::string_view describe(errc error);

}  // namespace opsdesk::calendar
