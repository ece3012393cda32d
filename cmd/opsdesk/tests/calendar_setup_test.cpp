// The calendar a process builds from its settings: the override file is read and checked at
// start, and a bad one stops the start with its path, line and reason.

#include "cmd/opsdesk/calendar_setup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "libs/calendar/holiday_file.hpp"

namespace opsdesk::cli {
namespace {

using namespace std::chrono;

class CalendarSetup : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }

  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("opsdesk-calendar-setup-" + std::to_string(::getpid()));
};

TEST_F(CalendarSetup, WithoutSettingsItIsTheLawsCalendar) {
  const auto calendar = build_calendar(Settings{});
  ASSERT_TRUE(calendar.has_value()) << calendar.error();
  EXPECT_FALSE(calendar->is_business_day(2026y / 9 / 22).value());
  EXPECT_EQ(calendar->schedule_names(), "business, centre_room, 24x7");
}

TEST_F(CalendarSetup, TheHolidaysFileAndExtraDaysShapeTheCalendar) {
  Settings settings;
  settings.calendar_holidays_file =
      write("syukujitsu.csv", std::string(calendar::kHolidayFileHeader) +
                                  "\r\n2027/1/1,元日\r\n2027/3/22,春分の日\r\n");
  settings.calendar_extra_closures = {2026y / 11 / 24};
  settings.calendar_extra_working_days = {2026y / 12 / 29};
  settings.calendar_schedules = calendar::parse_schedule_list("night_desk=18:00-22:00").value();
  const auto calendar = build_calendar(settings);
  ASSERT_TRUE(calendar.has_value()) << calendar.error();
  EXPECT_FALSE(calendar->is_business_day(2027y / 3 / 22).value());
  EXPECT_TRUE(calendar->is_business_day(2027y / 5 / 3).value());
  EXPECT_FALSE(calendar->is_business_day(2026y / 11 / 24).value());
  EXPECT_TRUE(calendar->is_business_day(2026y / 12 / 29).value());
  EXPECT_NE(calendar->find_schedule("night_desk"), nullptr);
}

TEST_F(CalendarSetup, AMalformedHolidaysFileIsRefusedWithPathLineAndReason) {
  Settings settings;
  settings.calendar_holidays_file = write("bad.csv", std::string(calendar::kHolidayFileHeader) +
                                                         "\n2027/1/1,元日\n2027/2/30,春分の日\n");
  const auto calendar = build_calendar(settings);
  ASSERT_FALSE(calendar.has_value());
  EXPECT_EQ(calendar.error(),
            "calendar.holidays_file " + settings.calendar_holidays_file.string() +
                ": line 3: '2027/2/30' is not a date of the calendar (no such day)");
}

TEST_F(CalendarSetup, AMissingHolidaysFileOrContradictoryDaysAreRefused) {
  Settings missing;
  missing.calendar_holidays_file = dir_ / "nowhere.csv";
  EXPECT_EQ(build_calendar(missing).error(), "calendar.holidays_file " +
                                                 missing.calendar_holidays_file.string() +
                                                 ": cannot read the file");

  Settings both;
  both.calendar_extra_closures = {2026y / 11 / 24};
  both.calendar_extra_working_days = {2026y / 11 / 24};
  EXPECT_EQ(build_calendar(both).error(),
            "calendar: 2026-11-24 is both an extra closure and an extra working day");
}

}  // namespace
}  // namespace opsdesk::cli
