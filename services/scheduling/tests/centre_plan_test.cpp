// The plans the associations approve: the annual centre schedule (April – March, a month per
// column) and a month's detailed plan; each association approves its part, named by a digest of
// what is planned (not of how far the work has got); an approval of an earlier version shows as
// such, and the same version is not approved twice.

#include "services/scheduling/plans/centre_plan.hpp"

#include "libs/reports/testing/xlsx_contents.hpp"
#include "services/scheduling/plans/plan_xlsx.hpp"
#include "services/scheduling/tests/test_support.hpp"

namespace opsdesk::scheduling {
namespace {

using namespace testing;

const auto kCalendar = calendar::BusinessCalendar::standard();

std::vector<ScheduledOccurrence> planned(const TaskState& task, const PlanPeriod& period) {
  auto occurrences = plan_occurrences(task, kCalendar, period.first, period.last);
  EXPECT_TRUE(occurrences.has_value());
  std::vector<ScheduledOccurrence> out;
  for (auto& o : occurrences.value_or(std::vector<PlannedOccurrence>{}))
    out.push_back({o, std::nullopt});
  return out;
}

const TaskState kMonthlyCheck = given_task({define(
    "FREQ=MONTHLY;BYMONTHDAY=23", "previous_business_day", "2026-04-23", {"soumu", "houmu"})});

TEST(PlanPeriod, AFiscalYearRunsFromAprilToMarchAndAMonthIsItself) {
  const auto year = parse_plan_period("2026");
  ASSERT_TRUE(year);
  EXPECT_TRUE(year->annual);
  EXPECT_EQ(calendar::format_iso_date(year->first), "2026-04-01");
  EXPECT_EQ(calendar::format_iso_date(year->last), "2027-03-31");
  EXPECT_EQ(year->months.size(), 12u);
  const auto month = parse_plan_period("2026-12");
  ASSERT_TRUE(month);
  EXPECT_FALSE(month->annual);
  EXPECT_EQ(calendar::format_iso_date(month->last), "2026-12-31");
  for (const char* wrong : {"26", "2026-13", "1999", "2026-1", "fy2026", ""})
    EXPECT_FALSE(parse_plan_period(wrong)) << wrong;
}

TEST(CentrePlan, AnAssociationsPartChangesWithThePlanNotWithTheProgressOfTheWork) {
  const auto december = *parse_plan_period("2026-12");
  auto occurrences = planned(kMonthlyCheck, december);
  ASSERT_EQ(occurrences.size(), 1u);
  const auto before = centre_plan(december, occurrences, {}).part_of("soumu");
  EXPECT_EQ(before.entries, 1u);
  EXPECT_EQ(before.digest.size(), 64u);  // SHA-256, hex

  // soumu's result recorded: still the same plan.
  OccurrenceState done;
  done.id = occurrences[0].plan.id;
  done.version = 1;
  done.plan = occurrences[0].plan;
  done.results.push_back({"soumu", "ok", "", at("2026-12-23T10:20:00+09:00"), "yamada"});
  auto progressed = occurrences;
  progressed[0].recorded = done;
  EXPECT_EQ(centre_plan(december, progressed, {}).part_of("soumu"), before);

  // Moved to another time: another plan.
  auto moved = occurrences;
  moved[0].plan.planned_start += std::chrono::hours{3};
  EXPECT_NE(centre_plan(december, moved, {}).part_of("soumu").digest, before.digest);

  // A window for houmu alone changes houmu's part, not soumu's.
  WindowState window;
  window.id = "w-1";
  window.kind = "periodic_inspection";
  window.title = "定期点検";
  window.tenants = {"houmu"};
  window.planned_start = at("2026-12-12T09:00:00+09:00");
  window.planned_end = at("2026-12-12T17:00:00+09:00");
  window.version = 1;
  const auto with_window = centre_plan(december, occurrences, {window});
  EXPECT_EQ(with_window.part_of("soumu"), before);
  EXPECT_EQ(with_window.part_of("houmu").entries, 2u);
  EXPECT_EQ(with_window.concerned(),
            (std::vector<std::string>{"soumu", "houmu"}));  // registry order
}

TEST(CentrePlan, TheAnnualScheduleHasARowPerTaskWithItsDaysInEachMonth) {
  const auto year = *parse_plan_period("2026");
  const auto plan = centre_plan(year, planned(kMonthlyCheck, year), {});
  const auto rows = annual_rows(plan);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].count, 12u);
  EXPECT_EQ(rows[0].tenants, (std::vector<std::string>{"soumu", "houmu"}));
  // 2026-11-23 is 勤労感謝の日: the work is on Friday the 20th.
  const auto november = rows[0].days.at(std::chrono::year{2026} / std::chrono::November);
  ASSERT_EQ(november.size(), 1u);
  EXPECT_EQ(calendar::format_iso_date(november[0]), "2026-11-20");
}

TEST(CentrePlan, TheAnnualWorkbookHasAMonthPerColumnWithJapaneseHeadings) {
  const auto year = *parse_plan_period("2026");
  auto every_day = define("FREQ=DAILY", "skip", "2026-04-01", {"soumu"});
  every_day.task_id = "0190c3a4-0000-7000-8000-00000000a002";
  every_day.title = "日次バックアップ確認";
  const auto daily = given_task({every_day});
  auto occurrences = planned(kMonthlyCheck, year);
  for (auto& o : planned(daily, year)) occurrences.push_back(o);
  const auto plan = centre_plan(year, occurrences, {});
  const auto approvals = tenant_approvals(plan, PlanApprovalState{});
  auto bytes = plan_xlsx(plan, approvals, kCalendar, kNow);
  ASSERT_TRUE(bytes.has_value()) << bytes.error();
  const auto contents = reports::testing::read_xlsx(*bytes);
  ASSERT_TRUE(contents.error.empty()) << contents.error;
  ASSERT_EQ(contents.sheet_names, std::vector<std::string>{"年間運用計画"});
  const auto& rows = contents.rows.at("年間運用計画");
  EXPECT_EQ(rows.at(1), "年間センタ運用計画 2026年度（2026年4月～2027年3月）");
  EXPECT_EQ(rows.at(2), "承認状況：未承認");
  EXPECT_EQ(
      rows.at(4),
      "作業\t種別\t対象組合\t担当\t4月\t5月\t6月\t7月\t8月\t9月\t10月\t11月\t12月\t1月\t2月\t3月");
  // The monthly check on the 23rd, or the business day before (11-23 勤労感謝の日, 2-23
  // 天皇誕生日); the daily one on every business day.
  EXPECT_EQ(
      rows.at(5),
      "月次データバックアップ確認\tバックアップ確認\t総務省共済組合、法務省共済組合\t運用チーム\t"
      "23日\t22日\t23日\t23日\t21日\t18日\t23日\t20日\t23日\t22日\t22日\t23日");
  EXPECT_NE(rows.at(6).find("\t毎営業日（19日）\t"), std::string::npos) << rows.at(6);
}

ApprovePlan approve(const CentrePlan& plan, std::vector<std::string> tenants) {
  ApprovePlan c;
  c.period = plan.period.name;
  c.tenants = std::move(tenants);
  c.plan = plan.parts();
  c.approver = "総務省共済組合 システム管理者 佐藤";
  c.by = "desk-1";
  c.at = kNow;
  return c;
}

TEST(PlanApproval, EachAssociationApprovesItsPartOnceAndAgainWhenThePlanChanges) {
  const auto december = *parse_plan_period("2026-12");
  const auto plan = centre_plan(december, planned(kMonthlyCheck, december), {});
  PlanApprovalState state;
  auto first = decide(state, approve(plan, {"soumu"}), kNow);
  ASSERT_TRUE(first.has_value());
  for (const auto& e : *first) state = evolve(std::move(state), e);
  ASSERT_NE(state.latest("soumu"), nullptr);
  EXPECT_EQ(tenant_approvals(plan, state)[0].status, "approved");  // soumu, then houmu
  EXPECT_EQ(approval_status(tenant_approvals(plan, state)), "partially_approved");

  auto again = decide(state, approve(plan, {"soumu"}), kNow);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().rule, "already-approved");

  auto moved_occurrences = planned(kMonthlyCheck, december);
  moved_occurrences[0].plan.planned_start += std::chrono::hours{1};
  const auto changed = centre_plan(december, moved_occurrences, {});
  EXPECT_EQ(tenant_approvals(changed, state)[0].status, "changed_since_approval");
  EXPECT_TRUE(decide(state, approve(changed, {"soumu", "houmu"}), kNow).has_value());

  auto stranger = decide(state, approve(plan, {"gaimu"}), kNow);
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().fields.at(0).field, "tenants");
  EXPECT_NE(stranger.error().fields.at(0).message.find("it concerns: houmu, soumu"),
            std::string::npos);
}

}  // namespace
}  // namespace opsdesk::scheduling
