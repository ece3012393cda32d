// The term's modification effort against the contract's cap: each threshold of each measure is
// recorded once.

#include "services/changes/domain/effort_cap.hpp"

#include <gtest/gtest.h>

#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

RecordThreshold reached(std::uint32_t threshold, std::string measure, double hours) {
  return {"2026", threshold, std::move(measure), "cpi", hours, 320, 160, kNow};
}

TEST(EffortCap, EightyPercentOfTwoPersonMonthsIs256Hours) {
  EffortCapState none;
  EXPECT_TRUE(thresholds_to_record(none, "ac", 255.9, 320).empty());
  EXPECT_EQ(thresholds_to_record(none, "ac", 256, 320), std::vector<std::uint32_t>{80});
  EXPECT_EQ(thresholds_to_record(none, "eac", 330, 320), (std::vector<std::uint32_t>{80, 100}));
}

TEST(EffortCap, EachThresholdOfEachMeasureIsRecordedOnce) {
  auto state = given<EffortCapState>(std::vector<EffortCapCommand>{reached(80, "eac", 300)});
  EXPECT_TRUE(state.has(80, "eac"));
  EXPECT_FALSE(state.has(80, "ac"));
  EXPECT_EQ(thresholds_to_record(state, "eac", 310, 320), std::vector<std::uint32_t>{});
  auto again = decide(state, EffortCapCommand{reached(80, "eac", 310)}, kNow);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().rule, "threshold-recorded");
  EXPECT_TRUE(decide(state, EffortCapCommand{reached(80, "ac", 260)}, kNow).has_value());
}

TEST(EffortCap, AThresholdNotReachedIsNotRecorded) {
  auto early = decide(EffortCapState{}, EffortCapCommand{reached(100, "ac", 319)}, kNow);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().rule, "threshold-not-reached");
}

}  // namespace
}  // namespace opsdesk::changes
