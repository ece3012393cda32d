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

TEST(FormatTokyoRfc3339, WritesTheInstantWithTheTokyoOffset) {
  // 22:38 in Tokyo is 13:38 UTC of the same day; the evening after 15:00 UTC is the next day.
  EXPECT_EQ(format_tokyo_rfc3339(parse_rfc3339("2026-12-03T13:38:00Z").value()),
            "2026-12-03T22:38:00+09:00");
  EXPECT_EQ(format_tokyo_rfc3339(parse_rfc3339("2026-12-31T15:00:00Z").value()),
            "2027-01-01T00:00:00+09:00");
  EXPECT_EQ(format_tokyo_rfc3339(parse_rfc3339("2026-12-03T13:38:00.25Z").value()),
            "2026-12-03T22:38:00.25+09:00");
}

TEST(FormatTokyoMinute, GivesTheTokyoWallClockToTheMinute) {
  EXPECT_EQ(format_tokyo_minute(parse_rfc3339("2026-12-10T00:05:59.9Z").value()),
            "2026-12-10 09:05");
  EXPECT_EQ(format_tokyo_minute(parse_rfc3339("2026-12-31T15:00:00Z").value()), "2027-01-01 00:00");
}

TEST(FormatTokyoRfc3339, ReadsBackAsTheSameInstant) {
  const auto at = parse_rfc3339("2026-11-20T08:30:45.123456Z").value();
  EXPECT_EQ(parse_rfc3339(format_tokyo_rfc3339(at)).value(), at);
}

}  // namespace
}  // namespace opsdesk::core
