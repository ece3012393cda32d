// Properties of business time over many instants from a fixed-seed generator (so a failure
// reproduces): adding and measuring are inverse, durations add up, and the fast arithmetic
// agrees with counting minute by minute against the rule written out plainly.

#include <gtest/gtest.h>

#include <random>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::calendar {
namespace {

using namespace std::chrono;

const BusinessCalendar& standard() {
  static const BusinessCalendar calendar = BusinessCalendar::standard();
  return calendar;
}

const Schedule& business() { return *standard().find_schedule(kBusinessSchedule); }

class Instants {
 public:
  // Instants from 2018 to 2027, on a minute boundary or (with `exact`) any microsecond.
  core::Instant any(bool exact = false) {
    const auto first = core::from_tokyo(2018y / 1 / 1, 0min);
    const auto span = duration_cast<microseconds>(days{3650});
    auto offset =
        microseconds{std::uniform_int_distribution<std::int64_t>(0, span.count())(random_)};
    if (!exact) offset = floor<minutes>(offset);
    return first + offset;
  }
  // Up to `max` later, on the same kind of boundary as `from`.
  core::Instant later(core::Instant from, minutes max) {
    return from + minutes{std::uniform_int_distribution<std::int64_t>(0, max.count())(random_)};
  }
  microseconds amount(minutes max, bool exact = false) {
    auto value = microseconds{std::uniform_int_distribution<std::int64_t>(
        0, duration_cast<microseconds>(max).count())(random_)};
    return exact ? value : floor<minutes>(value);
  }

 private:
  std::mt19937_64 random_{20261122};
};

constexpr minutes kMonth = days{31};

// The rule as a person would state it, one minute at a time: a weekday, not a holiday, not
// Dec 29 - Jan 3, between 09:00 and 18:00 Tokyo time.
bool minute_counts(core::Instant minute_start) {
  const auto tokyo = core::to_tokyo(minute_start);
  const auto month = tokyo.date.month();
  const auto day = tokyo.date.day();
  const bool year_end = (month == December && day >= 29d) || (month == January && day <= 3d);
  const bool weekend = tokyo.weekday == Saturday || tokyo.weekday == Sunday;
  const bool holiday = standard().holidays().find(tokyo.date) != nullptr;
  return !weekend && !holiday && !year_end && tokyo.time_of_day >= 9h && tokyo.time_of_day < 18h;
}

minutes count_minute_by_minute(core::Instant from, core::Instant to) {
  minutes total{0};
  for (auto t = from; t < to; t += 1min) total += minute_counts(t) ? 1min : 0min;
  return total;
}

TEST(CalendarBusinessTimeProperties, DurationAgreesWithCountingMinuteByMinute) {
  Instants instants;
  for (int i = 0; i < 150; ++i) {
    const auto from = instants.any();
    const auto to = instants.later(from, kMonth);
    EXPECT_EQ(standard().business_duration(from, to, business()).value(),
              count_minute_by_minute(from, to))
        << core::format_rfc3339(from) << " to " << core::format_rfc3339(to);
  }
}

TEST(CalendarBusinessTimeProperties, MeasuringWhatWasAddedGivesTheAmountBack) {
  Instants instants;
  for (const auto& schedule : standard().schedules()) {
    for (int i = 0; i < 2000; ++i) {
      const auto from = instants.any(true);
      const auto amount = instants.amount(kMonth, true);
      const auto end = standard().add_business_time(from, amount, schedule).value();
      ASSERT_EQ(standard().business_duration(from, end, schedule).value(), amount)
          << schedule.name << ": " << core::format_rfc3339(from) << " + " << amount.count() << "us";
      ASSERT_GE(end, from);
    }
  }
}

TEST(CalendarBusinessTimeProperties, AddingWhatWasMeasuredReachesAnEndWithinHours) {
  Instants instants;
  int checked = 0;
  for (int i = 0; i < 4000; ++i) {
    const auto from = instants.any(true);
    const auto to = instants.later(from, kMonth) + microseconds{i};
    if (!standard().is_within_business_hours(to, business()).value()) continue;
    const auto measured = standard().business_duration(from, to, business()).value();
    if (measured == 0us) continue;  // adding nothing answers `from`, by definition
    ++checked;
    ASSERT_EQ(standard().add_business_time(from, measured, business()).value(), to)
        << core::format_rfc3339(from) << " to " << core::format_rfc3339(to);
  }
  EXPECT_GT(checked, 500);  // a fifth of all instants are in business hours
}

TEST(CalendarBusinessTimeProperties, DurationsOfAdjacentSpansAddUp) {
  Instants instants;
  for (int i = 0; i < 2000; ++i) {
    const auto a = instants.any(true);
    const auto b = instants.later(a, kMonth);
    const auto c = instants.later(b, kMonth);
    const auto& s = business();
    ASSERT_EQ(standard().business_duration(a, b, s).value() +
                  standard().business_duration(b, c, s).value(),
              standard().business_duration(a, c, s).value());
  }
}

TEST(CalendarBusinessTimeProperties, AddingMoreNeverEndsEarlier) {
  Instants instants;
  for (int i = 0; i < 2000; ++i) {
    const auto from = instants.any();
    const auto smaller = instants.amount(kMonth);
    const auto larger = smaller + instants.amount(days{3});
    ASSERT_LE(standard().add_business_time(from, smaller, business()).value(),
              standard().add_business_time(from, larger, business()).value());
  }
}

TEST(CalendarBusinessTimeProperties, AClockStartsInsideHoursWithoutLosingTime) {
  Instants instants;
  for (int i = 0; i < 2000; ++i) {
    const auto at = instants.any(true);
    const auto start = standard().clock_start(at, business()).value();
    ASSERT_TRUE(standard().is_within_business_hours(start, business()).value())
        << core::format_rfc3339(at);
    ASSERT_EQ(standard().business_duration(at, start, business()).value(), 0us)
        << core::format_rfc3339(at);
  }
}

}  // namespace
}  // namespace opsdesk::calendar
