// The incidents API over real HTTP against the real process: every way a request can be wrong
// answers with problem+json and appends nothing; tenant scope, roles, If-Match and
// Idempotency-Key behave as docs/api/incidents.yaml says.

#include <gtest/gtest.h>

#include "libs/core/clock.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

json detect_body(std::vector<std::string> tenants = {"soumu"}) {
  return {{"occurred_at", minutes_ago(30)},
          {"source", "monitoring"},
          {"severity", "critical"},
          {"title", "online service unreachable"},
          {"affected_tenants", tenants}};
}

class IncidentsHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    opsdesk_ = new OpsdeskProcess(data_->path(), {},
                                  {{"OPSDESK_HTTP_BODY_LIMIT_BYTES", "4096"},
                                   {"OPSDESK_HTTP_HEADER_LIMIT_BYTES", "4096"},
                                   {"OPSDESK_HTTP_READ_TIMEOUT_MS", "500"}});
  }
  static void TearDownTestSuite() {
    delete opsdesk_;
    delete data_;
  }

  ApiClient as(const std::string& role, const std::vector<std::string>& tenants = {"*"}) const {
    return ApiClient(opsdesk_->host(), opsdesk_->port(),
                     token_for("user-" + role, {role}, tenants));
  }
  ApiClient maintainer() const { return as("maintainer"); }

  std::uint64_t head_position() const {
    auto ready = as("viewer").get("/readyz");  // the details are for centre staff
    return ready.json()["services"]["incidents"]["head_position"];
  }

  std::string create(std::vector<std::string> tenants = {"soumu"}) const {
    auto created = maintainer().post("/v1/incidents", detect_body(std::move(tenants)));
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json()["id"];
  }

  // The problem+json contract every error shares.
  static void expect_problem(const ApiResponse& r, int status, const std::string& type_name) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    auto body = r.json();
    EXPECT_EQ(body["status"], status);
    EXPECT_EQ(body["type"], "urn:opsdesk:problem:" + type_name) << r.body;
    EXPECT_TRUE(body.contains("title"));
    EXPECT_TRUE(body.contains("detail"));
  }

  static TempDir* data_;
  static OpsdeskProcess* opsdesk_;
};

TempDir* IncidentsHttp::data_ = nullptr;
OpsdeskProcess* IncidentsHttp::opsdesk_ = nullptr;

TEST_F(IncidentsHttp, HealthAndReadinessAreOpenButMetricsAndOpenApiNeedAToken) {
  ApiClient anonymous(opsdesk_->host(), opsdesk_->port());
  EXPECT_EQ(anonymous.get("/healthz").status, 200);
  // Anyone learns whether it is ready; the positions and reasons are for centre staff.
  const auto ready = anonymous.get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json(), nlohmann::json({{"status", "ready"}})) << ready.body;
  EXPECT_FALSE(as("association_admin", {"soumu"}).get("/readyz").json().contains("services"));
  EXPECT_TRUE(as("viewer", {"*"}).get("/readyz").json().contains("services"));
  expect_problem(anonymous.get("/metrics"), 401, "unauthenticated");
  expect_problem(anonymous.get("/openapi.json"), 401, "unauthenticated");
  auto openapi = as("viewer").get("/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  EXPECT_TRUE(openapi.json()["paths"].contains("/v1/incidents"));
  EXPECT_TRUE(openapi.json()["paths"].contains("/v1/board/incidents"));
}

TEST_F(IncidentsHttp, MetricsCountRequestsPerRouteAndEventStoreAppends) {
  create();
  // Centre-wide figures: centre staff only.
  expect_problem(as("maintainer", {"soumu"}).get("/metrics"), 403, "forbidden");
  auto metrics = as("viewer").get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(
      metrics.body.find(
          "opsdesk_http_requests_total{method=\"POST\",route=\"/v1/incidents\",status=\"201\"}"),
      std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("opsdesk_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("opsdesk_eventstore_appends_total"), std::string::npos);
  EXPECT_NE(metrics.body.find("opsdesk_eventstore_append_duration_seconds_bucket"),
            std::string::npos);
}

TEST_F(IncidentsHttp, MissingExpiredOrForgedTokensAre401AndAppendNothing) {
  const auto head = head_position();
  ApiClient anonymous(opsdesk_->host(), opsdesk_->port());
  expect_problem(anonymous.post("/v1/incidents", detect_body()), 401, "unauthenticated");

  ApiClient expired(opsdesk_->host(), opsdesk_->port(),
                    token_for("late", {"maintainer"}, {"*"}, std::chrono::seconds{-3600}));
  auto r = expired.post("/v1/incidents", detect_body());
  expect_problem(r, 401, "unauthenticated");
  EXPECT_NE(r.json()["detail"].get<std::string>().find("expired"), std::string::npos);

  auto forged_token = token_for("mallory", {"maintainer"}, {"*"});
  forged_token.back() = forged_token.back() == 'A' ? 'B' : 'A';
  expect_problem(ApiClient(opsdesk_->host(), opsdesk_->port(), forged_token)
                     .post("/v1/incidents", detect_body()),
                 401, "unauthenticated");
  EXPECT_EQ(
      anonymous.post("/v1/incidents", detect_body()).header("www-authenticate").rfind("Bearer", 0),
      0u);
  EXPECT_EQ(head_position(), head);
}

TEST_F(IncidentsHttp, OnlyMaintainersRunCommands) {
  const auto id = create();
  const auto head = head_position();
  for (const auto* role : {"association_admin", "viewer", "committee"}) {
    auto r =
        as(role, {"soumu"}).post("/v1/incidents/" + id + "/identify_cause", {{"summary", "disk"}});
    expect_problem(r, 403, "forbidden");
  }
  expect_problem(as("association_admin", {"soumu"}).post("/v1/incidents", detect_body()), 403,
                 "forbidden");
  EXPECT_EQ(head_position(), head);
}

TEST_F(IncidentsHttp, AssociationUsersSeeOnlyIncidentsOfTheirTenants) {
  const auto soumu_incident = create({"soumu"});
  const auto houmu_incident = create({"houmu"});
  auto soumu_admin = as("association_admin", {"soumu"});
  EXPECT_EQ(soumu_admin.get("/v1/incidents/" + soumu_incident).status, 200);
  expect_problem(soumu_admin.get("/v1/incidents/" + houmu_incident), 404, "not-found");
  expect_problem(soumu_admin.get("/v1/incidents/" + houmu_incident + "/events"), 404, "not-found");

  auto listed = soumu_admin.get("/v1/incidents?limit=200");
  ASSERT_EQ(listed.status, 200);
  const auto listed_body = listed.json();
  for (const auto& item : listed_body["items"]) {
    EXPECT_NE(item["id"], houmu_incident);
    EXPECT_TRUE(std::find(item["affected_tenants"].begin(), item["affected_tenants"].end(),
                          "soumu") != item["affected_tenants"].end());
  }
  auto other_tenant = soumu_admin.get("/v1/incidents?tenant=houmu");
  ASSERT_EQ(other_tenant.status, 200);
  EXPECT_TRUE(other_tenant.json()["items"].empty());
}

TEST_F(IncidentsHttp, TheTenantsOfAMaintainersTokenLimitWhatItReadsAndChanges) {
  const auto houmu_incident = create({"houmu"});
  const auto shared_incident = create({"soumu", "houmu"});
  const auto head = head_position();
  auto soumu_maintainer = as("maintainer", {"soumu"});

  expect_problem(soumu_maintainer.get("/v1/incidents/" + houmu_incident), 404, "not-found");
  expect_problem(soumu_maintainer.post("/v1/incidents/" + houmu_incident + "/identify_cause",
                                       {{"summary", "disk"}}),
                 404, "not-found");
  auto for_houmu = soumu_maintainer.post("/v1/incidents", detect_body({"houmu"}));
  expect_problem(for_houmu, 403, "forbidden");
  EXPECT_NE(for_houmu.body.find("tenant houmu"), std::string::npos) << for_houmu.body;
  expect_problem(soumu_maintainer.post("/v1/incidents", detect_body({"all_centre"})), 403,
                 "forbidden");
  // On a shared incident it acts for its own tenant, not for the other.
  expect_problem(soumu_maintainer.post("/v1/incidents/" + shared_incident + "/record_notice",
                                       {{"tenant", "houmu"},
                                        {"kind", "first_notice"},
                                        {"sent_at", minutes_ago(5)},
                                        {"channel", "email"}}),
                 403, "forbidden");
  EXPECT_EQ(head_position(), head);
  auto own = soumu_maintainer.post("/v1/incidents/" + shared_incident + "/record_notice",
                                   {{"tenant", "soumu"},
                                    {"kind", "first_notice"},
                                    {"sent_at", minutes_ago(5)},
                                    {"channel", "email"}});
  EXPECT_EQ(own.status, 200) << own.body;
}

TEST_F(IncidentsHttp, WhatIsAddressedToOneAssociationIsSeenOnlyByItAndTheCentre) {
  const auto id = create({"soumu", "houmu"});
  auto notice = [&](const std::string& tenant, const std::string& summary) {
    auto r =
        maintainer().post("/v1/incidents/" + id + "/record_notice", {{"tenant", tenant},
                                                                     {"kind", "first_notice"},
                                                                     {"sent_at", minutes_ago(5)},
                                                                     {"channel", "email"},
                                                                     {"summary", summary}});
    ASSERT_EQ(r.status, 200) << r.body;
  };
  notice("houmu", "houmu-private: the ledger batch of houmu failed");
  notice("soumu", "soumu-private: your payroll run is delayed");
  auto added = maintainer().post("/v1/incidents/" + id + "/add_affected_tenant",
                                 {{"tenant", "zaimu"},
                                  {"reason", "zaimu-private: its terminal 12 shows it too"},
                                  {"at", minutes_ago(4)}});
  ASSERT_EQ(added.status, 200) << added.body;

  auto soumu_admin = as("association_admin", {"soumu"});
  auto incident = soumu_admin.get("/v1/incidents/" + id);
  ASSERT_EQ(incident.status, 200) << incident.body;
  EXPECT_TRUE(incident.json()["notices"].contains("soumu"));
  EXPECT_FALSE(incident.json()["notices"].contains("houmu")) << incident.body;
  EXPECT_EQ(incident.header("cache-control"), "no-store");

  auto events = soumu_admin.get("/v1/incidents/" + id + "/events");
  ASSERT_EQ(events.status, 200) << events.body;
  EXPECT_EQ(events.body.find("houmu-private"), std::string::npos) << events.body;
  EXPECT_EQ(events.body.find("zaimu-private"), std::string::npos) << events.body;
  EXPECT_NE(events.body.find("soumu-private"), std::string::npos);
  const auto list = events.json()["events"];
  ASSERT_EQ(list.size(), 4u);  // detected, two notices, a tenant added: versions stay contiguous
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i]["stream_version"], i + 1);
    const bool others = i == 1 || i == 3;  // houmu's notice, zaimu's reason
    EXPECT_EQ(list[i]["redacted"], others) << list[i].dump();
    EXPECT_EQ(list[i]["payload"].is_null(), others) << list[i].dump();
  }

  // Centre staff see everything.
  auto centre = as("viewer", {"*"}).get("/v1/incidents/" + id + "/events");
  EXPECT_NE(centre.body.find("houmu-private"), std::string::npos);
  EXPECT_NE(centre.body.find("zaimu-private"), std::string::npos);
  // Answers for nobody in particular may be cached as before.
  EXPECT_EQ(ApiClient(opsdesk_->host(), opsdesk_->port()).get("/healthz").header("cache-control"),
            "");
}

TEST_F(IncidentsHttp, ListFiltersByTenantAndStatusAndPagesWithACursor) {
  for (int i = 0; i < 3; ++i) create({"kaikei"});
  auto viewer = as("viewer");
  auto first = viewer.get("/v1/incidents?tenant=kaikei&status=open&limit=2");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.json()["items"].size(), 2u);
  std::string cursor = first.json()["next_cursor"];
  auto second = viewer.get("/v1/incidents?tenant=kaikei&status=open&limit=2&cursor=" + cursor);
  ASSERT_EQ(second.status, 200);
  ASSERT_EQ(second.json()["items"].size(), 1u);
  EXPECT_TRUE(second.json()["next_cursor"].is_null());
  EXPECT_GT(first.json()["items"][1]["id"].get<std::string>(),
            second.json()["items"][0]["id"].get<std::string>());

  auto bad = viewer.get("/v1/incidents?tenant=nasa&status=lost&limit=0");
  expect_problem(bad, 422, "validation-failed");
  EXPECT_EQ(bad.json()["errors"].size(), 3u);
  EXPECT_NE(bad.body.find("shugiin"), std::string::npos) << "the allowed tenant codes are named";
}

TEST_F(IncidentsHttp, MalformedJsonWrongTypesAndUnknownFieldsAreRejectedAndAppendNothing) {
  const auto head = head_position();
  auto api = maintainer();
  expect_problem(api.post_raw("/v1/incidents", "{\"title\": ", "application/json"), 400,
                 "malformed-json");

  auto wrong = api.post("/v1/incidents", {{"occurred_at", 12},
                                          {"source", "psychic"},
                                          {"severity", "major"},
                                          {"title", 5},
                                          {"affected_tenants", "soumu"},
                                          {"colour", "red"}});
  expect_problem(wrong, 422, "validation-failed");
  std::set<std::string> fields;
  const auto wrong_body = wrong.json();
  for (const auto& e : wrong_body["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"occurred_at", "source", "title", "affected_tenants",
                                           "colour"}));

  auto unknown_tenant = api.post("/v1/incidents", detect_body({"soumu", "atlantis"}));
  expect_problem(unknown_tenant, 422, "validation-failed");
  EXPECT_EQ(unknown_tenant.json()["errors"][0]["field"], "affected_tenants[1]");
  EXPECT_NE(unknown_tenant.body.find("rengoukai"), std::string::npos);

  auto future = detect_body();
  future["occurred_at"] =
      core::format_rfc3339(core::SystemClock{}.now() + std::chrono::minutes{10});
  expect_problem(api.post("/v1/incidents", future), 422, "validation-failed");
  EXPECT_EQ(head_position(), head);
}

TEST_F(IncidentsHttp, StrictInputOnCommands) {
  const auto head = head_position();
  auto api = maintainer();
  const std::string body = detect_body().dump();
  expect_problem(api.post_raw("/v1/incidents", body, "text/plain"), 415, "unsupported-media-type");
  // What used to be a 500: a number no double holds, even in a field nobody asked for.
  auto huge = api.post_raw("/v1/incidents", body.substr(0, body.size() - 1) + R"(,"x":1e999})",
                           "application/json");
  expect_problem(huge, 422, "validation-failed");
  EXPECT_NE(huge.body.find("\"x\""), std::string::npos) << huge.body;
  auto twice =
      api.post_raw("/v1/incidents", body.substr(0, body.size() - 1) + R"(,"title":"another"})",
                   "application/json");
  expect_problem(twice, 422, "validation-failed");
  EXPECT_NE(twice.body.find("more than once"), std::string::npos) << twice.body;
  expect_problem(api.post("/v1/incidents", detect_body(), {{"Idempotency-Key", ""}}), 400,
                 "malformed-idempotency-key");
  // A fault dated in 1900 (or a year before the contract term) would count no business time.
  for (const char* when :
       {"0001-01-01T00:00:00Z", "1900-01-01T09:00:00+09:00", "2024-06-03T10:00:00+09:00"}) {
    auto body_at = detect_body();
    body_at["occurred_at"] = when;
    auto old = api.post("/v1/incidents", body_at);
    expect_problem(old, 422, "validation-failed");
    EXPECT_NE(old.body.find("occurred_at"), std::string::npos) << old.body;
    EXPECT_NE(old.body.find("sla.term_start 2026-04-01"), std::string::npos) << old.body;
  }
  EXPECT_EQ(head_position(), head);
}

TEST_F(IncidentsHttp, AnInvalidTransitionIs409NamingTheRuleAndAppendsNothing) {
  const auto id = create();
  const auto head = head_position();
  auto r = maintainer().post("/v1/incidents/" + id + "/close", {{"resolution", "done"}});
  expect_problem(r, 409, "close-before-restoration");
  EXPECT_EQ(r.json()["rule"], "close-before-restoration");
  auto notice =
      maintainer().post("/v1/incidents/" + id + "/record_notice", {{"tenant", "soumu"},
                                                                   {"kind", "progress_report"},
                                                                   {"sent_at", minutes_ago(1)},
                                                                   {"channel", "email"}});
  expect_problem(notice, 409, "progress-report-before-first-notice");
  EXPECT_EQ(head_position(), head);
}

TEST_F(IncidentsHttp, UnknownIncidentOrCommandIs404) {
  expect_problem(maintainer().post("/v1/incidents/0190c3a4-0000-7000-8000-000000000000/close",
                                   {{"resolution", "x"}}),
                 404, "not-found");
  expect_problem(maintainer().get("/v1/incidents/not-a-uuid"), 404, "not-found");
  const auto id = create();
  expect_problem(maintainer().post("/v1/incidents/" + id + "/explode", json::object()), 404,
                 "not-found");
}

TEST_F(IncidentsHttp, PreferReturnMinimalAnswersWithoutTheIncident) {
  const auto id = create();
  auto api = maintainer();
  auto minimal = api.post("/v1/incidents/" + id + "/identify_cause", {{"summary", "disk"}},
                          {{"Prefer", "respond-async, Return=Minimal"}});
  ASSERT_EQ(minimal.status, 200) << minimal.body;
  EXPECT_EQ(minimal.header("preference-applied"), "return=minimal");
  EXPECT_EQ(minimal.header("etag"), "\"2\"");
  const auto body = minimal.json();
  EXPECT_EQ(body,
            (nlohmann::json{{"id", id},
                            {"version", 2},
                            {"position", std::stoull(minimal.header("x-opsdesk-position"))}}));
  // Without the preference, the whole incident as before.
  auto full = api.post("/v1/incidents/" + id + "/identify_cause", {{"summary", "disk, again"}});
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.header("preference-applied"), "");
  EXPECT_TRUE(full.json().contains("causes"));
}

TEST_F(IncidentsHttp, IfMatchWithAStaleVersionIs412) {
  const auto id = create();
  auto api = maintainer();
  auto stale = api.post("/v1/incidents/" + id + "/identify_cause", {{"summary", "disk"}},
                        {{"If-Match", "\"7\""}});
  expect_problem(stale, 412, "precondition-failed");
  EXPECT_EQ(stale.json()["current_version"], 1);
  auto fresh = api.post("/v1/incidents/" + id + "/identify_cause", {{"summary", "disk"}},
                        {{"If-Match", "\"1\""}});
  EXPECT_EQ(fresh.status, 200);
  EXPECT_EQ(fresh.header("etag"), "\"2\"");
  EXPECT_EQ(api.get("/v1/incidents/" + id).header("etag"), "\"2\"");
}

TEST_F(IncidentsHttp,
       ARetriedCommandWithTheSameIdempotencyKeyReturnsTheFirstResponseAndAppendsNothing) {
  auto api = maintainer();
  auto body = detect_body({"zaimu"});
  auto first = api.post("/v1/incidents", body, {{"Idempotency-Key", "detect-42"}});
  ASSERT_EQ(first.status, 201);
  const auto head = head_position();
  auto retry = api.post("/v1/incidents", body, {{"Idempotency-Key", "detect-42"}});
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.json()["id"], first.json()["id"]);
  EXPECT_EQ(retry.header("location"), first.header("location"));
  EXPECT_EQ(head_position(), head);

  body["title"] = "something else";
  expect_problem(api.post("/v1/incidents", body, {{"Idempotency-Key", "detect-42"}}), 422,
                 "idempotency-key-reused");
  EXPECT_EQ(head_position(), head);
}

TEST_F(IncidentsHttp, ABodyOverTheLimitIs413) {
  auto body = detect_body();
  body["description"] = std::string(5000, 'x');
  auto r = maintainer().post("/v1/incidents", body);
  expect_problem(r, 413, "payload-too-large");
}

TEST_F(IncidentsHttp, HeadersOverTheLimitAre431) {
  std::string request =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8000, 'a') + "\r\n\r\n";
  auto answer = raw_exchange(opsdesk_->host(), opsdesk_->port(), request);
  EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("application/problem+json"), std::string::npos);
}

TEST_F(IncidentsHttp, ARequestThatStopsHalfwayIs408) {
  std::string partial = "POST /v1/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                        token_for("sato", {"maintainer"}, {"*"}) +
                        "\r\nContent-Length: 100\r\n\r\n{\"title\":";
  auto answer = raw_exchange(opsdesk_->host(), opsdesk_->port(), partial);
  EXPECT_EQ(answer.rfind("HTTP/1.1 408", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("urn:opsdesk:problem:request-timeout"), std::string::npos);
}

TEST_F(IncidentsHttp, ACallerWithoutATokenIsRefusedBeforeItsBodyIsSent) {
  // The head announces a large body and an Expect: 100-continue; no byte of it follows.
  const std::string head =
      "POST /v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: 4000\r\n\r\n";
  auto answer = raw_exchange(opsdesk_->host(), opsdesk_->port(), head);
  EXPECT_EQ(answer.rfind("HTTP/1.1 401", 0), 0u) << answer.substr(0, 200);
  EXPECT_EQ(answer.find("100 Continue"), std::string::npos);
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
}

TEST_F(IncidentsHttp, ObsoleteLineFoldingInAHeaderIs400) {
  // RFC 9112 §5.2: a header line that begins with a space continues the previous one; proxies
  // disagree on that, so a server must refuse it rather than unfold it.
  const std::string folded = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two\r\n\r\n";
  auto answer = raw_exchange(opsdesk_->host(), opsdesk_->port(), folded);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("obsolete line folding"), std::string::npos);
  const std::string tabbed = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n\ttwo\r\n\r\n";
  EXPECT_EQ(raw_exchange(opsdesk_->host(), opsdesk_->port(), tabbed).rfind("HTTP/1.1 400", 0), 0u);
}

TEST_F(IncidentsHttp, AnIncidentNamesItsAssociationsInJapaneseAndItsTimesInTokyoTime) {
  const auto id = create({"soumu", "houmu"});
  const auto incident = maintainer().get("/v1/incidents/" + id).json();
  EXPECT_EQ(incident["tenant_names"],
            json({{"soumu", "総務省共済組合"}, {"houmu", "法務省共済組合"}}));
  EXPECT_TRUE(incident["occurred_at"].get<std::string>().ends_with("+09:00"))
      << incident["occurred_at"];
  // An association's administrator gets its own association's name only.
  const auto own = as("association_admin", {"soumu"}).get("/v1/incidents/" + id).json();
  EXPECT_EQ(own["tenant_names"], json({{"soumu", "総務省共済組合"}}));
}

}  // namespace
}  // namespace opsdesk::testing
