// The business calendar as operators and clients reach it: `opsdesk calendar …` and the four
// GET /v1/calendar endpoints of a running opsdesk, on the same settings (override file, extra
// days, schedules).

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

int count_lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// The Cabinet Office header and two 2027 rows, in Shift_JIS as published.
constexpr std::string_view kShiftJisOverride =
    "\x8D\x91\x96\xAF\x82\xCC\x8Fj\x93\xFA\x81"
    "E\x8Bx\x93\xFA\x8C\x8E\x93\xFA,\x8D\x91\x96\xAF\x82\xCC\x8Fj\x93\xFA"
    "\x81"
    "E\x8Bx\x93\xFA\x96\xBC\x8F\xCC\x0D\x0A"
    "2027/1/1,\x8C\xB3\x93\xFA\x0D\x0A"
    "2027/3/22,\x8Bx\x93\xFA\x0D\x0A";

std::string write_file(const TempDir& dir, const std::string& name, std::string_view bytes) {
  const auto path = dir.path() / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

// A query value: '+' must travel as %2B, or it arrives as a space.
std::string q(std::string value) {
  for (auto pos = value.find('+'); pos != std::string::npos; pos = value.find('+', pos))
    value.replace(pos, 1, "%2B");
  return value;
}

// ---- the command line ----

TEST(CalendarCommandLine, HolidaysPrintsTheYearAsJsonOrCsv) {
  const auto json_out = run_opsdesk({"calendar", "holidays", "--year", "2026"});
  ASSERT_EQ(json_out.exit_code, 0) << json_out.stderr_text;
  EXPECT_TRUE(json_out.stdout_text.starts_with(
      R"([{"date":"2026-01-01","name":"元日"},{"date":"2026-01-12","name":"成人の日"},)"))
      << json_out.stdout_text;
  const auto holidays = json::parse(json_out.stdout_text);
  EXPECT_EQ(holidays.size(), 18u);
  EXPECT_EQ(holidays[13], (json{{"date", "2026-09-22"}, {"name", "国民の休日"}}));

  const auto csv = run_opsdesk({"calendar", "holidays", "--year", "2026", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.stderr_text;
  EXPECT_TRUE(
      csv.stdout_text.starts_with("国民の祝日・休日月日,国民の祝日・休日名称\n2026/1/1,元日\n"))
      << csv.stdout_text;
  EXPECT_EQ(count_lines(csv.stdout_text), 19);
}

TEST(CalendarCommandLine, BusinessDurationPrintsSecondsAndHoursMinutes) {
  const auto r = run_opsdesk({"calendar", "business-duration", "--from",
                              "2026-12-28T17:00:00+09:00", "--to", "2027-01-04T10:00:00+09:00"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "7200 2:00\n");
  const auto centre =
      run_opsdesk({"calendar", "business-duration", "--from", "2026-11-16T17:00:00+09:00", "--to",
                   "2026-11-17T10:00:00+09:00", "--schedule", "centre_room"});
  EXPECT_EQ(centre.stdout_text, "6300 1:45\n");
}

TEST(CalendarCommandLine, AddPrintsTheInstantInTokyoTime) {
  const auto r = run_opsdesk(
      {"calendar", "add", "--from", "2026-11-14T23:00:00+09:00", "--business-minutes", "90"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "2026-11-16T10:30:00+09:00\n");
}

TEST(CalendarCommandLine, BusinessDaysPrintsTheCount) {
  const auto r =
      run_opsdesk({"calendar", "business-days", "--from", "2026-09-18", "--to", "2026-09-25"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "3\n");
}

TEST(CalendarCommandLine, BadInputExitsWith2AndOneLineNamingTheFlag) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"calendar", "holidays", "--year", "2100"},
       "--year: '2100' is not a year from 1955 to 2099"},
      {{"calendar", "business-duration", "--from", "2026-02-30T10:00:00+09:00", "--to",
        "2026-03-02T10:00:00+09:00"},
       "--from: '2026-02-30T10:00:00+09:00': no such calendar date"},
      {{"calendar", "business-duration", "--from", "2026-12-29T10:00:00+09:00", "--to",
        "2026-12-28T10:00:00+09:00"},
       "--from: must not be after to"},
      {{"calendar", "add", "--from", "2026-11-16T10:00:00+09:00", "--business-minutes", "60",
        "--schedule", "weekend"},
       "--schedule: unknown schedule 'weekend'; allowed: business, centre_room, 24x7"},
      {{"calendar", "business-days", "--from", "2026-09-18"}, "--to: required"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_opsdesk(args);
    EXPECT_EQ(r.exit_code, 2) << args[1];
    EXPECT_EQ(count_lines(r.stderr_text), 1) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find(message), std::string::npos) << r.stderr_text;
    EXPECT_EQ(r.stdout_text, "");
  }
}

TEST(CalendarCommandLine, UsesTheOverrideFileAndExtraDaysOfTheSettings) {
  TempDir dir;
  const auto file = write_file(dir, "syukujitsu.csv", kShiftJisOverride);
  const auto r = run_opsdesk({"calendar", "holidays", "--year", "2027"},
                             {{"OPSDESK_CALENDAR_HOLIDAYS_FILE", file}});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(json::parse(r.stdout_text),
            (json::array({{{"date", "2027-01-01"}, {"name", "元日"}},
                          {{"date", "2027-03-22"}, {"name", "休日"}}})));

  const auto closed =
      run_opsdesk({"calendar", "business-days", "--from", "2026-11-24", "--to", "2026-11-25"},
                  {{"OPSDESK_CALENDAR_EXTRA_CLOSURES", "2026-11-24"}});
  EXPECT_EQ(closed.stdout_text, "1\n") << closed.stderr_text;
}

TEST(CalendarCommandLine, AMalformedOverrideFileStopsTheServerAtStart) {
  TempDir dir;
  const auto file =
      write_file(dir, "bad.csv",
                 "国民の祝日・休日月日,国民の祝日・休日名称\n2027/1/1,元日\n2027/13/1,春分の日\n");
  const auto server =
      run_opsdesk({"--listen", "127.0.0.1:0", "--data-dir", (dir.path() / "data").string()},
                  {{"OPSDESK_CALENDAR_HOLIDAYS_FILE", file}});
  EXPECT_EQ(server.exit_code, 2);
  EXPECT_EQ(count_lines(server.stderr_text), 1) << server.stderr_text;
  EXPECT_NE(server.stderr_text.find(file + ": line 3: '2027/13/1' is not a date of the calendar"),
            std::string::npos)
      << server.stderr_text;
  EXPECT_EQ(server.stdout_text.find("listening on"), std::string::npos);

  const auto cli = run_opsdesk({"calendar", "holidays", "--year", "2027"},
                               {{"OPSDESK_CALENDAR_HOLIDAYS_FILE", file}});
  EXPECT_EQ(cli.exit_code, 2);
  EXPECT_NE(cli.stderr_text.find("line 3"), std::string::npos) << cli.stderr_text;
}

// ---- HTTP ----

class CalendarHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    opsdesk_ = new OpsdeskProcess(data_->path(), {},
                                  {{"OPSDESK_CALENDAR_SCHEDULES", "night_desk=18:00-22:00"}});
  }
  static void TearDownTestSuite() {
    delete opsdesk_;
    delete data_;
  }

  // Any role will do: a viewer of one association.
  ApiClient client() const {
    return ApiClient(opsdesk_->host(), opsdesk_->port(),
                     token_for("suzuki", {"viewer"}, {"soumu"}));
  }

  static void expect_invalid(const ApiResponse& r, const std::vector<std::string>& fields) {
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    const auto body = r.json();
    EXPECT_EQ(body["type"], "urn:opsdesk:problem:validation-failed");
    std::vector<std::string> named;
    for (const auto& e : body["errors"]) named.push_back(e["field"]);
    EXPECT_EQ(named, fields) << r.body;
  }

  static TempDir* data_;
  static OpsdeskProcess* opsdesk_;
};

TempDir* CalendarHttp::data_ = nullptr;
OpsdeskProcess* CalendarHttp::opsdesk_ = nullptr;

TEST_F(CalendarHttp, HolidaysOfAYear) {
  const auto r = client().get("/v1/calendar/holidays?year=2019");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  EXPECT_EQ(body["year"], 2019);
  EXPECT_EQ(body["holidays"].size(), 22u);
  EXPECT_EQ(body["holidays"][6], (json{{"date", "2019-05-01"}, {"name", "天皇の即位の日"}}));
}

TEST_F(CalendarHttp, BusinessDurationAcrossTheYearEnd) {
  const auto r =
      client().get("/v1/calendar/business-duration?from=" + q("2026-12-28T17:00:00+09:00") +
                   "&to=" + q("2027-01-04T10:00:00+09:00"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), (json{{"from", "2026-12-28T17:00:00+09:00"},
                            {"to", "2027-01-04T10:00:00+09:00"},
                            {"schedule", "business"},
                            {"seconds", 7200},
                            {"hours_minutes", "2:00"}}));
}

TEST_F(CalendarHttp, AddOnTheDefaultAndAConfiguredSchedule) {
  const auto r = client().get("/v1/calendar/add?from=" + q("2026-11-14T23:00:00+09:00") +
                              "&business_minutes=90");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), (json{{"from", "2026-11-14T23:00:00+09:00"},
                            {"business_minutes", 90},
                            {"schedule", "business"},
                            {"result", "2026-11-16T10:30:00+09:00"},
                            {"result_tokyo", "2026-11-16T10:30:00+09:00"}}));
  const auto night = client().get(
      "/v1/calendar/add?from=2026-11-20T12:00:00Z&business_minutes=120&schedule=night_desk");
  ASSERT_EQ(night.status, 200) << night.body;
  EXPECT_EQ(night.json()["result_tokyo"], "2026-11-24T19:00:00+09:00");
}

TEST_F(CalendarHttp, BusinessDaysOfSilverWeek) {
  const auto r = client().get("/v1/calendar/business-days?from=2026-09-18&to=2026-09-25");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), (json{{"from", "2026-09-18"},
                            {"to", "2026-09-25"},
                            {"count", 3},
                            {"days", {"2026-09-18", "2026-09-24", "2026-09-25"}}}));
}

TEST_F(CalendarHttp, BadQueryParametersAre422NamingEachOne) {
  expect_invalid(client().get("/v1/calendar/holidays?year=1954"), {"year"});
  expect_invalid(client().get("/v1/calendar/holidays"), {"year"});
  expect_invalid(
      client().get(
          "/v1/calendar/"
          "business-duration?from=2026-12-29T00:00:00Z&to=2026-12-28T00:00:00Z&schedule=weekend"),
      {"from", "schedule"});
  expect_invalid(
      client().get(
          "/v1/calendar/business-duration?from=2026-02-30T10:00:00Z&to=2100-01-01T00:00:00Z"),
      {"from", "to"});
  expect_invalid(client().get("/v1/calendar/add?from=2026-11-16T10:00:00Z&business_minutes=-5"),
                 {"business_minutes"});
  expect_invalid(client().get("/v1/calendar/business-days?from=2026-09-31&to=2026-09-18"),
                 {"from"});
  const auto message = client().get(
      "/v1/calendar/business-duration?from=2026-12-29T00:00:00Z&to=2026-12-28T00:00:00Z");
  EXPECT_EQ(message.json()["errors"][0]["message"], "must not be after to");
}

TEST_F(CalendarHttp, AValidTokenIsNeeded) {
  const auto anonymous =
      ApiClient(opsdesk_->host(), opsdesk_->port()).get("/v1/calendar/holidays?year=2026");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.json()["type"], "urn:opsdesk:problem:unauthenticated");
  const auto forged = ApiClient(opsdesk_->host(), opsdesk_->port(), "not.a.token")
                          .get("/v1/calendar/holidays?year=2026");
  EXPECT_EQ(forged.status, 401);
}

TEST_F(CalendarHttp, TheOpenApiDocumentDescribesTheCalendar) {
  const auto r = client().get("/openapi.json");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto doc = r.json();
  for (const char* path : {"/v1/calendar/holidays", "/v1/calendar/business-duration",
                           "/v1/calendar/add", "/v1/calendar/business-days"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
  EXPECT_TRUE(doc["paths"].contains("/v1/incidents"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("BusinessDuration"));
  // Shared components keep the first document's definition: the incidents' Problem lists its types.
  EXPECT_NE(doc["components"]["schemas"]["Problem"]["description"].get<std::string>().find(
                "malformed-if-match"),
            std::string::npos);
}

}  // namespace
}  // namespace opsdesk::testing
