// The daily virus-scan check of each terminal (仕様書 4.(3)①ウ): a risk or a detection, or 3
// consecutive business days not done, needs attention, recorded once per episode with the
// record that starts it; a scan done ends the episode.

#include "services/scheduling/domain/virus_scan.hpp"

#include "services/scheduling/tests/test_support.hpp"

namespace opsdesk::scheduling {
namespace {

using namespace testing;

// Business days before a day, as the route reads them from the calendar: Mon 2026-11-16 …
RecordVirusScan scan(const char* day, const char* state, std::vector<const char*> before = {}) {
  RecordVirusScan c;
  c.tenant = "soumu";
  c.terminal = "PC-012";
  c.day = date(day);
  c.state = state;
  c.note = std::string(state) == "done" ? "" : "担当者不在";
  for (const auto* d : before) c.previous_business_days.push_back(date(d));
  c.by = "ops-1";
  c.at = at("2026-11-20T10:00:00+09:00");
  return c;
}

const auto kNowFriday = at("2026-11-20T12:00:00+09:00");

struct Given {
  TerminalState state;
  std::vector<std::string> types;  // of the last decision's events

  Given& when(const RecordVirusScan& c) {
    auto events = decide(state, c, kNowFriday);
    EXPECT_TRUE(events.has_value()) << (events ? "" : events.error().message);
    types.clear();
    for (const auto& e : events.value_or(std::vector<VirusScanEvent>{})) {
      types.push_back(std::visit([](const auto& m) { return m.GetTypeName(); }, e));
      state = evolve(std::move(state), e);
    }
    return *this;
  }
};

const std::string kRecorded = "opsdesk.scheduling.v1.VirusScanRecorded";
const std::string kAttention = "opsdesk.scheduling.v1.VirusScanAttentionRequired";

TEST(VirusScan, ADetectionNeedsAttentionOncePerEpisode) {
  Given g;
  g.when(scan("2026-11-16", "detected", {"2026-11-13", "2026-11-12"}));
  EXPECT_EQ(g.types, (std::vector<std::string>{kRecorded, kAttention}));
  EXPECT_EQ(g.state.attention->reason, "detected");
  g.when(scan("2026-11-17", "risk", {"2026-11-16", "2026-11-13"}));
  EXPECT_EQ(g.types, (std::vector<std::string>{kRecorded})) << "the same episode";
  g.when(scan("2026-11-18", "done", {"2026-11-17", "2026-11-16"}));
  EXPECT_FALSE(g.state.attention.has_value()) << "a scan done ends it";
  g.when(scan("2026-11-19", "risk", {"2026-11-18", "2026-11-17"}));
  EXPECT_EQ(g.types, (std::vector<std::string>{kRecorded, kAttention})) << "a new episode";
  EXPECT_EQ(g.state.attentions_raised, 2u);
}

TEST(VirusScan, ThreeConsecutiveBusinessDaysNotDoneNeedAttention) {
  Given g;
  // Fri 11-13, Mon 11-16, Tue 11-17: the weekend between does not break the run.
  g.when(scan("2026-11-13", "not_done", {"2026-11-12", "2026-11-11"}));
  g.when(scan("2026-11-16", "not_done", {"2026-11-13", "2026-11-12"}));
  EXPECT_EQ(g.types, (std::vector<std::string>{kRecorded}));
  g.when(scan("2026-11-17", "not_done", {"2026-11-16", "2026-11-13"}));
  EXPECT_EQ(g.types, (std::vector<std::string>{kRecorded, kAttention}));
  EXPECT_EQ(g.state.attention->reason, "not_done_3_business_days");
  ASSERT_EQ(g.state.attention->days.size(), 3u);
  EXPECT_EQ(g.state.attention->days.front(), date("2026-11-13"));
  g.when(scan("2026-11-18", "not_done", {"2026-11-17", "2026-11-16"}));
  EXPECT_EQ(g.types, (std::vector<std::string>{kRecorded})) << "once per episode";
}

TEST(VirusScan, ADayDoneOrMissingBreaksTheRun) {
  Given g;
  g.when(scan("2026-11-13", "not_done", {"2026-11-12", "2026-11-11"}));
  // Nothing recorded for Monday 11-16.
  g.when(scan("2026-11-17", "not_done", {"2026-11-16", "2026-11-13"}));
  EXPECT_EQ(g.types, (std::vector<std::string>{kRecorded}));
  // A later record for a day replaces the earlier one.
  g.when(scan("2026-11-13", "done"));
  EXPECT_EQ(g.state.on(date("2026-11-13"))->state, "done");
  EXPECT_EQ(g.state.days.size(), 2u);
}

TEST(VirusScan, RefusalsNameTheField) {
  auto bad = scan("2026-11-21", "maybe");
  bad.terminal = "PC 012/x";
  bad.tenant = "nowhere";
  bad.note = "";  // a state other than done says why
  auto refused = decide(TerminalState{}, bad, kNowFriday);
  ASSERT_FALSE(refused.has_value());
  std::vector<std::string> fields;
  for (const auto& f : refused.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"tenant", "terminal", "state", "day", "note"}));
}

}  // namespace
}  // namespace opsdesk::scheduling
