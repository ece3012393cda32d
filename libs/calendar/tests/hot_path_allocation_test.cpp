// The arithmetic SLA read models call per event must not allocate: it is checked here by
// counting every operator new this thread makes while the calls run. (Replacing the global
// operator new affects the whole calendar_tests binary; it only counts, then mallocs.)

#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "libs/calendar/business_calendar.hpp"

namespace {
thread_local bool counting = false;
thread_local std::size_t allocations = 0;
}  // namespace

// g++ 12 at -O1 and above sees malloc'd memory reach free through the replaced operators and
// warns of a mismatch that is not one: both sides are this file's malloc/free.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace opsdesk::calendar {
namespace {

using namespace std::chrono;

TEST(CalendarHotPath, AddDiffAndTheirCompanionsNeverAllocate) {
  const auto calendar = BusinessCalendar::standard();
  const auto* business = calendar.find_schedule(kBusinessSchedule);
  const auto from = core::parse_rfc3339("2026-12-25T17:00:00+09:00").value();
  const auto to = core::parse_rfc3339("2027-01-20T10:00:00+09:00").value();

  allocations = 0;
  counting = true;
  const auto sum = calendar.add_business_time(from, 100h, *business);
  const auto duration = calendar.business_duration(from, to, *business);
  const auto within = calendar.is_within_business_hours(to, *business);
  const auto start = calendar.clock_start(from, *business);
  const auto next = calendar.next_business_day(2026y / 12 / 28);
  const auto count = calendar.count_business_days(2026y / 12 / 1, 2027y / 1 / 31);
  const auto failed = calendar.add_business_time(from, -1h, *business);
  counting = false;

  EXPECT_EQ(allocations, 0u);
  // And the answers were real ones, not optimised away.
  EXPECT_TRUE(sum && duration && within && start && next && count);
  EXPECT_FALSE(failed);

  counting = true;
  const auto listed =
      calendar.business_days(2026y / 12 / 1, 2027y / 1 / 31);  // a listing may allocate
  counting = false;
  EXPECT_GT(allocations, 0u) << "the counter must see an allocation when there is one";
  EXPECT_EQ(static_cast<int>(listed->size()), *count);
}

}  // namespace
}  // namespace opsdesk::calendar
