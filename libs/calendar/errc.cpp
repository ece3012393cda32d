#include "libs/calendar/errc.hpp"

namespace opsdesk::calendar {

std::string_view describe(errc error) {
  switch (error) {
    case errc::out_of_range:
      return "is outside the calendar (1955-01-01 to 2099-12-31, Tokyo time)";
    case errc::from_after_to:
      return "must not be after the end of the range";
    case errc::negative_duration:
      return "must not be negative";
    case errc::no_such_business_day:
      return "names a business day the month does not have";
    case errc::not_a_business_day:
      return "is not a business day";
  }
  return "is not valid";
}

}  // namespace opsdesk::calendar
