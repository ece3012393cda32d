// An occurrence's rules as given / when / then: results per association, skip, reschedule, and
// the overdue record that is made once per due time.

#include "services/scheduling/domain/occurrence.hpp"

#include "services/scheduling/tests/test_support.hpp"

namespace opsdesk::scheduling {
namespace {

using namespace testing;

const auto kCalendar = calendar::BusinessCalendar::standard();

// The 2026-11-23 occurrence of the monthly check, planned on Friday 11-20 10:00, due 12:00.
PlannedOccurrence november_check(std::vector<std::string> tenants = {"all_centre"}) {
  auto task = given_task({define("FREQ=MONTHLY;BYMONTHDAY=23", "previous_business_day",
                                 "2026-04-23", std::move(tenants))});
  return planned_occurrence(task, kCalendar, date("2026-11-23")).value();
}

const core::Instant kDone = at("2026-11-20T11:00:00+09:00");
const core::Instant kAfterDue = at("2026-11-20T13:00:00+09:00");

CompleteOccurrence complete(std::vector<std::string> tenants, std::string result = "ok",
                            std::string evidence = "") {
  return {november_check({"soumu", "houmu"}),
          std::move(tenants),
          std::move(result),
          std::move(evidence),
          "operator-1",
          kDone};
}

OccurrenceState given(const std::vector<OccurrenceCommand>& commands,
                      core::Instant now = kAfterDue) {
  OccurrenceState state;
  for (const auto& command : commands) {
    auto events = decide(state, command, now);
    EXPECT_TRUE(events.has_value())
        << (events ? "" : events.error().rule + ": " + events.error().message);
    if (!events) break;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  return state;
}

std::string refused(const OccurrenceState& state, const OccurrenceCommand& command,
                    core::Instant now = kAfterDue) {
  auto decided = decide(state, command, now);
  EXPECT_FALSE(decided.has_value());
  return decided ? "" : decided.error().rule;
}

TEST(Occurrence, AResultPerAssociation) {
  auto state = given({complete({"soumu"})});
  EXPECT_EQ(state.id, kTaskId + "-20261123");
  EXPECT_EQ(state.open_tenants(), (std::vector<std::string>{"houmu"}));
  EXPECT_EQ(occurrence_status(state, kDone), "in_progress");
  EXPECT_EQ(occurrence_status(state, kAfterDue), "overdue");
  EXPECT_EQ(refused(state, complete({"soumu"})), "already-completed");
  auto done = given({complete({"soumu"}), complete({})});
  EXPECT_TRUE(done.done());
  EXPECT_EQ(occurrence_status(done, kAfterDue), "done");
  EXPECT_EQ(refused(done, complete({})), "occurrence-done");
}

TEST(Occurrence, AFailedOrManualResultSaysWhy) {
  auto decided = decide({}, complete({}, "manual_done"), kAfterDue);
  ASSERT_FALSE(decided.has_value());
  EXPECT_EQ(decided.error().fields.at(0).field, "evidence");
  auto manual = given({complete({}, "manual_done", "自動バックアップ失敗、手動バックアップ実施")});
  EXPECT_EQ(occurrence_status(manual, kAfterDue), "done");
  auto failed = given({complete({"soumu"}, "failed", "媒体エラー"), complete({"houmu"})});
  EXPECT_EQ(occurrence_status(failed, kAfterDue), "failed");
}

TEST(Occurrence, AnAssociationIsNamedOnce) {
  auto decided = decide({}, complete({"soumu", "soumu"}), kAfterDue);
  ASSERT_FALSE(decided.has_value());
  EXPECT_EQ(decided.error().fields.at(0).field, "tenants[1]");
}

TEST(Occurrence, DueBeforeTheTaskWasDefinedIsNotRecordedRatherThanOverdue) {
  OccurrenceState unrecorded;
  unrecorded.plan = november_check({"soumu"});
  EXPECT_EQ(occurrence_status(unrecorded, kAfterDue), "overdue");
  unrecorded.plan.due_before_definition = true;
  EXPECT_EQ(occurrence_status(unrecorded, kAfterDue), "not_recorded");
}

TEST(Occurrence, OnlyItsOwnAssociations) {
  auto decided = decide({}, complete({"bouei"}), kAfterDue);
  ASSERT_FALSE(decided.has_value());
  EXPECT_EQ(decided.error().fields.at(0).field, "tenants[0]");
}

TEST(Occurrence, TheRecordedPlanCountsOnceThereIsOne) {
  auto plan = november_check({"soumu", "houmu"});
  RescheduleOccurrence move{plan,
                            at("2026-11-24T15:00:00+09:00"),
                            at("2026-11-24T17:00:00+09:00"),
                            "機器停止のため",
                            "operator-1",
                            kDone};
  auto state = given({move});
  EXPECT_EQ(state.plan.planned_start, at("2026-11-24T15:00:00+09:00"));
  EXPECT_EQ(state.plan.planned_end, at("2026-11-24T15:30:00+09:00"));
  EXPECT_EQ(calendar::format_iso_date(state.plan.day), "2026-11-24");
  // A later command carrying the plan as expanded now does not move it back.
  auto completed = given({move, complete({})}, at("2026-11-24T16:00:00+09:00"));
  EXPECT_EQ(completed.plan.due_at, at("2026-11-24T17:00:00+09:00"));
}

TEST(Occurrence, OverdueIsRecordedOncePerDueTime) {
  auto plan = november_check({"soumu", "houmu"});
  EXPECT_EQ(refused({}, RecordOverdue{plan}, kDone), "not-due-yet");
  auto overdue = given({complete({"soumu"}), RecordOverdue{plan}});
  EXPECT_EQ(overdue.overdue_at, plan.due_at);
  EXPECT_EQ(refused(overdue, RecordOverdue{plan}), "overdue-already-recorded");
  // Rescheduled, it may be overdue again for its new due time.
  auto moved =
      given({RecordOverdue{plan},
             RescheduleOccurrence{plan, at("2026-11-24T10:00:00+09:00"),
                                  at("2026-11-24T12:00:00+09:00"), "延期", "op", kAfterDue}},
            kAfterDue);
  EXPECT_EQ(refused(moved, RecordOverdue{plan}, at("2026-11-24T11:00:00+09:00")), "not-due-yet");
  auto events = decide(moved, RecordOverdue{plan}, at("2026-11-24T12:30:00+09:00"));
  ASSERT_TRUE(events.has_value());
  auto done = given({complete({})});
  EXPECT_EQ(refused(done, RecordOverdue{plan}), "not-overdue");
}

TEST(Occurrence, SkippedIsSettled) {
  auto plan = november_check({"soumu", "houmu"});
  auto skipped = given({SkipOccurrence{plan, "計画停電のため", "ops-lead", kDone}});
  EXPECT_EQ(occurrence_status(skipped, kAfterDue), "skipped");
  EXPECT_EQ(refused(skipped, complete({})), "occurrence-skipped");
}

}  // namespace
}  // namespace opsdesk::scheduling
