// Fault response service hours (障害対応時間帯, 平日 9:00～18:00): every response activity and
// every maintainer action on an incident is inside or outside the `business` schedule's hours;
// out-of-hours work (emergency response) is listed with its event, never hidden.

#include <gtest/gtest.h>

#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla {
namespace {

using namespace std::chrono_literals;
using testing::IncidentHistory;

TEST(ResponseHours, ClassifiesEveryActionAgainstTheBusinessSchedule) {
  IncidentHistory incident("i1");
  incident
      .detect("2026-12-05T22:00", {"soumu"})             // Saturday night
      .first_notice("soumu", "2026-12-05T22:30")         // outside: a Saturday
      .activity("2026-12-07T10:00", "2026-12-07T11:00")  // inside
      .activity("2026-12-07T17:30", "2026-12-07T19:00")  // runs past 18:00: outside
      .restore("2026-12-07T17:59");                      // inside
  const auto clocks = incident.clocks("2026-12-10T00:00");
  ASSERT_TRUE(clocks.response_hours.has_value());
  const auto& hours = *clocks.response_hours;
  EXPECT_EQ(hours.schedule, "business");
  ASSERT_EQ(hours.actions.size(), 4u);  // the detection itself is not work
  EXPECT_EQ(hours.actions[0].action.kind, "first_notice");
  EXPECT_FALSE(hours.actions[0].inside);
  EXPECT_EQ(hours.actions[0].action.tenant, "soumu");
  EXPECT_TRUE(hours.actions[1].inside);
  EXPECT_EQ(hours.actions[1].business, 1h);
  EXPECT_FALSE(hours.actions[2].inside);
  EXPECT_EQ(hours.actions[2].wall, 1h + 30min);
  EXPECT_EQ(hours.actions[2].business, 30min);
  EXPECT_EQ(hours.actions[2].action.by, "yamada");
  EXPECT_EQ(hours.actions[2].action.evidence.event_id, "i1-e4");
  EXPECT_TRUE(hours.actions[3].inside);
  EXPECT_EQ(hours.inside, 2);
  EXPECT_EQ(hours.outside, 2);
}

TEST(ResponseHours, TheClosingInstantIsOutside) {
  IncidentHistory incident("i1");
  incident.detect("2026-12-07T10:00", {"soumu"}).restore("2026-12-07T18:00");
  const auto hours = *incident.clocks("2026-12-10T00:00").response_hours;
  ASSERT_EQ(hours.actions.size(), 1u);
  EXPECT_FALSE(hours.actions[0].inside);
}

}  // namespace
}  // namespace opsdesk::sla
