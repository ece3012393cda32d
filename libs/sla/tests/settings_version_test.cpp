// What counts as a change of the settings the SLA figures are computed with, and how it reads.

#include "libs/sla/settings_version.hpp"

#include <gtest/gtest.h>

#include "libs/sla/definitions_yaml.hpp"

namespace opsdesk::sla {
namespace {

using std::chrono::year;

SettingsSnapshot standard_settings() {
  return snapshot_settings(std::string(default_sla_definitions_yaml()), default_sla_definitions(),
                           calendar::BusinessCalendar::standard());
}

TEST(SettingsVersion, TheSameSettingsHaveTheSameFingerprints) {
  const auto a = standard_settings();
  const auto b = standard_settings();
  EXPECT_EQ(a.definitions_fingerprint(), b.definitions_fingerprint());
  EXPECT_EQ(a.calendar_fingerprint(), b.calendar_fingerprint());
  EXPECT_TRUE(describe_changes(a, b).empty());
}

TEST(SettingsVersion, TheCalendarListsHolidaysOnWeekdays) {
  const auto settings = standard_settings();
  const auto& e = settings.calendar_exceptions;
  EXPECT_NE(std::find(e.begin(), e.end(), "2026-11-23 closed"), e.end());  // 勤労感謝の日
  EXPECT_NE(std::find(e.begin(), e.end(), "2026-12-29 closed"), e.end());  // year-end closure
  EXPECT_EQ(std::find(e.begin(), e.end(), "2026-11-22 closed"), e.end());  // a Sunday
}

TEST(SettingsVersion, AChangedGoalIsNamedWithItsOldAndNewValue) {
  const auto before = standard_settings();
  auto definitions = default_sla_definitions();
  for (auto& row : definitions.rows)
    if (row.id == "first_notice") row.goal_text = "2h";
  const auto after =
      snapshot_settings("changed", definitions, calendar::BusinessCalendar::standard());
  EXPECT_NE(before.definitions_fingerprint(), after.definitions_fingerprint());
  EXPECT_EQ(before.calendar_fingerprint(), after.calendar_fingerprint());
  EXPECT_EQ(describe_changes(before, after),
            (std::vector<std::string>{"first_notice goal: 1h30m -> 2h"}));
}

TEST(SettingsVersion, AnExtraClosureAndAScheduleChangeAreNamed) {
  const auto before = standard_settings();
  calendar::BusinessCalendar::Options options;
  options.extra_closures = {year{2027} / std::chrono::May / 6};
  options.schedules = {*calendar::parse_schedule("business=08:30-17:30")};
  const auto calendar = calendar::BusinessCalendar::create(options).value();
  const auto after = snapshot_settings(std::string(default_sla_definitions_yaml()),
                                       default_sla_definitions(), calendar);
  EXPECT_NE(before.calendar_fingerprint(), after.calendar_fingerprint());
  const auto changes = describe_changes(before, after);
  EXPECT_NE(std::find(changes.begin(), changes.end(), "calendar 2027-05-06: ordinary -> closed"),
            changes.end());
  EXPECT_NE(std::find(changes.begin(), changes.end(),
                      "schedule removed or changed: business 09:00-18:00"),
            changes.end());
  EXPECT_NE(
      std::find(changes.begin(), changes.end(), "schedule added or changed: business 08:30-17:30"),
      changes.end());
}

}  // namespace
}  // namespace opsdesk::sla
