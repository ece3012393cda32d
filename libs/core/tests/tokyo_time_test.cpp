#include "libs/core/tokyo_time.hpp"

#include <gtest/gtest.h>

namespace opsdesk::core {
namespace {

using namespace std::chrono;

TEST(TokyoTime, UtcEveningIsNextMorningInTokyo) {
  auto at = parse_rfc3339("2026-11-22T23:30:00Z").value();
  auto tokyo = to_tokyo(at);
  EXPECT_EQ(tokyo.date, year{2026} / November / 23);
  EXPECT_EQ(tokyo.weekday, Monday);
  EXPECT_EQ(tokyo.time_of_day, hours{8} + minutes{30});
}

TEST(TokyoTime, FromTokyoIsTheInverse) {
  auto nine_am = from_tokyo(year{2026} / April / 1, hours{9});
  EXPECT_EQ(format_rfc3339(nine_am), "2026-04-01T00:00:00Z");
  EXPECT_EQ(to_tokyo(nine_am).time_of_day, hours{9});
}

}  // namespace
}  // namespace opsdesk::core
