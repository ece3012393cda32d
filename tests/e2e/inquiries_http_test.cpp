// The inquiries API over real HTTP against the real process (docs/api/inquiries.yaml): an
// association files, the desk triages, asks, answers and closes; every refusal names the rule
// or the fields and appends nothing; tenant scope holds for reads, filing and centre_ops.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

json receive_body(const std::string& tenant = "soumu") {
  return {{"channel", "phone"},
          {"tenant", tenant},
          {"requester", {{"name", "山田"}, {"role", "本部システム管理者"}}},
          {"subject", "パスワードの再設定方法を教えてください"},
          {"body", "端末のログインパスワードを忘れた職員がいます。"}};
}

class InquiriesHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    opsdesk_ = new OpsdeskProcess(data_->path());
  }
  static void TearDownTestSuite() {
    delete opsdesk_;
    delete data_;
  }

  static ApiClient as(const std::string& role, const std::vector<std::string>& tenants = {"*"}) {
    return ApiClient(opsdesk_->host(), opsdesk_->port(),
                     token_for("user-" + role, {role}, tenants));
  }
  static ApiClient desk() { return as("maintainer"); }
  static ApiClient soumu_admin() { return as("association_admin", {"soumu"}); }

  static std::uint64_t head_position() {
    return as("viewer").get("/readyz").json()["services"]["inquiries"]["head_position"];
  }

  static std::string receive(const std::string& tenant = "soumu", json extra = json::object()) {
    auto body = receive_body(tenant);
    body.update(extra);
    auto received = desk().post("/v1/inquiries", body);
    EXPECT_EQ(received.status, 201) << received.body;
    return received.json()["id"];
  }

  static ApiResponse run(const std::string& id, const std::string& command, const json& body,
                         const ApiClient& who = desk()) {
    return who.post("/v1/inquiries/" + id + "/" + command, body);
  }

  static void expect_problem(const ApiResponse& r, int status, const std::string& type_name) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    EXPECT_EQ(r.json()["type"], "urn:opsdesk:problem:" + type_name) << r.body;
  }

  static std::vector<std::string> fields_of(const ApiResponse& r) {
    std::vector<std::string> fields;
    const auto body = r.json();
    for (const auto& e : body["errors"]) fields.push_back(e["field"]);
    return fields;
  }

  static std::vector<std::string> ids_of(const ApiResponse& list) {
    std::vector<std::string> ids;
    const auto body = list.json();
    for (const auto& item : body["items"]) ids.push_back(item["id"]);
    return ids;
  }

  static TempDir* data_;
  static OpsdeskProcess* opsdesk_;
};

TempDir* InquiriesHttp::data_ = nullptr;
OpsdeskProcess* InquiriesHttp::opsdesk_ = nullptr;

TEST_F(InquiriesHttp, AQuestionIsFiledTriagedAskedAboutAnsweredConfirmedAndClosed) {
  // The association's administrator files it: the server's time is its reception time.
  auto filed = soumu_admin().post("/v1/inquiries", receive_body());
  ASSERT_EQ(filed.status, 201) << filed.body;
  const std::string id = filed.json()["id"];
  EXPECT_EQ(filed.header("location"), "/v1/inquiries/" + id);
  EXPECT_EQ(filed.json()["status"], "received");
  EXPECT_EQ(filed.json()["tenant_name"], "総務省共済組合");
  EXPECT_EQ(filed.json()["requester"]["name"], "山田");
  EXPECT_TRUE(filed.json()["class"].is_null());

  EXPECT_EQ(run(id, "acknowledge", {{"by", "desk-sato"}}).json()["status"], "in_progress");
  auto classified = run(id, "classify", {{"class", "question"}, {"by", "desk-sato"}});
  ASSERT_EQ(classified.status, 200) << classified.body;
  EXPECT_EQ(classified.json()["class"], "question");
  auto asked = run(id, "request_information",
                   {{"question", "対象の職員の所属を教えてください"}, {"by", "desk-sato"}});
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(asked.json()["status"], "waiting_for_information");
  // While it waits for the requester, it is not answered.
  auto early = run(id, "answer", {{"answer", "手順書3.2をご覧ください"}, {"by", "desk-sato"}});
  expect_problem(early, 409, "waiting-for-information");
  ASSERT_EQ(run(id, "record_information", {{"information", "人事課"}, {"by", "desk-sato"}}).status,
            200);
  auto answered = run(id, "answer", {{"answer", "手順書3.2をご覧ください"}, {"by", "desk-sato"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.json()["status"], "answered");
  EXPECT_FALSE(answered.json()["first_answered_at"].is_null());
  // The requester (the association) confirms; the desk records its effort and closes.
  auto confirmed = run(id, "confirm_answer", {{"by", "山田"}}, soumu_admin());
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_TRUE(confirmed.json()["answer_confirmed"]);
  ASSERT_EQ(
      run(id, "record_effort", {{"minutes", 25}, {"kind", "handling"}, {"by", "desk-sato"}}).status,
      200);
  auto closed = run(id, "close", {{"by", "desk-sato"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["status"], "closed");
  // Late effort is still taken; anything else waits for a reopening.
  auto late = run(id, "record_effort",
                  {{"minutes", 10}, {"kind", "recording"}, {"by", "desk-sato"}, {"note", "記録"}});
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.json()["effort_minutes_total"], 35);
  EXPECT_EQ(late.json()["effort_minutes"]["recording"], 10);
  expect_problem(run(id, "answer", {{"answer", "x"}, {"by", "desk"}}), 409, "inquiry-closed");

  auto history = soumu_admin().get("/v1/inquiries/" + id + "/events");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.json()["events"].size(), 10u);
  EXPECT_EQ(history.json()["events"][0]["type"], "opsdesk.inquiries.v1.InquiryReceived");
  EXPECT_EQ(history.json()["events"][0]["payload"]["subject"],
            "パスワードの再設定方法を教えてください");
  EXPECT_EQ(history.json()["events"][0]["actor"], "user-association_admin");

  auto read = soumu_admin().get("/v1/inquiries/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.header("etag"), "\"10\"");
}

TEST_F(InquiriesHttp, EveryBadFieldIsListedAtOnceAndNothingIsAppended) {
  const auto before = head_position();
  auto bad = desk().post("/v1/inquiries", {{"channel", "fax"},
                                           {"tenant", "soumu"},
                                           {"requester", {{"role", 3}, {"phone", "x"}}},
                                           {"body", ""},
                                           {"colour", "red"}});
  expect_problem(bad, 422, "validation-failed");
  EXPECT_EQ(fields_of(bad), (std::vector<std::string>{"channel", "requester.name", "requester.role",
                                                      "requester.phone", "subject", "colour"}));
  auto unknown_tenant = desk().post("/v1/inquiries", receive_body("nowhere"));
  expect_problem(unknown_tenant, 422, "validation-failed");
  EXPECT_NE(unknown_tenant.body.find("centre_ops"), std::string::npos) << unknown_tenant.body;

  const auto id = receive();
  const auto after_receive = head_position();
  auto effort = run(id, "record_effort", {{"minutes", 0}, {"kind", "lunch"}});
  expect_problem(effort, 422, "validation-failed");
  EXPECT_EQ(fields_of(effort), (std::vector<std::string>{"minutes", "kind", "by"}));
  auto fraction = run(id, "record_effort", {{"minutes", 1.5}, {"kind", "handling"}, {"by", "a"}});
  EXPECT_NE(fraction.body.find("1.5 is not whole"), std::string::npos) << fraction.body;
  // Rules of the lifecycle are 409s naming the rule.
  expect_problem(run(id, "answer", {{"answer", "x"}, {"by", "desk"}}), 409, "answer-needs-class");
  expect_problem(run(id, "close", {{"by", "desk"}}), 409, "close-before-answer");
  auto out_of_scope = run(id, "classify", {{"class", "out_of_scope"}, {"by", "desk"}});
  expect_problem(out_of_scope, 422, "validation-failed");
  EXPECT_EQ(fields_of(out_of_scope), (std::vector<std::string>{"reason"}));
  expect_problem(run(id, "frobnicate", json::object()), 404, "not-found");
  EXPECT_EQ(head_position(), after_receive);
  EXPECT_EQ(after_receive, before + 1);
}

TEST_F(InquiriesHttp, AnOutOfScopeInquiryIsClosedWithTheReasonTheRequesterIsGiven) {
  const auto id = receive();
  ASSERT_EQ(run(id, "classify",
                {{"class", "out_of_scope"},
                 {"reason", "Excel の操作方法は本システムの問合せ対象外です"},
                 {"by", "desk"}})
                .status,
            200);
  expect_problem(run(id, "close", {{"by", "desk"}}), 422, "validation-failed");
  auto closed =
      run(id, "close", {{"by", "desk"}, {"reason", "各組合の情報担当へお問合せください"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["close_reason"], "各組合の情報担当へお問合せください");
  EXPECT_TRUE(closed.json()["first_answered_at"].is_null());
}

TEST_F(InquiriesHttp, AnAssociationFilesAndReadsOnlyItsOwnAndTheDeskDoesTheRest) {
  const auto soumu = receive("soumu");
  const auto houmu = receive("houmu");
  const auto centre = receive("centre_ops");
  const auto admin = soumu_admin();
  EXPECT_EQ(admin.get("/v1/inquiries/" + soumu).status, 200);
  expect_problem(admin.get("/v1/inquiries/" + houmu), 404, "not-found");
  expect_problem(admin.get("/v1/inquiries/" + houmu + "/events"), 404, "not-found");
  expect_problem(admin.get("/v1/inquiries/" + centre), 404, "not-found");
  // centre_ops inquiries are for centre staff only.
  expect_problem(as("viewer", {"soumu", "houmu"}).get("/v1/inquiries/" + centre), 404, "not-found");
  EXPECT_EQ(as("viewer").get("/v1/inquiries/" + centre).status, 200);

  // Filing for another association, or for the centre, is forbidden.
  expect_problem(admin.post("/v1/inquiries", receive_body("houmu")), 403, "forbidden");
  expect_problem(admin.post("/v1/inquiries", receive_body("centre_ops")), 403, "forbidden");
  // Its reception time is the server's.
  auto dated = receive_body();
  dated["received_at"] = minutes_ago(60);
  auto refused = admin.post("/v1/inquiries", dated);
  expect_problem(refused, 422, "validation-failed");
  EXPECT_EQ(fields_of(refused), (std::vector<std::string>{"received_at"}));
  // Triage is the desk's; a viewer files nothing.
  expect_problem(run(soumu, "classify", {{"class", "question"}, {"by", "x"}}, admin), 403,
                 "forbidden");
  expect_problem(as("viewer").post("/v1/inquiries", receive_body()), 403, "forbidden");
  // A command on another association's inquiry is as unknown as a read of it.
  expect_problem(run(houmu, "confirm_answer", {{"by", "x"}}, admin), 404, "not-found");

  auto listed = admin.get("/v1/inquiries?limit=200");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto items = listed.json()["items"];
  ASSERT_FALSE(items.empty());
  for (const auto& item : items) EXPECT_EQ(item["tenant"], "soumu") << item;
}

TEST_F(InquiriesHttp, TheListFiltersByTenantStatusClassReceptionAndWords) {
  const auto password = receive("zaimu", {{"received_at", "2026-11-02T10:00:00+09:00"}});
  auto printer = receive_body("zaimu");
  printer["subject"] = "帳票が印刷されない";
  printer["body"] = "Printer queue stops at 09:00";
  printer["received_at"] = "2026-11-20T19:30:00+09:00";
  auto printed = desk().post("/v1/inquiries", printer);
  ASSERT_EQ(printed.status, 201) << printed.body;
  const std::string printer_id = printed.json()["id"];
  ASSERT_EQ(run(printer_id, "classify", {{"class", "fault"}, {"by", "desk"}}).status, 200);

  const auto list = [](const std::string& query) {
    return ids_of(desk().get("/v1/inquiries?tenant=zaimu&" + query));
  };
  EXPECT_EQ(list(""), (std::vector<std::string>{printer_id, password}));
  EXPECT_EQ(list("class=fault"), (std::vector<std::string>{printer_id}));
  EXPECT_EQ(list("class=unclassified"), (std::vector<std::string>{password}));
  EXPECT_EQ(list("status=received"), (std::vector<std::string>{password}));
  EXPECT_EQ(list("q=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89"),  // パスワード
            (std::vector<std::string>{password}));
  EXPECT_EQ(list("q=PRINTER%20queue"), (std::vector<std::string>{printer_id}));
  EXPECT_EQ(list("q=printer%20password"), std::vector<std::string>{});
  EXPECT_EQ(list("received_from=2026-11-01&received_to=2026-11-02"),
            (std::vector<std::string>{password}));
  EXPECT_EQ(list("received_from=2026-11-20T19:00:00%2B09:00"),
            (std::vector<std::string>{printer_id}));
  auto page = desk().get("/v1/inquiries?tenant=zaimu&limit=1");
  EXPECT_EQ(ids_of(page), (std::vector<std::string>{printer_id}));
  EXPECT_EQ(ids_of(desk().get("/v1/inquiries?tenant=zaimu&limit=1&cursor=" +
                              page.json()["next_cursor"].get<std::string>())),
            (std::vector<std::string>{password}));

  auto bad = desk().get("/v1/inquiries?tenant=x&status=lost&class=gossip&received_from=soon");
  expect_problem(bad, 422, "validation-failed");
  EXPECT_EQ(fields_of(bad),
            (std::vector<std::string>{"tenant", "status", "class", "received_from"}));
}

TEST_F(InquiriesHttp, ARetriedReceptionWithTheSameKeyFilesOneInquiry) {
  const auto before = head_position();
  const std::map<std::string, std::string> key{{"Idempotency-Key", "phone-call-0815"}};
  auto first = desk().post("/v1/inquiries", receive_body(), key);
  auto retry = desk().post("/v1/inquiries", receive_body(), key);
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(retry.status, 201) << retry.body;
  EXPECT_EQ(retry.header("idempotent-replayed"), "true");
  EXPECT_EQ(retry.header("location"), first.header("location"));
  EXPECT_EQ(head_position(), before + 1);
}

// The inquiry once its escalation has been carried out (linked to its incident), or as it is
// after `patience`.
json linked_inquiry(const ApiClient& api, const std::string& id,
                    std::chrono::seconds patience = std::chrono::seconds{30}) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  json inquiry;
  do {
    inquiry = api.get("/v1/inquiries/" + id).json();
    if (!inquiry["incident_id"].is_null()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  } while (std::chrono::steady_clock::now() < deadline);
  return inquiry;
}

TEST_F(InquiriesHttp, AnEscalatedFaultOpensOneIncidentAndIsLinkedToIt) {
  const auto id = receive("kokkou");
  auto escalated = run(id, "classify",
                       {{"class", "fault"},
                        {"reason", "同じ帳票が全職員で出力できない"},
                        {"escalate", true},
                        {"severity", "major"},
                        {"occurred_at", minutes_ago(90)},
                        {"by", "desk"}});
  ASSERT_EQ(escalated.status, 200) << escalated.body;
  EXPECT_TRUE(escalated.json()["escalated"]);

  const auto inquiry = linked_inquiry(as("association_admin", {"kokkou"}), id);
  ASSERT_FALSE(inquiry["incident_id"].is_null()) << inquiry;
  const std::string incident_id = inquiry["incident_id"];
  auto incident = as("association_admin", {"kokkou"}).get("/v1/incidents/" + incident_id);
  ASSERT_EQ(incident.status, 200) << incident.body;
  EXPECT_EQ(incident.json()["source"], "inquiry");
  EXPECT_EQ(incident.json()["inquiry_id"], id);
  EXPECT_EQ(incident.json()["severity"], "major");
  EXPECT_EQ(incident.json()["title"], "パスワードの再設定方法を教えてください");
  EXPECT_EQ(incident.json()["affected_tenants"], json::array({"kokkou"}));
  const auto incidents = desk().get("/v1/incidents?tenant=kokkou&limit=200").json()["items"];
  EXPECT_EQ(incidents.size(), 1u) << incidents;
  // The link is recorded once; escalating again is refused.
  auto history = desk().get("/v1/inquiries/" + id + "/events").json()["events"];
  EXPECT_EQ(history.back()["type"], "opsdesk.inquiries.v1.IncidentLinked");
  EXPECT_EQ(history.back()["actor"], "opsdesk-modules");
  expect_problem(run(id, "classify",
                     {{"class", "fault"}, {"escalate", true}, {"severity", "minor"}, {"by", "d"}}),
                 409, "already-escalated");
}

TEST_F(InquiriesHttp, TheMonthlyReportCountsAnswersInBusinessTimeAcrossAHoliday) {
  // keisan's November: answered across the 勤労感謝の日 weekend, within a morning, after an
  // evening reception, and one still open.
  auto file = [&](const std::string& channel, const std::string& received_at) {
    auto body = receive_body("keisan");
    body["channel"] = channel;
    body["received_at"] = received_at;
    auto received = desk().post("/v1/inquiries", body);
    EXPECT_EQ(received.status, 201) << received.body;
    return received.json()["id"].get<std::string>();
  };
  auto settle = [&](const std::string& id, const std::string& inquiry_class,
                    const std::string& answered_at) {
    EXPECT_EQ(
        run(id, "classify", {{"class", inquiry_class}, {"by", "d"}, {"at", answered_at}}).status,
        200);
    EXPECT_EQ(run(id, "answer", {{"answer", "回答"}, {"by", "d"}, {"at", answered_at}}).status,
              200);
  };
  const auto holiday = file("phone", "2026-11-20T17:00:00+09:00");  // Fri 17:00
  settle(holiday, "question", "2026-11-24T10:00:00+09:00");         // Tue 10:00: 2h
  const auto morning = file("email", "2026-11-17T10:00:00+09:00");
  settle(morning, "question", "2026-11-17T11:30:00+09:00");  // 1h30m
  const auto evening = file("web", "2026-11-18T20:00:00+09:00");
  settle(evening, "improvement", "2026-11-19T09:30:00+09:00");  // 30m
  const auto open = file("phone", "2026-11-25T10:00:00+09:00");
  file("phone", "2026-12-01T10:00:00+09:00");  // December's
  EXPECT_EQ(
      run(holiday, "record_effort", {{"minutes", 45}, {"kind", "handling"}, {"by", "d"}}).status,
      200);
  run(holiday, "record_effort", {{"minutes", 15}, {"kind", "answer_review"}, {"by", "d"}});
  run(morning, "record_effort", {{"minutes", 30}, {"kind", "investigation"}, {"by", "d"}});

  auto report =
      as("association_admin", {"keisan"}).get("/v1/inquiries/report?tenant=keisan&month=2026-11");
  ASSERT_EQ(report.status, 200) << report.body;
  const auto r = report.json();
  EXPECT_EQ(r["counts"]["received"], 4);
  EXPECT_EQ(r["counts"]["answered"], 3);
  EXPECT_EQ(r["counts"]["open"], 4);
  EXPECT_EQ(r["counts"]["closed"], 0);
  EXPECT_EQ(r["counts"]["by_class"],
            json({{"question", 2}, {"improvement", 1}, {"unclassified", 1}}));
  EXPECT_EQ(r["counts"]["by_channel"], json({{"phone", 2}, {"email", 1}, {"web", 1}}));
  EXPECT_EQ(r["response_time"]["mean"]["seconds"], 4800);  // (2h + 1h30m + 30m) / 3
  EXPECT_EQ(r["response_time"]["p90"]["seconds"], 7200);
  EXPECT_EQ(r["response_time"]["max"]["seconds"], 7200);
  EXPECT_EQ(r["effort"]["total_hours"], 1.5);
  EXPECT_EQ(r["effort"]["hours_by_kind"]["handling"], 0.75);
  ASSERT_EQ(r["inquiries"].size(), 4u);
  EXPECT_EQ(r["inquiries"][0]["id"], morning);
  EXPECT_EQ(r["inquiries"][2]["id"], holiday);
  EXPECT_EQ(r["inquiries"][2]["business_to_answer"]["seconds"], 7200);
  EXPECT_TRUE(r["inquiries"][3]["business_to_answer"].is_null());
  EXPECT_EQ(r["inquiries"][3]["id"], open);

  auto csv = desk().get("/v1/inquiries/report?tenant=keisan&month=2026-11&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("受付件数,4"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("回答までの時間（営業時間）平均,1時間20分"), std::string::npos);
  EXPECT_NE(csv.body.find("対応実工数（時間）合計,1.50"), std::string::npos);
  EXPECT_NE(csv.body.find(holiday), std::string::npos);
  auto xlsx = desk().get("/v1/inquiries/report?tenant=keisan&month=2026-11&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

  expect_problem(
      as("association_admin", {"soumu"}).get("/v1/inquiries/report?tenant=keisan&month=2026-11"),
      404, "not-found");
  auto bad = desk().get("/v1/inquiries/report?month=11&format=pdf");
  expect_problem(bad, 422, "validation-failed");
  EXPECT_EQ(fields_of(bad), (std::vector<std::string>{"month", "format"}));
}

TEST(InquiriesRestart, TheListAndEveryInquiryComeBackAfterARestart) {
  TempDir data;
  std::string id;
  {
    OpsdeskProcess opsdesk(data.path());
    ApiClient desk(opsdesk.host(), opsdesk.port(), token_for("desk", {"maintainer"}, {"*"}));
    auto received = desk.post("/v1/inquiries", receive_body());
    ASSERT_EQ(received.status, 201) << received.body;
    id = received.json()["id"];
    ASSERT_EQ(
        desk.post("/v1/inquiries/" + id + "/classify", {{"class", "improvement"}, {"by", "d"}})
            .status,
        200);
    opsdesk.kill_hard();
  }
  OpsdeskProcess opsdesk(data.path());
  ApiClient viewer(opsdesk.host(), opsdesk.port(), token_for("v", {"viewer"}, {"soumu"}));
  auto listed = viewer.get("/v1/inquiries?class=improvement");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["items"].size(), 1u) << listed.body;
  EXPECT_EQ(listed.json()["items"][0]["id"], id);
  EXPECT_EQ(viewer.get("/v1/inquiries/" + id).json()["version"], 2);
}

}  // namespace
}  // namespace opsdesk::testing
