// Named schedules: the defaults of the contract, and what operators may configure.

#include "libs/calendar/schedule.hpp"

#include <gtest/gtest.h>

namespace opsdesk::calendar {
namespace {

using namespace std::chrono;

TEST(CalendarSchedule, TheDefaultsAreTheContractsHours) {
  const auto schedules = default_schedules();
  ASSERT_EQ(schedules.size(), 3u);
  EXPECT_EQ(schedules[0], (Schedule{"business", 9h, 18h, false}));
  EXPECT_EQ(schedules[1], (Schedule{"centre_room", 9h, 17h + 45min, false}));
  EXPECT_EQ(schedules[2], (Schedule{"24x7", 0h, 24h, true}));
  EXPECT_EQ(describe_hours(schedules[0]), "09:00-18:00");
  EXPECT_EQ(describe_hours(schedules[1]), "09:00-17:45");
  EXPECT_EQ(describe_hours(schedules[2]), "24x7");
}

TEST(CalendarSchedule, ParsesNameAndHours) {
  EXPECT_EQ(parse_schedule("night_desk=18:00-22:00").value(),
            (Schedule{"night_desk", 18h, 22h, false}));
  EXPECT_EQ(parse_schedule("late=20:00-24:00").value().closes, 24h);
  const auto list = parse_schedule_list("business=08:30-17:30,night_desk=18:00-22:00").value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].opens, 8h + 30min);
  EXPECT_TRUE(parse_schedule_list("").value().empty());
}

TEST(CalendarSchedule, RefusesWhatIsNotAScheduleAndSaysWhy) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"business", "name=HH:MM-HH:MM"},
      {"Business=09:00-18:00", "lower-case"},
      {"=09:00-18:00", "not a schedule name"},
      {"business=9:00-18:00", "HH:MM"},
      {"business=09:00-24:30", "00:00 to 24:00"},
      {"business=09:60-18:00", "00:00 to 24:00"},
      {"business=18:00-09:00", "not after it opens"},
      {"business=09:00-09:00", "not after it opens"},
  };
  for (const auto& [spec, reason] : cases) {
    const auto parsed = parse_schedule(spec);
    ASSERT_FALSE(parsed.has_value()) << spec;
    EXPECT_NE(parsed.error().find(reason), std::string::npos) << spec << ": " << parsed.error();
  }
  EXPECT_FALSE(parse_schedule_list("business=09:00-18:00,,x=01:00-02:00"));
}

TEST(CalendarSchedule, ConfiguredSchedulesReplaceOrJoinTheDefaults) {
  const auto merged =
      merge_schedules(parse_schedule_list("business=08:30-17:30,night_desk=18:00-22:00").value())
          .value();
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[0], (Schedule{"business", 8h + 30min, 17h + 30min, false}));
  EXPECT_EQ(merged[1].name, "centre_room");
  EXPECT_EQ(merged[3].name, "night_desk");

  const auto round_the_clock = merge_schedules({parse_schedule("24x7=00:00-24:00").value()});
  ASSERT_FALSE(round_the_clock);
  EXPECT_NE(round_the_clock.error().find("cannot be redefined"), std::string::npos);
  const auto twice = merge_schedules(parse_schedule_list("a=01:00-02:00,a=03:00-04:00").value());
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().find("configured twice"), std::string::npos);
}

}  // namespace
}  // namespace opsdesk::calendar
