// The scheduling API over real HTTP against the real process (docs/api/scheduling.yaml): the
// contract's tasks seeded once, a task defined and planned on the business calendar, work
// recorded per association, refusals that name the rule or the fields and append nothing,
// tenant scope, revisions from a date on, and the overdue watch recording each overdue
// occurrence once, across a SIGKILL in the middle of a pass.

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

// Monday 2026-11-16, 09:00 Tokyo.
constexpr const char* kMonday = "2026-11-16T09:00:00+09:00";

json monthly_check(json tenants = json::array({"soumu", "houmu"})) {
  return {{"title", "月次データバックアップ確認"},
          {"kind", "backup_check"},
          {"tenants", std::move(tenants)},
          {"rrule", "FREQ=MONTHLY;BYMONTHDAY=23"},
          {"dtstart", "2026-04-23"},
          {"time_of_day", "10:00"},
          {"duration", "30m"},
          {"calendar_rule", "previous_business_day"},
          {"due_within", "2h"},
          {"owner", "センタ運用担当"}};
}

class SchedulingHttp : public ::testing::Test {
 protected:
  void SetUp() override { start(); }

  void start() {
    opsdesk_ =
        std::make_unique<OpsdeskProcess>(data_.path(), std::vector<std::string>{"--clock=manual"});
  }
  void set_clock(const std::string& now) const {
    auto moved = desk().post("/v1/test/clock", {{"now", now}});
    ASSERT_EQ(moved.status, 200) << moved.body;
  }

  ApiClient as(const std::string& role, const std::vector<std::string>& tenants = {"*"}) const {
    return ApiClient(opsdesk_->host(), opsdesk_->port(),
                     token_for("user-" + role, {role}, tenants));
  }
  ApiClient desk() const { return as("maintainer"); }

  std::uint64_t head_position() const {
    return as("viewer").get("/readyz").json()["services"]["scheduling"]["head_position"];
  }

  std::string define(const json& body) const {
    auto defined = desk().post("/v1/schedule/tasks", body);
    EXPECT_EQ(defined.status, 201) << defined.body;
    return defined.json().value("id", "");
  }

  json occurrences(const std::string& query, const ApiClient& who) const {
    auto listed = who.get("/v1/schedule/occurrences?" + query);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return listed.json()["items"];
  }
  json occurrences(const std::string& query) const { return occurrences(query, desk()); }

  std::vector<std::string> event_types(const std::string& occurrence_id) const {
    auto events = desk().get("/v1/schedule/occurrences/" + occurrence_id + "/events");
    EXPECT_EQ(events.status, 200) << events.body;
    std::vector<std::string> types;
    const auto body = events.json();
    for (const auto& e : body["events"]) types.push_back(e["type"]);
    return types;
  }

  static void expect_problem(const ApiResponse& r, int status, const std::string& type_name) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    EXPECT_EQ(r.json()["type"], "urn:opsdesk:problem:" + type_name) << r.body;
  }

  static ApiClient calendar_program_of(const OpsdeskProcess& process) {
    return ApiClient(process.host(), process.port());
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
};

TEST_F(SchedulingHttp, TheContractsTasksAreSeededOnce) {
  set_clock(kMonday);
  auto first = desk().post("/v1/schedule/tasks/seed", json::object());
  ASSERT_EQ(first.status, 200) << first.body;
  const auto defined = first.json()["defined"];
  EXPECT_GE(defined.size(), 15u);
  auto again = desk().post("/v1/schedule/tasks/seed", json::object());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(again.json()["defined"].empty());
  EXPECT_EQ(again.json()["already_defined"].size(), defined.size());

  // Today's work: the daily backup and virus-scan checks for the 18 associations of the centre.
  auto today = occurrences("kind=backup_check");
  ASSERT_FALSE(today.empty());
  EXPECT_EQ(today[0]["tenants"].size(), 18u);
  EXPECT_EQ(today[0]["day"], "2026-11-16");
  // What fell due before the tasks were defined is not overdue: nobody could have recorded it.
  EXPECT_TRUE(occurrences("from=2026-11-02&to=2026-11-13&status=overdue").empty());
  EXPECT_FALSE(occurrences("from=2026-11-02&to=2026-11-13&status=not_recorded").empty());
  auto pass = desk().post("/v1/test/clock", {{"now", "2026-11-16T09:01:00+09:00"}});
  ASSERT_EQ(pass.status, 200) << pass.body;
  EXPECT_EQ(pass.json()["overdue_recorded"], 0) << pass.body;

  // bouei's own work is bouei's: its administrator sees it, not the centre's daily checks.
  auto bouei = occurrences("from=2026-11-01&to=2026-11-30", as("association_admin", {"bouei"}));
  ASSERT_FALSE(bouei.empty());
  for (const auto& o : bouei) EXPECT_EQ(o["tenants"], json::array({"bouei"})) << o.dump();
}

TEST_F(SchedulingHttp, ATaskIsPlannedOnTheBusinessCalendarAndItsWorkRecordedPerAssociation) {
  set_clock(kMonday);
  const auto id = define(monthly_check());
  auto task = desk().get("/v1/schedule/tasks/" + id);
  ASSERT_EQ(task.status, 200) << task.body;
  EXPECT_EQ(task.json()["status"], "active");
  EXPECT_EQ(task.json()["due_within"], "2h");

  // 11-23 is 勤労感謝の日: the work is planned on Friday 11-20, named by the 23rd.
  auto november = occurrences("from=2026-11-01&to=2026-11-30&task_id=" + id);
  ASSERT_EQ(november.size(), 1u);
  const std::string occurrence = november[0]["id"];
  EXPECT_EQ(occurrence, id + "-20261123");
  EXPECT_EQ(november[0]["day"], "2026-11-20");
  EXPECT_EQ(november[0]["planned_start"], "2026-11-20T10:00:00+09:00");
  EXPECT_EQ(november[0]["due_at"], "2026-11-20T12:00:00+09:00");
  EXPECT_EQ(november[0]["status"], "planned");

  set_clock("2026-11-20T10:40:00+09:00");
  auto soumu = desk().post("/v1/schedule/occurrences/" + occurrence + "/complete",
                           {{"result", "ok"}, {"tenants", {"soumu"}}});
  ASSERT_EQ(soumu.status, 200) << soumu.body;
  EXPECT_EQ(soumu.json()["status"], "in_progress");
  EXPECT_EQ(soumu.json()["open_tenants"], json::array({"houmu"}));
  auto houmu = desk().post("/v1/schedule/occurrences/" + occurrence + "/complete",
                           {{"result", "manual_done"},
                            {"evidence", "自動バックアップ失敗のため手動バックアップを実施"}});
  ASSERT_EQ(houmu.status, 200) << houmu.body;
  EXPECT_EQ(houmu.json()["status"], "done");

  // Refusals name the rule or the fields, and append nothing.
  const auto before = head_position();
  expect_problem(
      desk().post("/v1/schedule/occurrences/" + occurrence + "/complete", {{"result", "ok"}}), 409,
      "occurrence-done");
  auto wrong = monthly_check();
  wrong["rrule"] = "FREQ=HOURLY";
  wrong["kind"] = "gardening";
  auto bad = desk().post("/v1/schedule/tasks", wrong);
  expect_problem(bad, 422, "validation-failed");
  std::set<std::string> fields;
  const auto bad_body = bad.json();
  for (const auto& e : bad_body["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"kind", "rrule"})) << bad.body;
  expect_problem(
      desk().post("/v1/schedule/occurrences/" + id + "-20261124/complete", {{"result", "ok"}}), 404,
      "not-found");
  expect_problem(desk().post("/v1/schedule/occurrences/" + occurrence + "/finish", json::object()),
                 404, "not-found");
  EXPECT_EQ(head_position(), before);

  // Tenant scope: soumu's administrator reads it, bouei's does not see it, neither may record.
  EXPECT_EQ(as("association_admin", {"soumu"}).get("/v1/schedule/occurrences/" + occurrence).status,
            200);
  expect_problem(as("association_admin", {"bouei"}).get("/v1/schedule/occurrences/" + occurrence),
                 404, "not-found");
  expect_problem(as("association_admin", {"bouei"}).get("/v1/schedule/tasks/" + id), 404,
                 "not-found");
  expect_problem(as("association_admin", {"soumu"})
                     .post("/v1/schedule/occurrences/" + occurrence + "/skip", {{"reason", "x"}}),
                 403, "forbidden");
}

TEST_F(SchedulingHttp, ARevisionAppliesFromItsDateAndARescheduleMovesTheDueTime) {
  set_clock(kMonday);
  const auto id = define(monthly_check());
  auto revised = desk().post(
      "/v1/schedule/tasks/" + id + "/revise",
      {{"effective_from", "2026-12-01"}, {"time_of_day", "14:00"}, {"reason", "午後の作業に変更"}});
  ASSERT_EQ(revised.status, 200) << revised.body;
  EXPECT_EQ(revised.json()["versions"].size(), 2u);
  auto planned = occurrences("from=2026-11-01&to=2027-01-31&task_id=" + id);
  ASSERT_EQ(planned.size(), 3u);
  EXPECT_EQ(planned[0]["planned_start"], "2026-11-20T10:00:00+09:00");
  EXPECT_EQ(planned[1]["planned_start"], "2026-12-23T14:00:00+09:00");
  EXPECT_EQ(planned[2]["planned_start"], "2027-01-22T14:00:00+09:00");  // 1/23 is a Saturday

  auto moved = desk().post("/v1/schedule/occurrences/" + id + "-20261123/reschedule",
                           {{"to", "2026-11-24T17:00:00+09:00"}, {"reason", "機器停止のため延期"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json()["day"], "2026-11-24");
  // 2h of business time from 17:00: one hour on Tuesday, one on Wednesday from 09:00.
  EXPECT_EQ(moved.json()["due_at"], "2026-11-25T10:00:00+09:00");
  EXPECT_TRUE(occurrences("from=2026-11-20&to=2026-11-20&task_id=" + id).empty());
  EXPECT_EQ(occurrences("from=2026-11-24&to=2026-11-24&task_id=" + id).size(), 1u);
}

TEST_F(SchedulingHttp, TheDailyOperationsReportListsTheDaysWorkForItsAssociations) {
  set_clock("2026-11-20T17:30:00+09:00");
  const auto id = define(monthly_check());
  const auto occurrence = id + "-20261123";
  ASSERT_EQ(desk()
                .post("/v1/schedule/occurrences/" + occurrence + "/complete",
                      {{"result", "ok"}, {"tenants", {"soumu"}}})
                .status,
            200);
  auto sent = desk().post("/v1/schedule/daily-reports",
                          {{"tenants", {"soumu", "houmu"}},
                           {"day", "2026-11-20"},
                           {"channel", "email"},
                           {"summary", "本日の運用作業は予定どおり実施しました。"}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto report = sent.json();
  EXPECT_EQ(report["sent_at"], "2026-11-20T17:30:00+09:00");
  ASSERT_EQ(report["occurrences"].size(), 1u);
  EXPECT_EQ(report["occurrences"][0]["occurrence_id"], occurrence);
  EXPECT_EQ(report["occurrences"][0]["status"], "overdue");  // houmu's result is still owed
  EXPECT_EQ(report["occurrences"][0]["open_tenants"], json::array({"houmu"}));

  auto listed =
      as("association_admin", {"houmu"}).get("/v1/schedule/daily-reports?from=2026-11-20");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_TRUE(as("association_admin", {"bouei"})
                  .get("/v1/schedule/daily-reports?from=2026-11-20")
                  .json()["items"]
                  .empty());

  const auto before = head_position();
  auto bad = desk().post(
      "/v1/schedule/daily-reports",
      {{"tenants", {"nowhere"}}, {"day", "2026-11-21"}, {"channel", "pigeon"}, {"summary", "x"}});
  expect_problem(bad, 422, "validation-failed");
  std::set<std::string> fields;
  const auto bad_body = bad.json();
  for (const auto& e : bad_body["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"tenants", "channel", "sent_at"})) << bad.body;
  EXPECT_EQ(head_position(), before);
}

// The SLA table's 運用状況の経過報告 and 運用時間 rows come from what the schedule records: a
// daily report per association per business day, and work done inside the service hours (or
// out of hours where the contract permits it).
TEST_F(SchedulingHttp, TheSlaTableMeasuresDailyReportsAndTheHoursOfTheWork) {
  set_clock("2026-11-20T10:40:00+09:00");
  const auto id = define(monthly_check());
  const auto occurrence = id + "-20261123";
  ASSERT_EQ(desk()
                .post("/v1/schedule/occurrences/" + occurrence + "/complete",
                      {{"result", "ok"}, {"tenants", {"soumu"}}})
                .status,
            200);
  // houmu's check was done at 19:10: out of the service hours, and a backup check is not work
  // the contract lets the centre do then.
  set_clock("2026-11-20T19:15:00+09:00");
  ASSERT_EQ(
      desk()
          .post("/v1/schedule/occurrences/" + occurrence + "/complete",
                {{"result", "ok"}, {"tenants", {"houmu"}}, {"at", "2026-11-20T19:10:00+09:00"}})
          .status,
      200);
  set_clock("2026-11-24T17:30:00+09:00");
  std::string position;
  for (const char* day : {"2026-11-20", "2026-11-24"}) {
    auto sent = desk().post("/v1/schedule/daily-reports",
                            {{"tenants", {"soumu"}},
                             {"day", day},
                             {"sent_at", std::string(day) + "T17:30:00+09:00"},
                             {"channel", "email"},
                             {"summary", "本日の運用作業は予定どおり実施しました。"}});
    ASSERT_EQ(sent.status, 201) << sent.body;
    position = sent.header("x-opsdesk-position");
  }

  auto answer =
      desk().get("/v1/sla/table?tenant=soumu&month=2026-11&min_position=scheduling:" + position);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto body = answer.json();
  auto row = [&](const std::string& kind) {
    for (const auto& r : body["tables"][0]["rows"])
      if (r["kind"] == kind) return r;
    return json();
  };
  // November's business days up to today owe soumu (live since August) a report each: 15 of
  // them (11-03 文化の日 and 11-23 勤労感謝の日 owe nothing). Two were reported.
  const auto reports = row("ops_report_cadence");
  EXPECT_EQ(reports["status"], "measured") << reports.dump();
  EXPECT_EQ(reports["compliance"]["met"], 2);
  EXPECT_EQ(reports["compliance"]["total"], 15);
  EXPECT_EQ(reports["achieved"], "missed");
  ASSERT_EQ(reports["evidence"].size(), 13u);  // the days without a report
  EXPECT_EQ(reports["evidence"][0]["rule"], "no_report_on_day");
  EXPECT_EQ(reports["evidence"][0]["what"], "no daily operations report on 2026-11-02");
  const auto hours = row("operating_hours");
  EXPECT_EQ(hours["status"], "measured") << hours.dump();
  EXPECT_EQ(hours["compliance"]["met"], 1);
  EXPECT_EQ(hours["compliance"]["total"], 1);

  auto houmu = desk().get("/v1/sla/table?tenant=houmu&month=2026-11");
  ASSERT_EQ(houmu.status, 200) << houmu.body;
  const auto houmu_rows = houmu.json()["tables"][0]["rows"];
  for (const auto& r : houmu_rows) {
    if (r["kind"] == "operating_hours") {
      EXPECT_EQ(r["achieved"], "missed") << r.dump();
      ASSERT_EQ(r["evidence"].size(), 1u) << r.dump();
      EXPECT_EQ(r["evidence"][0]["occurrence_id"], occurrence);
      EXPECT_EQ(r["evidence"][0]["rule"], "out_of_hours_work");
    }
    // No report went to houmu.
    if (r["kind"] == "ops_report_cadence") {
      EXPECT_EQ(r["compliance"]["met"], 0) << r.dump();
    }
  }
}

TEST_F(SchedulingHttp, AWindowThatStopsTheServiceIsApprovedByEachAssociationAndCompleted) {
  set_clock(kMonday);
  auto planned =
      desk().post("/v1/schedule/windows", {{"kind", "periodic_inspection"},
                                           {"title", "定期点検（サーバ機器）"},
                                           {"tenants", {"soumu", "houmu"}},
                                           {"planned_start", "2026-11-28T09:00:00+09:00"},
                                           {"planned_end", "2026-11-28T17:00:00+09:00"},
                                           {"stops_service", true}});
  ASSERT_EQ(planned.status, 201) << planned.body;
  const std::string id = planned.json()["id"];
  EXPECT_EQ(planned.json()["status"], "planned");
  EXPECT_EQ(planned.json()["awaiting_approval"], json::array({"soumu", "houmu"}));

  const auto soumu_admin = as("association_admin", {"soumu"});
  auto approved = soumu_admin.post("/v1/schedule/windows/" + id + "/approve",
                                   {{"tenant", "soumu"}, {"approver", "総務省共済組合 山田課長"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["awaiting_approval"], json::array({"houmu"}));
  expect_problem(soumu_admin.post("/v1/schedule/windows/" + id + "/approve",
                                  {{"tenant", "houmu"}, {"approver", "誰か"}}),
                 403, "forbidden");
  expect_problem(soumu_admin.post("/v1/schedule/windows/" + id + "/complete", json::object()), 403,
                 "forbidden");
  auto houmu = desk().post("/v1/schedule/windows/" + id + "/approve",
                           {{"tenant", "houmu"}, {"approver", "法務省共済組合 佐藤係長（電話）"}});
  ASSERT_EQ(houmu.status, 200) << houmu.body;
  EXPECT_EQ(houmu.json()["status"], "approved");

  expect_problem(desk().post("/v1/schedule/windows/" + id + "/complete", json::object()), 422,
                 "validation-failed");  // the work has not started yet
  set_clock("2026-11-28T16:10:00+09:00");
  auto completed = desk().post("/v1/schedule/windows/" + id + "/complete",
                               {{"note", "点検完了、全サービス再開"}});
  ASSERT_EQ(completed.status, 200) << completed.body;
  EXPECT_EQ(completed.json()["status"], "completed");
  EXPECT_EQ(completed.json()["completed_at"], "2026-11-28T16:10:00+09:00");
  expect_problem(desk().post("/v1/schedule/windows/" + id + "/cancel", {{"reason", "x"}}), 409,
                 "window-completed");

  auto listed = as("association_admin", {"houmu"}).get("/v1/schedule/windows?from=2026-11-01");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()["items"].size(), 1u);
  expect_problem(as("association_admin", {"bouei"}).get("/v1/schedule/windows/" + id), 404,
                 "not-found");
}

// The annual centre schedule and a month's detailed plan, approved by each association's side
// for its part; a change after an approval shows, and asks for a new one.
TEST_F(SchedulingHttp, PlansAreApprovedByEachAssociationForItsPart) {
  set_clock(kMonday);
  const auto id = define(monthly_check());
  ASSERT_EQ(desk()
                .post("/v1/schedule/windows", {{"kind", "periodic_inspection"},
                                               {"title", "定期点検（サーバ機器）"},
                                               {"tenants", {"soumu"}},
                                               {"planned_start", "2026-12-12T09:00:00+09:00"},
                                               {"planned_end", "2026-12-12T17:00:00+09:00"},
                                               {"stops_service", true}})
                .status,
            201);

  auto december = desk().get("/v1/schedule/plan?month=2026-12");
  ASSERT_EQ(december.status, 200) << december.body;
  auto plan = december.json();
  EXPECT_EQ(plan["kind"], "monthly");
  ASSERT_EQ(plan["occurrences"].size(), 1u);
  EXPECT_EQ(plan["occurrences"][0]["id"], id + "-20261223");
  ASSERT_EQ(plan["windows"].size(), 1u);
  EXPECT_EQ(plan["approval_status"], "not_approved");
  ASSERT_EQ(plan["approvals"].size(), 2u);
  EXPECT_EQ(plan["approvals"][0]["tenant"], "soumu");
  EXPECT_EQ(plan["approvals"][0]["entries"], 2);  // the check and the window
  EXPECT_EQ(plan["approvals"][1]["entries"], 1);

  const auto soumu_admin = as("association_admin", {"soumu"});
  auto approved =
      soumu_admin.post("/v1/schedule/plans/2026-12/approve",
                       {{"tenants", {"soumu"}}, {"approver", "総務省共済組合 山田課長"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["approvals"][0]["digest"], plan["approvals"][0]["digest"]);
  expect_problem(soumu_admin.post("/v1/schedule/plans/2026-12/approve",
                                  {{"tenants", {"soumu"}}, {"approver", "山田課長"}}),
                 409, "already-approved");
  expect_problem(soumu_admin.post("/v1/schedule/plans/2026-12/approve",
                                  {{"tenants", {"houmu"}}, {"approver", "誰か"}}),
                 403, "forbidden");
  expect_problem(desk().post("/v1/schedule/plans/2026-12/approve",
                             {{"tenants", {"gaimu"}}, {"approver", "外務省共済組合"}}),
                 422, "validation-failed");
  expect_problem(desk().post("/v1/schedule/plans/2026-13/approve",
                             {{"tenants", {"soumu"}}, {"approver", "x"}}),
                 404, "not-found");

  // soumu's administrator sees its own part: approved.
  auto own = soumu_admin.get("/v1/schedule/plan?month=2026-12").json();
  EXPECT_EQ(own["approval_status"], "approved");
  ASSERT_EQ(own["approvals"].size(), 1u);
  EXPECT_EQ(own["approvals"][0]["approval"]["approver"], "総務省共済組合 山田課長");
  EXPECT_EQ(desk().get("/v1/schedule/plan?month=2026-12").json()["approval_status"],
            "partially_approved");

  // The check moves to the afternoon from December: soumu approved an earlier version.
  ASSERT_EQ(desk()
                .post("/v1/schedule/tasks/" + id + "/revise", {{"effective_from", "2026-12-01"},
                                                               {"time_of_day", "14:00"},
                                                               {"reason", "午後に変更"}})
                .status,
            200);
  auto changed = soumu_admin.get("/v1/schedule/plan?month=2026-12").json();
  EXPECT_EQ(changed["approvals"][0]["status"], "changed_since_approval");
  EXPECT_EQ(changed["approval_status"], "not_approved");
  EXPECT_EQ(soumu_admin
                .post("/v1/schedule/plans/2026-12/approve",
                      {{"tenants", {"soumu"}}, {"approver", "総務省共済組合 山田課長"}})
                .status,
            200);

  // The annual schedule of fiscal year 2026: a row per task, a month per column, as a workbook.
  auto year = desk().get("/v1/schedule/plan?year=2026");
  ASSERT_EQ(year.status, 200) << year.body;
  const auto annual = year.json();
  EXPECT_EQ(annual["from"], "2026-04-01");
  EXPECT_EQ(annual["to"], "2027-03-31");
  ASSERT_EQ(annual["tasks"].size(), 1u);
  EXPECT_EQ(annual["tasks"][0]["occurrences"], 12);
  EXPECT_EQ(annual["tasks"][0]["days"]["2026-11"], json::array({"2026-11-20"}));
  auto workbook = desk().get("/v1/schedule/plan?year=2026&format=xlsx");
  ASSERT_EQ(workbook.status, 200);
  EXPECT_EQ(workbook.body.substr(0, 2), "PK");
  EXPECT_EQ(workbook.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(workbook.header("content-disposition"),
            "attachment; filename=\"schedule-plan-2026.xlsx\"");

  auto both = desk().get("/v1/schedule/plan?year=2026&month=2026-12");
  expect_problem(both, 422, "validation-failed");
  auto wrong = desk().get("/v1/schedule/plan?month=2026-13");
  expect_problem(wrong, 422, "validation-failed");
  EXPECT_EQ(wrong.json()["errors"][0]["field"], "month");
}

// A calendar program subscribes by URL: a feed token reads the .ics feed of its issuer's
// associations, nothing else, until it is revoked; only its digest is kept, across restarts.
TEST_F(SchedulingHttp, AFeedTokenReadsTheCalendarFeedAndNothingElse) {
  set_clock(kMonday);
  define(monthly_check(json::array({"soumu"})));
  auto gaimu_task = monthly_check(json::array({"gaimu"}));
  gaimu_task["title"] = "外務省だけの作業";
  define(gaimu_task);

  const auto soumu_viewer = as("viewer", {"soumu"});
  auto issued = soumu_viewer.post("/v1/schedule/feed-tokens", {{"label", "Outlook（庶務係PC）"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto token = issued.json();
  EXPECT_EQ(token["tenants"], json::array({"soumu"}));
  const std::string secret = token["token"];
  const std::string url = token["feed_url"];
  EXPECT_EQ(url, "/v1/schedule/calendar.ics?feed_token=" + secret);

  const ApiClient calendar_program(opsdesk_->host(), opsdesk_->port());  // no bearer token
  auto feed = calendar_program.get(url);
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_NE(feed.body.find("月次データバックアップ確認"), std::string::npos);
  EXPECT_EQ(feed.body.find("外務省だけの作業"), std::string::npos) << "another association's";

  // Any other route ignores it.
  expect_problem(calendar_program.get("/v1/schedule/occurrences?feed_token=" + secret), 401,
                 "unauthenticated");
  expect_problem(calendar_program.get("/v1/schedule/feed-tokens?feed_token=" + secret), 401,
                 "unauthenticated");
  expect_problem(calendar_program.get("/v1/schedule/calendar.ics?feed_token=" + secret + "x"), 401,
                 "unauthenticated");
  expect_problem(soumu_viewer.post("/v1/schedule/feed-tokens", {{"tenant", "gaimu"}}), 403,
                 "forbidden");

  auto listed = soumu_viewer.get("/v1/schedule/feed-tokens");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_FALSE(listed.json()["items"][0].contains("token")) << "the secret is shown once";

  auto second = soumu_viewer.post("/v1/schedule/feed-tokens", json::object());
  ASSERT_EQ(second.status, 201) << second.body;
  const std::string second_url = second.json()["feed_url"];

  const std::string id = token["id"];
  expect_problem(as("viewer", {"houmu"}).send("DELETE", "/v1/schedule/feed-tokens/" + id), 404,
                 "not-found");
  auto revoked = soumu_viewer.send("DELETE", "/v1/schedule/feed-tokens/" + id);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_FALSE(revoked.json()["revoked_at"].is_null());
  expect_problem(calendar_program.get(url), 401, "unauthenticated");
  expect_problem(soumu_viewer.send("DELETE", "/v1/schedule/feed-tokens/" + id), 409,
                 "feed-token-revoked");

  // After a restart: the revoked one stays revoked, the other still reads.
  opsdesk_.reset();
  start();
  expect_problem(calendar_program_of(*opsdesk_).get(url), 401, "unauthenticated");
  EXPECT_EQ(calendar_program_of(*opsdesk_).get(second_url).status, 200);
}

// The daily virus-scan check: a terminal 3 business days without a scan needs attention, once,
// however the process dies while the check is being recorded (the attention is appended with
// the record that starts the episode, or not at all).
TEST_F(SchedulingHttp, VirusScanAttentionIsRecordedOnceAcrossAKill) {
  set_clock("2026-11-17T17:00:00+09:00");
  constexpr int kTerminals = 30;
  auto record = [&](int i, const char* day, const char* state) {
    return desk().post("/v1/schedule/virus-scan", {{"tenant", "soumu"},
                                                   {"terminal", "PC-" + std::to_string(100 + i)},
                                                   {"day", day},
                                                   {"state", state},
                                                   {"note", "電源断のため未実施"}});
  };
  for (int i = 0; i < kTerminals; ++i) {
    ASSERT_EQ(record(i, "2026-11-13", "not_done").status, 200);
    ASSERT_EQ(record(i, "2026-11-16", "not_done").status, 200);  // the weekend between
  }
  EXPECT_TRUE(desk().get("/v1/schedule/virus-scan?attention=true").json()["items"].empty());

  // Tuesday's check is being recorded when the process is killed.
  std::thread checker([&] {
    for (int i = 0; i < kTerminals; ++i) record(i, "2026-11-17", "not_done");  // may fail
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  opsdesk_->kill_hard();
  checker.join();
  start();
  set_clock("2026-11-17T17:05:00+09:00");
  // The desk records the whole check again.
  for (int i = 0; i < kTerminals; ++i) {
    auto again = record(i, "2026-11-17", "not_done");
    ASSERT_EQ(again.status, 200) << again.body;
  }
  auto attention = desk().get("/v1/schedule/virus-scan?attention=true&tenant=soumu");
  ASSERT_EQ(attention.status, 200) << attention.body;
  const auto items = attention.json()["items"];
  ASSERT_EQ(items.size(), static_cast<std::size_t>(kTerminals));
  for (const auto& t : items) {
    EXPECT_EQ(t["attentions_raised"], 1) << t.dump();
    EXPECT_EQ(t["attention"]["reason"], "not_done_3_business_days");
    EXPECT_EQ(t["attention"]["days"], json::array({"2026-11-13", "2026-11-16", "2026-11-17"}));
  }

  // A detection on another terminal; a scan done ends an episode.
  auto detected = desk().post("/v1/schedule/virus-scan", {{"tenant", "houmu"},
                                                          {"terminal", "PC-9"},
                                                          {"state", "detected"},
                                                          {"note", "Trojan検知、隔離済み"}});
  ASSERT_EQ(detected.status, 200) << detected.body;
  EXPECT_EQ(detected.json()["attention"]["reason"], "detected");
  EXPECT_EQ(detected.json()["attention"]["days"], json::array({"2026-11-17"}));
  ASSERT_EQ(record(0, "2026-11-17", "done").status, 200);
  EXPECT_EQ(
      desk().get("/v1/schedule/virus-scan?attention=true&tenant=soumu").json()["items"].size(),
      static_cast<std::size_t>(kTerminals - 1));
  // Another association's terminals are not seen.
  auto houmu_view = as("association_admin", {"houmu"}).get("/v1/schedule/virus-scan");
  ASSERT_EQ(houmu_view.status, 200);
  EXPECT_EQ(houmu_view.json()["items"].size(), 1u);
  expect_problem(desk().post("/v1/schedule/virus-scan",
                             {{"tenant", "soumu"}, {"terminal", "PC 1"}, {"state", "maybe"}}),
                 422, "validation-failed");
}

TEST_F(SchedulingHttp, OverdueIsRecordedOnceEvenWhenTheProcessIsKilledDuringAPass) {
  // Many tasks due on Monday at 10:00, so that a pass has much to record when it is killed.
  set_clock(kMonday);
  std::vector<std::string> tasks;
  for (int i = 0; i < 40; ++i) {
    auto body = monthly_check(json::array({"soumu"}));
    body["title"] = "点検 " + std::to_string(i);
    body["rrule"] = "FREQ=DAILY";
    body["dtstart"] = "2026-11-16";
    body["time_of_day"] = "09:00";
    body["due_within"] = "1h";
    tasks.push_back(define(body));
  }
  // 10:30: every task's Monday occurrence is overdue. The pass runs on the clock's move; the
  // process is killed while it records.
  std::thread mover([&] {
    desk().post("/v1/test/clock", {{"now", "2026-11-16T10:30:00+09:00"}});  // may never answer
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  opsdesk_->kill_hard();
  mover.join();

  start();
  set_clock("2026-11-16T10:31:00+09:00");  // the pass after the restart records what is left
  set_clock("2026-11-16T10:32:00+09:00");  // and a later one nothing
  for (const auto& task : tasks) {
    const auto types = event_types(task + "-20261116");
    EXPECT_EQ(std::count(types.begin(), types.end(), "opsdesk.scheduling.v1.OccurrenceOverdue"), 1)
        << task;
  }
  auto overdue = occurrences("status=overdue");
  EXPECT_EQ(overdue.size(), tasks.size());
  EXPECT_EQ(overdue[0]["overdue_recorded_at"], "2026-11-16T10:00:00+09:00");

  // Completing one settles it; the watch leaves it alone.
  auto done = desk().post("/v1/schedule/occurrences/" + tasks[0] + "-20261116/complete",
                          {{"result", "ok"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["status"], "done");
}

}  // namespace
}  // namespace opsdesk::testing
