#pragma once
// What the changes domain's deciders check of fields beyond the shared FieldCheck: hours, dates
// the business calendar covers, days that have happened. Pure.

#include <chrono>
#include <cmath>
#include <string>

#include "libs/aggregate/field_check.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "services/changes/domain/vocabulary.hpp"

namespace opsdesk::changes {

struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(core::Instant now) : aggregate::FieldCheck(now, kAllowedClockSkew) {}

  void hours(const std::string& field, double value, double max) {
    if (!std::isfinite(value) || value <= 0 || value > max)
      add(field,
          "must be more than 0 and at most " + std::to_string(static_cast<int>(max)) + " hours");
  }
  void covered(const std::string& field, Date date) {
    if (!date.ok() || !calendar::BusinessCalendar::covers(date))
      add(field, "must be a date the business calendar covers (1955–2099)");
  }
  // A day something happened on: not after today (Tokyo).
  void not_after_today(const std::string& field, Date date, core::Instant now) {
    covered(field, date);
    const auto today = core::to_tokyo(now).date;
    if (date.ok() && std::chrono::sys_days{date} > std::chrono::sys_days{today})
      add(field, "must not be after today (" + calendar::format_iso_date(today) + ")");
  }
};

}  // namespace opsdesk::changes
