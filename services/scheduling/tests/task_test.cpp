// The task definition's rules as given / when / then.

#include "services/scheduling/domain/task.hpp"

#include "services/scheduling/tests/test_support.hpp"

namespace opsdesk::scheduling {
namespace {

using namespace testing;

std::string refused(const TaskState& state, const TaskCommand& command, core::Instant now = kNow) {
  auto decided = decide(state, command, now);
  EXPECT_FALSE(decided.has_value());
  return decided ? "" : decided.error().rule;
}

std::vector<std::string> bad_fields(const TaskState& state, const TaskCommand& command) {
  auto decided = decide(state, command, kNow);
  EXPECT_FALSE(decided.has_value());
  std::vector<std::string> fields;
  if (!decided) {
    for (const auto& f : decided.error().fields) fields.push_back(f.field);
  }
  return fields;
}

TEST(Task, DefinedWithItsRuleEffectiveFromItsStart) {
  auto task =
      given_task({define("FREQ=MONTHLY;BYMONTHDAY=23", "previous_business_day", "2026-04-23")});
  EXPECT_EQ(task.id, kTaskId);
  EXPECT_EQ(task.status(), "active");
  ASSERT_EQ(task.versions.size(), 1u);
  EXPECT_EQ(task.current().rule.effective_from, date("2026-04-23"));
  EXPECT_EQ(format_time_of_day(task.current().rule.time_of_day), "10:00");
}

TEST(Task, EveryBadFieldIsNamedAtOnce) {
  auto c = define("FREQ=HOURLY", "sometimes", "2026-04-01", {"soumu", "nowhere"});
  c.kind = "gardening";
  c.title = " ";
  c.duration = 0min;
  c.due_within = 0min;
  c.owner = "";
  EXPECT_EQ(bad_fields({}, c),
            (std::vector<std::string>{"title", "kind", "tenants", "rrule", "duration",
                                      "calendar_rule", "due_within", "owner"}));
}

TEST(Task, AllCentreStandsAlone) {
  EXPECT_EQ(bad_fields({}, define("FREQ=DAILY", "skip", "2026-04-01", {"all_centre", "bouei"})),
            (std::vector<std::string>{"tenants"}));
}

TEST(Task, ARevisionAppliesFromTodayOn) {
  auto task = given_task({define("FREQ=DAILY", "skip", "2026-04-01")});
  ReviseTask revise;
  revise.effective_from = date("2026-10-01");  // yesterday
  revise.time_of_day = 14h;
  revise.reason = "午後に変更";
  revise.by = "ops-lead";
  revise.at = kNow;
  EXPECT_EQ(bad_fields(task, revise), (std::vector<std::string>{"effective_from"}));
  revise.effective_from = date("2026-10-02");
  auto revised = given_task({define("FREQ=DAILY", "skip", "2026-04-01"), revise});
  ASSERT_EQ(revised.versions.size(), 2u);
  EXPECT_EQ(revised.versions[0].rule.time_of_day, 10h);
  EXPECT_EQ(revised.versions[1].rule.time_of_day, 14h);
}

TEST(Task, ARevisionThatChangesNothingIsRefused) {
  auto task = given_task({define("FREQ=DAILY", "skip", "2026-04-01")});
  ReviseTask revise;
  revise.effective_from = date("2026-10-05");
  revise.time_of_day = 10h;
  revise.reason = "同じ";
  revise.by = "ops-lead";
  revise.at = kNow;
  EXPECT_EQ(refused(task, revise), "nothing-changed");
}

TEST(Task, ALaterRevisionReplacesOnePlannedForAfterIt) {
  auto revise_at = [](const char* from, std::chrono::minutes time) {
    ReviseTask r;
    r.effective_from = date(from);
    r.time_of_day = time;
    r.reason = "変更";
    r.by = "ops-lead";
    r.at = kNow;
    return r;
  };
  auto task = given_task({define("FREQ=DAILY", "skip", "2026-04-01"), revise_at("2027-01-01", 14h),
                          revise_at("2026-12-01", 15h)});
  ASSERT_EQ(task.versions.size(), 2u);
  EXPECT_EQ(task.current().rule.effective_from, date("2026-12-01"));
  EXPECT_EQ(task.current().rule.time_of_day, 15h);
}

TEST(Task, SuspendResumeRetire) {
  auto task = given_task({define("FREQ=DAILY", "skip", "2026-04-01"),
                          SuspendTask{date("2026-10-05"), "機器更改", "ops-lead", kNow}});
  EXPECT_EQ(task.status(), "suspended");
  EXPECT_EQ(refused(task, SuspendTask{date("2026-10-06"), "again", "ops-lead", kNow}),
            "task-suspended");
  EXPECT_EQ(refused(task, ResumeTask{date("2026-10-04"), "早すぎ", "ops-lead", kNow}),
            "resume-before-suspension");
  EXPECT_FALSE(task.plans_on(date("2026-10-05")));
  EXPECT_TRUE(task.plans_on(date("2026-10-04")));

  auto resumed = given_task({define("FREQ=DAILY", "skip", "2026-04-01"),
                             SuspendTask{date("2026-10-05"), "機器更改", "ops-lead", kNow},
                             ResumeTask{date("2026-10-12"), "完了", "ops-lead", kNow}});
  EXPECT_EQ(resumed.status(), "active");
  EXPECT_FALSE(resumed.plans_on(date("2026-10-11")));
  EXPECT_TRUE(resumed.plans_on(date("2026-10-12")));
  EXPECT_EQ(refused(resumed, ResumeTask{date("2026-10-13"), "x", "ops-lead", kNow}),
            "task-not-suspended");

  auto retired = given_task({define("FREQ=DAILY", "skip", "2026-04-01"),
                             RetireTask{date("2026-11-01"), "契約終了", "ops-lead", kNow}});
  EXPECT_EQ(retired.status(), "retired");
  EXPECT_FALSE(retired.plans_on(date("2026-11-01")));
  EXPECT_EQ(refused(retired, SuspendTask{date("2026-10-05"), "x", "ops-lead", kNow}),
            "task-retired");
}

TEST(Task, CommandsOnATaskThatDoesNotExist) {
  EXPECT_EQ(refused({}, RetireTask{date("2026-11-01"), "x", "ops-lead", kNow}), "task-not-found");
}

TEST(Task, TimesOfDay) {
  EXPECT_EQ(parse_time_of_day("09:05"), 9h + 5min);
  EXPECT_EQ(parse_time_of_day("23:59"), 23h + 59min);
  EXPECT_FALSE(parse_time_of_day("24:00").has_value());
  EXPECT_FALSE(parse_time_of_day("9:05").has_value());
  EXPECT_EQ(format_time_of_day(18h + 30min), "18:30");
}

}  // namespace
}  // namespace opsdesk::scheduling
