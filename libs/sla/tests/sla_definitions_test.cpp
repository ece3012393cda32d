// The SLA definitions file: the built-in six rows of 別表1, and a clear message naming the row
// and field for every mistake in a configured file.

#include "libs/sla/sla_definitions.hpp"

#include <gtest/gtest.h>

#include "libs/core/duration_text.hpp"
#include "libs/sla/definitions_yaml.hpp"

namespace opsdesk::sla {
namespace {

using namespace std::chrono_literals;

const calendar::BusinessCalendar& standard() {
  static const auto calendar = calendar::BusinessCalendar::standard();
  return calendar;
}

std::string error_of(const std::string& yaml) {
  auto parsed = parse_sla_definitions(yaml, standard());
  EXPECT_FALSE(parsed.has_value());
  return parsed ? "" : parsed.error();
}

std::string one_row(const std::string& fields) {
  return "definitions:\n  - id: first_notice\n    label_ja: 通知\n    label_en: Notice\n" + fields;
}

TEST(SlaDefinitions, TheBuiltInFileHasTheSixRowsOfTheContract) {
  const auto defaults = default_sla_definitions();
  ASSERT_EQ(defaults.rows.size(), 6u);
  EXPECT_EQ(defaults.rows[0].label_ja, "障害対応時間帯");
  const auto* notice = defaults.find(TargetKind::first_notice);
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->goal_duration, 1h + 30min);
  EXPECT_EQ(notice->schedule, "business");
  EXPECT_EQ(notice->thresholds, (std::vector<int>{50, 75, 100}));
  EXPECT_EQ(notice->target_ja, "1時間半");
  EXPECT_EQ(defaults.find(TargetKind::progress_cadence)->reports_per_business_day, 1);
}

TEST(SlaDefinitions, GoalDurationsAreHoursMinutesSeconds) {
  EXPECT_EQ(core::parse_duration_text("1h30m").value(), 1h + 30min);
  EXPECT_EQ(core::parse_duration_text("45m").value(), 45min);
  EXPECT_EQ(core::parse_duration_text("2h").value(), 2h);
  EXPECT_EQ(core::parse_duration_text("1h0m30s").value(), 1h + 30s);
  for (const char* bad : {"", "90", "1.5h", "30m1h", "0m", "1h1h", "h", "1d"})
    EXPECT_FALSE(core::parse_duration_text(bad).has_value()) << bad;
}

TEST(SlaDefinitions, ErrorsNameTheRowTheFieldAndWhatIsAllowed) {
  EXPECT_NE(error_of(one_row("    kind: first_notice\n    goal: soon\n"))
                .find("row 1 (first_notice), field 'goal'"),
            std::string::npos);
  const auto kind = error_of(one_row("    kind: mttr\n    goal: 1h\n"));
  EXPECT_NE(kind.find("field 'kind' is 'mttr'"), std::string::npos);
  EXPECT_NE(kind.find("progress_cadence"), std::string::npos);
  const auto schedule =
      error_of(one_row("    kind: first_notice\n    goal: 1h\n    schedule: night\n"));
  EXPECT_NE(schedule.find("'night'"), std::string::npos);
  EXPECT_NE(schedule.find("24x7"), std::string::npos);
  EXPECT_NE(error_of(one_row("    kind: first_notice\n    goal: 1h\n    thresholds: [75, 50]\n"))
                .find("ascending"),
            std::string::npos);
  EXPECT_NE(
      error_of(one_row("    kind: progress_cadence\n    goal: daily\n")).find("N per business day"),
      std::string::npos);
  EXPECT_NE(error_of(one_row("    goal: 1h\n")).find("field 'kind' is missing"), std::string::npos);
  EXPECT_NE(error_of("definitions: []\n").find("non-empty list"), std::string::npos);
  EXPECT_NE(error_of("definitions: [").find("not valid YAML"), std::string::npos);
  EXPECT_NE(error_of("just text").find("must be a mapping"), std::string::npos);
}

TEST(SlaDefinitions, AKindOrIdMayAppearOnlyOnce) {
  const std::string row = "    kind: first_notice\n    goal: 1h\n";
  const auto twice = one_row(row) + "  - id: again\n    label_ja: x\n    label_en: x\n" + row;
  EXPECT_NE(error_of(twice).find("appears twice"), std::string::npos);
}

TEST(SlaDefinitions, AFileMayMoveAClockToRoundTheClock) {
  auto parsed = parse_sla_definitions(
      one_row("    kind: first_notice\n    goal: 2h\n    schedule: 24x7\n"), standard());
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  EXPECT_EQ(parsed->rows[0].schedule, "24x7");
  EXPECT_EQ(parsed->rows[0].goal_duration, 2h);
}

}  // namespace
}  // namespace opsdesk::sla
