// Task and occurrence states survive a snapshot exactly.

#include "services/scheduling/schedule_aggregates.hpp"
#include "services/scheduling/tests/test_support.hpp"

namespace opsdesk::scheduling {
namespace {

using namespace testing;

TEST(StateCodec, ATaskWithVersionsPausesAndRetirement) {
  ReviseTask revise;
  revise.effective_from = date("2026-12-01");
  revise.time_of_day = 14h;
  revise.reason = "午後に変更";
  revise.by = "ops-lead";
  revise.at = kNow;
  auto task = given_task({define("FREQ=MONTHLY;BYDAY=-1FR", "previous_business_day", "2026-04-01"),
                          revise, SuspendTask{date("2027-01-01"), "更改", "ops-lead", kNow},
                          ResumeTask{date("2027-02-01"), "", "ops-lead", kNow},
                          RetireTask{date("2027-04-01"), "終了", "ops-lead", kNow}});
  auto decoded = decode_task_state(encode_state(task));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, task);
}

TEST(StateCodec, AnOccurrenceWithResults) {
  auto task = given_task({define("FREQ=DAILY", "next_business_day", "2026-04-01")});
  auto plan = planned_occurrence(task, calendar::BusinessCalendar::standard(), date("2026-11-28"));
  ASSERT_TRUE(plan.has_value());
  OccurrenceState state;
  for (const auto& command : std::vector<OccurrenceCommand>{
           CompleteOccurrence{*plan, {"soumu"}, "manual_done", "手動", "op", kNow},
           RecordOverdue{*plan}}) {
    auto events = decide(state, command, at("2026-12-01T10:00:00+09:00"));
    ASSERT_TRUE(events.has_value()) << events.error().message;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  auto decoded = decode_occurrence_state(encode_state(state));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, state);
}

TEST(StateCodec, APlansApprovals) {
  PlanApprovalState state;
  state.period = "2026-12";
  state.version = 2;
  state.approvals = {{"soumu", "佐藤", std::string(64, 'a'), 3, "", kNow, "desk"},
                     {"houmu", "鈴木", std::string(64, 'b'), 4, "会議で承認", kNow, "desk"}};
  auto decoded = decode_plan_approval_state(encode_state(state));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, state);
}

TEST(StateCodec, GarbageIsRefusedWithAReason) {
  EXPECT_FALSE(decode_task_state("{}").has_value());
  EXPECT_FALSE(decode_occurrence_state("not json").has_value());
}

}  // namespace
}  // namespace opsdesk::scheduling
