#pragma once
// The days of the vernal and autumnal equinox in Japan (春分の日, 秋分の日). The law names the
// days only as "the equinox": the National Astronomical Observatory computes them and the
// government announces each year's dates in February of the year before. Here they come from
// the standard approximation formula, which gives every equinox day observed since 1955 and
// predicts the later ones; when an announcement differs, it reaches opsdesk through the
// override file (holiday_file.hpp).

#include <chrono>

namespace opsdesk::calendar {

// Day of March (vernal) or September (autumnal), Japan Standard Time. `year` in 1900..2099.
std::chrono::day vernal_equinox_day(std::chrono::year year);
std::chrono::day autumnal_equinox_day(std::chrono::year year);

}  // namespace opsdesk::calendar
