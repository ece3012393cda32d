// The settings history in sla-metrics' own RocksDB event store: the first start records the
// settings, an unchanged restart records nothing, a change records who, when and what.

#include "services/sla-metrics/settings_history.hpp"

#include <gtest/gtest.h>

#include "libs/projection/tests/projection_test_support.hpp"
#include "libs/sla/definitions_yaml.hpp"

namespace opsdesk::sla_metrics {
namespace {

const calendar::BusinessCalendar& standard() {
  static const auto calendar = calendar::BusinessCalendar::standard();
  return calendar;
}

// The built-in document with another first-notice goal, as an operator's file would have it.
sla::SettingsSnapshot settings_with_first_notice_goal(const std::string& goal) {
  std::string yaml(sla::default_sla_definitions_yaml());
  const std::string built_in = "goal: 1h30m";
  yaml.replace(yaml.find(built_in), built_in.size(), "goal: " + goal);
  return sla::snapshot_settings(yaml, sla::parse_sla_definitions(yaml, standard()).value(),
                                standard());
}

TEST(SettingsHistory, RecordsTheFirstSettingsThenOnlyChanges) {
  projection::testing::TempDir dir;
  core::ManualClock clock(core::parse_rfc3339("2026-11-22T01:00:00Z").value());
  {
    auto history = SettingsHistory::open(dir.path(), clock).value();
    ASSERT_TRUE(history->record_if_changed(settings_with_first_notice_goal("1h30m"), "sato@centre",
                                           "built-in", standard()));
    ASSERT_EQ(history->changes().size(), 1u);
    EXPECT_EQ(history->current_version(), 1);
    EXPECT_EQ(history->changes()[0].changes, (std::vector<std::string>{"first settings recorded"}));
  }
  clock.advance(std::chrono::hours{24});
  {
    // A restart with the same settings records nothing.
    auto history = SettingsHistory::open(dir.path(), clock).value();
    ASSERT_TRUE(history->record_if_changed(settings_with_first_notice_goal("1h30m"), "sato@centre",
                                           "built-in", standard()));
    EXPECT_EQ(history->current_version(), 1);
  }
  clock.advance(std::chrono::hours{24});
  {
    auto history = SettingsHistory::open(dir.path(), clock).value();
    ASSERT_TRUE(history->record_if_changed(settings_with_first_notice_goal("2h"), "suzuki@centre",
                                           "/etc/opsdesk/sla.yaml", standard()));
    ASSERT_EQ(history->changes().size(), 2u);
    const auto& change = history->changes()[1];
    EXPECT_EQ(change.version, 2);
    EXPECT_EQ(change.by, "suzuki@centre");
    EXPECT_EQ(change.source, "/etc/opsdesk/sla.yaml");
    EXPECT_EQ(change.at, core::parse_rfc3339("2026-11-24T01:00:00Z").value());
    EXPECT_EQ(change.changes, (std::vector<std::string>{"first_notice goal: 1h30m -> 2h"}));
  }
}

}  // namespace
}  // namespace opsdesk::sla_metrics
