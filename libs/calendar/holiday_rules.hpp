#pragma once
// Japan's national holidays as the law made them, year by year (国民の祝日に関する法律 and its
// amendments, plus the one-off laws for imperial ceremonies and the Tokyo Olympics). Pure
// functions of the year: what the government later announces differently comes from the
// override file, never from editing a past year here.

#include <chrono>
#include <vector>

#include "libs/calendar/holiday.hpp"

namespace opsdesk::calendar {

// Every holiday of `year` (kFirstYear..kLastYear), sorted by date: the named holidays (祝日),
// the one-off days, substitute holidays (振替休日) and citizens' holidays (国民の休日).
std::vector<Holiday> statutory_holidays(std::chrono::year year);

}  // namespace opsdesk::calendar
