// The operator CLI against a running server: `opsdesk incidents …`, `opsdesk inquiries …` and
// `opsdesk sla …` as an operator at the centre types them, with tables in Japanese and Tokyo
// times, --json for scripts, and the exit statuses scripts rely on (0 done, 1 the server said
// no, 2 bad usage).

#include <gtest/gtest.h>

#include <fstream>

#include "libs/core/clock.hpp"
#include "libs/core/tokyo_time.hpp"
#include "services/certificates/tests/test_signing.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

class OperatorCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    opsdesk_ = new OpsdeskProcess(data_->path());
  }
  static void TearDownTestSuite() {
    delete opsdesk_;
    delete data_;
  }

  // `opsdesk <args>` with the server's URL and a token of `roles`/`tenants` in the environment.
  static ProcessResult cli(std::vector<std::string> args,
                           const std::vector<std::string>& roles = {"maintainer"},
                           const std::vector<std::string>& tenants = {"*"}) {
    return run_opsdesk(std::move(args), {{"OPSDESK_URL", opsdesk_->base_url()},
                                         {"OPSDESK_TOKEN", token_for("sato", roles, tenants)}});
  }

  static std::string detect(const std::string& tenants, const std::string& title) {
    auto r = cli({"incidents", "detect", "--title", title, "--severity", "major", "--tenants",
                  tenants, "--occurred-at", "2026-12-03T10:05:00+09:00", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return json::parse(r.stdout_text, nullptr, false).value("id", "");
  }

  static TempDir* data_;
  static OpsdeskProcess* opsdesk_;
};

TempDir* OperatorCli::data_ = nullptr;
OpsdeskProcess* OperatorCli::opsdesk_ = nullptr;

TEST_F(OperatorCli, DetectNoticeRestoreAndCloseAnIncidentFromTheTerminal) {
  auto detected =
      cli({"incidents", "detect", "--title", "夜間バッチ異常終了", "--severity", "major",
           "--tenants", "soumu,houmu", "--occurred-at", "2026-12-03T10:05:00+09:00"});
  ASSERT_EQ(detected.exit_code, 0) << detected.stderr_text;
  EXPECT_NE(detected.stdout_text.find("障害を登録しました"), std::string::npos)
      << detected.stdout_text;
  const auto id = detected.stdout_text.substr(detected.stdout_text.find("：") + 3, 36);

  auto noticed = cli({"incidents", "notice", id, "--tenant", "soumu", "--sent-at",
                      "2026-12-03T10:50:00+09:00", "--channel", "phone"});
  ASSERT_EQ(noticed.exit_code, 0) << noticed.stderr_text;
  EXPECT_NE(noticed.stdout_text.find("総務省共済組合"), std::string::npos) << noticed.stdout_text;

  auto shown = cli({"incidents", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.stderr_text;
  EXPECT_NE(shown.stdout_text.find("夜間バッチ異常終了"), std::string::npos) << shown.stdout_text;
  // Tokyo time, to the minute, as the desk reads it; Japanese names of the associations.
  EXPECT_NE(shown.stdout_text.find("2026-12-03 10:05"), std::string::npos) << shown.stdout_text;
  EXPECT_NE(shown.stdout_text.find("法務省共済組合"), std::string::npos) << shown.stdout_text;
  EXPECT_NE(shown.stdout_text.find("2026-12-03 10:50"), std::string::npos) << shown.stdout_text;

  ASSERT_EQ(cli({"incidents", "restore", id, "--at", "2026-12-03T11:30:00+09:00"}).exit_code, 0);
  auto closed = cli({"incidents", "close", id, "--resolution", "再実行で復旧"});
  ASSERT_EQ(closed.exit_code, 0) << closed.stderr_text;
  EXPECT_NE(closed.stdout_text.find("クローズ"), std::string::npos) << closed.stdout_text;
}

TEST_F(OperatorCli, ListShowsTheBoardAsATableAndJsonForScripts) {
  const auto id = detect("kokkou", "帳票出力遅延");
  auto listed = cli({"incidents", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.stderr_text;
  EXPECT_NE(listed.stdout_text.find("ID"), std::string::npos);
  EXPECT_NE(listed.stdout_text.find(id), std::string::npos) << listed.stdout_text;
  EXPECT_NE(listed.stdout_text.find("帳票出力遅延"), std::string::npos) << listed.stdout_text;
  auto as_json = cli({"incidents", "list", "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.stderr_text;
  EXPECT_TRUE(json::parse(as_json.stdout_text).contains("items"));
}

TEST_F(OperatorCli, AnAssociationAdministratorListsOnlyItsOwnIncidents) {
  const auto theirs = detect("houmu", "法務省だけの障害");
  auto listed = cli({"incidents", "list"}, {"association_admin"}, {"soumu"});
  ASSERT_EQ(listed.exit_code, 0) << listed.stderr_text;
  EXPECT_EQ(listed.stdout_text.find(theirs), std::string::npos) << listed.stdout_text;
}

TEST_F(OperatorCli, TheServersRefusalExitsWith1AndPrintsItsProblem) {
  auto refused = cli(
      {"incidents", "detect", "--title", "x", "--severity", "apocalyptic", "--tenants", "soumu"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.stderr_text.find("422"), std::string::npos) << refused.stderr_text;
  EXPECT_NE(refused.stderr_text.find("severity"), std::string::npos) << refused.stderr_text;

  auto unknown = cli({"incidents", "show", "01a24000-0000-7000-8000-000000000000"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.stderr_text.find("404"), std::string::npos) << unknown.stderr_text;
}

TEST_F(OperatorCli, BadUsageExitsWith2AndHelpNamesTheEnvironment) {
  auto missing = cli({"incidents", "detect", "--title", "x"});
  EXPECT_EQ(missing.exit_code, 2) << missing.stderr_text;
  EXPECT_NE(missing.stderr_text.find("--severity"), std::string::npos) << missing.stderr_text;

  auto no_token = run_opsdesk({"incidents", "list"},
                              {{"OPSDESK_URL", opsdesk_->base_url()}, {"OPSDESK_TOKEN", ""}});
  EXPECT_EQ(no_token.exit_code, 2);
  EXPECT_NE(no_token.stderr_text.find("OPSDESK_TOKEN"), std::string::npos) << no_token.stderr_text;

  auto help = run_opsdesk({"incidents", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.stdout_text.find("OPSDESK_URL"), std::string::npos) << help.stdout_text;
  EXPECT_NE(help.stdout_text.find("OPSDESK_TOKEN"), std::string::npos) << help.stdout_text;
}

TEST_F(OperatorCli, AServerThatIsNotThereExitsWith1SayingWhere) {
  auto r = run_opsdesk({"incidents", "list"},
                       {{"OPSDESK_URL", "http://127.0.0.1:9"}, {"OPSDESK_TOKEN", "x.y.z"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("cannot reach opsdesk at http://127.0.0.1:9"), std::string::npos)
      << r.stderr_text;
}

TEST_F(OperatorCli, TheSlaTablePrintsTheRowsOrSavesTheWorkbook) {
  detect("soumu", "SLA表の確認");
  auto table = cli({"sla", "table", "--tenant", "soumu", "--month", "2026-12"});
  ASSERT_EQ(table.exit_code, 0) << table.stderr_text;
  EXPECT_NE(table.stdout_text.find("総務省共済組合"), std::string::npos) << table.stdout_text;
  EXPECT_NE(table.stdout_text.find("障害対応状況通知時間"), std::string::npos) << table.stdout_text;

  const auto file = data_->path() / "sla.xlsx";
  auto saved =
      cli({"sla", "table", "--tenant", "soumu", "--month", "2026-12", "--xlsx", file.string()});
  ASSERT_EQ(saved.exit_code, 0) << saved.stderr_text;
  std::ifstream in(file, std::ios::binary);
  std::string magic(2, '\0');
  in.read(magic.data(), 2);
  EXPECT_EQ(magic, "PK") << "an xlsx is a zip";
}

// The line of `text` that holds `needle` ("" when none).
std::string line_with(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  if (at == std::string::npos) return "";
  auto begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  const auto end = text.find('\n', at);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

TEST_F(OperatorCli, AnInquiryFromReceptionToCloseFromTheTerminal) {
  auto received = cli(
      {"inquiries", "receive", "--tenant", "soumu", "--channel", "phone", "--requester", "山田",
       "--role", "本部システム管理者", "--subject", "端末パスワードの再設定", "--body",
       "ログインパスワードを忘れた職員がいます。", "--received-at", "2026-12-03T10:05:00+09:00"});
  ASSERT_EQ(received.exit_code, 0) << received.stderr_text;
  EXPECT_NE(received.stdout_text.find("問合せを受け付けました"), std::string::npos)
      << received.stdout_text;
  const auto id = received.stdout_text.substr(received.stdout_text.find("：") + 3, 36);

  // The list in Japanese: Tokyo time to the minute, the association's name, class and status.
  auto listed = cli({"inquiries", "list", "--tenant", "soumu"});
  ASSERT_EQ(listed.exit_code, 0) << listed.stderr_text;
  for (const std::string column : {"受付日時", "組合", "件名", "区分", "状態", "ID"})
    EXPECT_NE(listed.stdout_text.find(column), std::string::npos) << column;
  const auto row = line_with(listed.stdout_text, id);
  for (const std::string cell :
       {"2026-12-03 10:05", "総務省共済組合", "端末パスワードの再設定", "未分類", "受付"})
    EXPECT_NE(row.find(cell), std::string::npos) << cell << "\n" << listed.stdout_text;
  auto as_json = cli({"inquiries", "list", "--q", "パスワード 再設定", "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.stderr_text;
  const auto page = json::parse(as_json.stdout_text, nullptr, false);
  ASSERT_TRUE(page.contains("items")) << as_json.stdout_text;
  bool in_json = false;
  for (const auto& item : page["items"]) in_json = in_json || item.value("id", "") == id;
  EXPECT_TRUE(in_json) << as_json.stdout_text;

  auto classified = cli({"inquiries", "classify", id, "--class", "question", "--by", "佐藤"});
  ASSERT_EQ(classified.exit_code, 0) << classified.stderr_text;
  EXPECT_NE(classified.stdout_text.find("質問"), std::string::npos) << classified.stdout_text;
  auto effort = cli({"inquiries", "effort", id, "--minutes", "30", "--kind", "handling", "--note",
                     "電話対応", "--by", "佐藤"});
  ASSERT_EQ(effort.exit_code, 0) << effort.stderr_text;
  EXPECT_NE(effort.stdout_text.find("計 30分"), std::string::npos) << effort.stdout_text;
  auto answered =
      cli({"inquiries", "answer", id, "--text", "手順書3.2をご覧ください", "--by", "佐藤"});
  ASSERT_EQ(answered.exit_code, 0) << answered.stderr_text;
  EXPECT_NE(answered.stdout_text.find("回答済"), std::string::npos) << answered.stdout_text;
  auto closed = cli({"inquiries", "close", id, "--by", "佐藤"});
  ASSERT_EQ(closed.exit_code, 0) << closed.stderr_text;
  EXPECT_NE(closed.stdout_text.find("完了"), std::string::npos) << closed.stdout_text;

  auto shown = cli({"inquiries", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.stderr_text;
  const auto& text = shown.stdout_text;
  for (const std::string expected :
       {"山田（本部システム管理者）", "端末パスワードの再設定", "質問", "手順書3.2をご覧ください",
        "対応 30分（計 30分）", "2026-12-03 10:05", "完了（版 5）"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  // The history, oldest first, each event with the person and the token's subject.
  const std::vector<std::string> events{"InquiryReceived", "InquiryClassified", "EffortRecorded",
                                        "InquiryAnswered", "InquiryClosed"};
  std::size_t previous = 0;
  for (const auto& event : events) {
    const auto at = text.find(event);
    ASSERT_NE(at, std::string::npos) << event << "\n" << text;
    EXPECT_GT(at, previous) << event << "\n" << text;
    previous = at;
  }
  EXPECT_NE(line_with(text, "InquiryAnswered").find("佐藤"), std::string::npos) << text;
  EXPECT_NE(line_with(text, "InquiryAnswered").find("sato"), std::string::npos) << text;
}

TEST_F(OperatorCli, AnInquiryCommandTheServerRefusesNamesTheField) {
  auto received =
      cli({"inquiries", "receive", "--tenant", "houmu", "--channel", "email", "--requester", "鈴木",
           "--subject", "月次帳票の出力", "--body", "月次帳票が出力できません。", "--json"});
  ASSERT_EQ(received.exit_code, 0) << received.stderr_text;
  const std::string id = json::parse(received.stdout_text, nullptr, false).value("id", "");
  ASSERT_FALSE(id.empty()) << received.stdout_text;

  auto refused =
      cli({"inquiries", "effort", id, "--minutes", "0", "--kind", "handling", "--by", "佐藤"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.stderr_text.find("422"), std::string::npos) << refused.stderr_text;
  // Each field error on a line of its own.
  EXPECT_NE(refused.stderr_text.find("\n  minutes: "), std::string::npos) << refused.stderr_text;

  // No default for the person who did it: leaving --by out is bad usage.
  auto no_by = cli({"inquiries", "answer", id, "--text", "確認します"});
  EXPECT_EQ(no_by.exit_code, 2) << no_by.stderr_text;
  EXPECT_NE(no_by.stderr_text.find("--by"), std::string::npos) << no_by.stderr_text;

  auto unknown = cli({"inquiries", "show", "01a24000-0000-7000-8000-000000000000"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.stderr_text.find("404"), std::string::npos) << unknown.stderr_text;
  EXPECT_NE(unknown.stderr_text.find("no inquiry"), std::string::npos) << unknown.stderr_text;
}

}  // namespace
}  // namespace opsdesk::testing

namespace opsdesk::testing {
namespace {

// The schedule from the terminal (its own server: seeding is for the whole process).
TEST(OperatorCliSchedule, SeedListTodaysWorkAndCompleteOneFromTheTerminal) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  auto cli = [&](std::vector<std::string> args) {
    return run_opsdesk(std::move(args),
                       {{"OPSDESK_URL", opsdesk.base_url()},
                        {"OPSDESK_TOKEN", token_for("sato", {"maintainer"}, {"*"})}});
  };
  auto seeded = cli({"schedule", "seed"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.stderr_text;
  EXPECT_NE(seeded.stdout_text.find("定義しました: 15件（定義済み: 0件）"), std::string::npos)
      << seeded.stdout_text;
  EXPECT_NE(cli({"schedule", "seed"}).stdout_text.find("定義しました: 0件（定義済み: 15件）"),
            std::string::npos);

  // A month of backup checks, in a table; one completed by id.
  auto listed = cli({"schedule", "occurrences", "--from", "2026-12-01", "--to", "2026-12-31",
                     "--kind", "backup_check", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.stderr_text;
  const auto items = json::parse(listed.stdout_text)["items"];
  ASSERT_FALSE(items.empty());
  const std::string id = items[0]["id"];
  auto table = cli({"schedule", "occurrences", "--from", "2026-12-01", "--to", "2026-12-31",
                    "--kind", "backup_check"});
  EXPECT_NE(table.stdout_text.find(" ほか17組合"), std::string::npos) << table.stdout_text;
  auto done = cli({"schedule", "complete", id, "--result", "manual_done", "--tenants", "soumu",
                   "--evidence", "手動バックアップを取得", "--at", "2026-12-01T11:00:00+09:00"});
  ASSERT_EQ(done.exit_code, 0) << done.stderr_text;
  EXPECT_NE(done.stdout_text.find("未実施: "), std::string::npos) << done.stdout_text;
  // The server's refusal is the CLI's exit 1, its words on stderr.
  auto refused = cli({"schedule", "complete", id, "--result", "sometimes"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.stderr_text.find("result"), std::string::npos) << refused.stderr_text;
}

// Planned work that stops two associations' service, approved and completed; the annual plan
// saved as a workbook; a calendar subscription URL.
TEST(OperatorCliSchedule, AWindowThePlanAndAFeedTokenFromTheTerminal) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  auto cli = [&](std::vector<std::string> args) {
    return run_opsdesk(std::move(args),
                       {{"OPSDESK_URL", opsdesk.base_url()},
                        {"OPSDESK_TOKEN", token_for("sato", {"maintainer"}, {"*"})}});
  };
  auto planned =
      cli({"schedule", "window", "plan", "--kind", "periodic_inspection", "--title", "定期点検",
           "--tenants", "soumu,houmu", "--start", "2027-01-09T09:00:00+09:00", "--end",
           "2027-01-09T17:00:00+09:00", "--stops-service", "--json"});
  ASSERT_EQ(planned.exit_code, 0) << planned.stderr_text;
  const std::string id = json::parse(planned.stdout_text)["id"];
  auto approved = cli({"schedule", "window", "approve", id, "--tenant", "soumu", "--approver",
                       "総務省共済組合 山田課長"});
  ASSERT_EQ(approved.exit_code, 0) << approved.stderr_text;
  EXPECT_NE(approved.stdout_text.find("承認待ち: 法務省共済組合"), std::string::npos)
      << approved.stdout_text;
  // The work has not started: the server refuses, the CLI says why.
  auto early = cli({"schedule", "window", "complete", id});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_NE(early.stderr_text.find("planned start"), std::string::npos) << early.stderr_text;

  ASSERT_EQ(cli({"schedule", "seed"}).exit_code, 0);
  const auto workbook = (std::filesystem::path(data.path()) / "plan.xlsx").string();
  auto saved = cli({"schedule", "plan", "--year", "2026", "--xlsx", workbook});
  ASSERT_EQ(saved.exit_code, 0) << saved.stderr_text;
  std::ifstream file(workbook, std::ios::binary);
  std::string head(2, '\0');
  file.read(head.data(), 2);
  EXPECT_EQ(head, "PK");
  auto shown = cli({"schedule", "plan", "--month", "2027-01"});
  ASSERT_EQ(shown.exit_code, 0) << shown.stderr_text;
  EXPECT_NE(shown.stdout_text.find("月間運用計画 2027-01（未承認）"), std::string::npos)
      << shown.stdout_text;

  auto token = cli({"schedule", "feed-token", "--label", "Outlook"});
  ASSERT_EQ(token.exit_code, 0) << token.stderr_text;
  EXPECT_NE(token.stdout_text.find(opsdesk.base_url() + "/v1/schedule/calendar.ics?feed_token="),
            std::string::npos)
      << token.stdout_text;
}

// What a newcomer does from the terminal (issue: the changes service): seed the centre's
// equipment, register a change, plan its WBS, record progress and hours, read SPI/CPI/EAC and the
// cap in 人月, save the month's workbook. The clock stands at Wednesday 2026-06-03 18:00.
TEST(OperatorCliChanges, PlanAChangeRecordItsWorkAndReadItsEarnedValueFromTheTerminal) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--clock=manual"});
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  ApiClient api(opsdesk.host(), opsdesk.port(), token);
  ASSERT_EQ(api.post("/v1/test/clock", {{"now", "2026-06-03T18:00:00+09:00"}}).status, 200);
  auto cli = [&](std::vector<std::string> args) {
    return run_opsdesk(std::move(args),
                       {{"OPSDESK_URL", opsdesk.base_url()}, {"OPSDESK_TOKEN", token}});
  };
  auto seeded = cli({"changes", "seed"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.stderr_text;
  EXPECT_NE(seeded.stdout_text.find("登録しました: 39件（登録済み: 0件）"), std::string::npos)
      << seeded.stdout_text;
  auto servers = cli({"changes", "items", "--kind", "system_server"});
  EXPECT_NE(servers.stdout_text.find("srv-soumu"), std::string::npos) << servers.stdout_text;

  auto registered =
      cli({"changes", "register", "--origin", "other", "--title", "帳票レイアウト変更", "--tenants",
           "soumu", "--items", "srv-soumu", "--json"});
  ASSERT_EQ(registered.exit_code, 0) << registered.stderr_text;
  const std::string id = json::parse(registered.stdout_text)["id"];
  ASSERT_EQ(cli({"changes", "package", id, "--name", "設計・製造", "--hours", "40", "--start",
                 "2026-06-01", "--finish", "2026-06-05"})
                .exit_code,
            0);
  ASSERT_EQ(cli({"changes", "baseline", id}).exit_code, 0);
  ASSERT_EQ(cli({"changes", "actual", id, "--package", "wp-1", "--hours", "10", "--by", "山田",
                 "--date", "2026-06-01"})
                .exit_code,
            0);
  ASSERT_EQ(cli({"changes", "actual", id, "--package", "wp-1", "--hours", "12", "--by", "山田",
                 "--date", "2026-06-02"})
                .exit_code,
            0);
  auto progressed = cli({"changes", "progress", id, "--package", "wp-1", "--percent", "50"});
  ASSERT_EQ(progressed.exit_code, 0) << progressed.stderr_text;
  EXPECT_NE(progressed.stdout_text.find("wp-1"), std::string::npos) << progressed.stdout_text;

  auto evm = cli({"changes", "evm", id});
  ASSERT_EQ(evm.exit_code, 0) << evm.stderr_text;
  EXPECT_NE(evm.stdout_text.find("SPI"), std::string::npos) << evm.stdout_text;
  EXPECT_NE(evm.stdout_text.find("0.83"), std::string::npos) << evm.stdout_text;  // SPI 20/24
  EXPECT_NE(evm.stdout_text.find("0.91"), std::string::npos) << evm.stdout_text;  // CPI 20/22
  EXPECT_NE(evm.stdout_text.find("44.0"), std::string::npos) << evm.stdout_text;  // EAC 40/CPI
  EXPECT_NE(evm.stdout_text.find("2026-06-08"), std::string::npos) << evm.stdout_text;

  auto cap = cli({"changes", "cap"});
  ASSERT_EQ(cap.exit_code, 0) << cap.stderr_text;
  EXPECT_NE(cap.stdout_text.find("契約上限"), std::string::npos) << cap.stdout_text;
  EXPECT_NE(cap.stdout_text.find("2.00"), std::string::npos) << cap.stdout_text;

  const auto workbook = (std::filesystem::path(data.path()) / "evm.xlsx").string();
  auto saved = cli({"changes", "month", "--month", "2026-06", "--xlsx", workbook});
  ASSERT_EQ(saved.exit_code, 0) << saved.stderr_text;
  std::ifstream file(workbook, std::ios::binary);
  std::string head(2, '\0');
  file.read(head.data(), 2);
  EXPECT_EQ(head, "PK");

  // The server's refusal is the CLI's exit 1, its words on stderr.
  auto refused = cli({"changes", "progress", id, "--package", "wp-1", "--percent", "120"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.stderr_text.find("percent"), std::string::npos) << refused.stderr_text;
}

TEST(OperatorCliPatches, RollAnEmergencyPatchOutAndReadItsMatrixAndReportFromTheTerminal) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--clock=manual"});
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  ApiClient api(opsdesk.host(), opsdesk.port(), token);
  ASSERT_EQ(api.post("/v1/test/clock", {{"now", "2026-06-01T09:00:00+09:00"}}).status, 200);
  auto cli = [&](std::vector<std::string> args) {
    return run_opsdesk(std::move(args),
                       {{"OPSDESK_URL", opsdesk.base_url()}, {"OPSDESK_TOKEN", token}});
  };
  ASSERT_EQ(cli({"changes", "seed"}).exit_code, 0);
  auto registered =
      cli({"patches", "register", "--product", "os", "--vendor-id", "KB5060842", "--title",
           "セキュリティ更新", "--published", "2026-05-29", "--severity", "critical", "--json"});
  ASSERT_EQ(registered.exit_code, 0) << registered.stderr_text;
  const std::string id = json::parse(registered.stdout_text)["id"];
  ASSERT_EQ(cli({"patches", "assess", id, "--impact", "影響なし"}).exit_code, 0);
  auto decided = cli({"patches", "urgency", id, "--urgency", "emergency", "--measure", "permanent",
                      "--agreed-with", "総務省共済組合 佐藤"});
  ASSERT_EQ(decided.exit_code, 0) << decided.stderr_text;
  EXPECT_NE(decided.stdout_text.find("緊急対応（適用期限 2026-06-04 18:00）"), std::string::npos)
      << decided.stdout_text;
  ASSERT_EQ(cli({"patches", "verification", id, "--result", "passed", "--environment", "検証環境"})
                .exit_code,
            0);
  auto targeted = cli({"patches", "target", id, "--items", "srv-soumu,srv-houmu,mon-terminal"});
  ASSERT_EQ(targeted.exit_code, 0) << targeted.stderr_text;
  EXPECT_NE(targeted.stdout_text.find("srv-houmu"), std::string::npos) << targeted.stdout_text;
  ASSERT_EQ(
      cli({"patches", "verify", id, "--targets", "srv-soumu,srv-houmu,mon-terminal"}).exit_code, 0);
  ASSERT_EQ(cli({"patches", "schedule", id, "--targets", "srv-soumu,srv-houmu", "--at",
                 "2026-06-02T20:00:00+09:00"})
                .exit_code,
            0);
  ASSERT_EQ(cli({"patches", "apply", id, "--targets", "srv-soumu", "--note", "適用完了"}).exit_code,
            0);

  auto open = cli({"patches", "matrix", "--state", "open"});
  ASSERT_EQ(open.exit_code, 0) << open.stderr_text;
  EXPECT_NE(open.stdout_text.find("適用予定"), std::string::npos) << open.stdout_text;  // houmu
  EXPECT_NE(open.stdout_text.find("mon-terminal"), std::string::npos) << open.stdout_text;
  EXPECT_EQ(open.stdout_text.find("srv-soumu"), std::string::npos) << open.stdout_text;
  auto listed = cli({"patches", "list"});
  EXPECT_NE(listed.stdout_text.find("適用済1"), std::string::npos) << listed.stdout_text;

  auto report = cli({"patches", "report", "--month", "2026-06", "--tenant", "soumu"});
  ASSERT_EQ(report.exit_code, 0) << report.stderr_text;
  EXPECT_NE(report.stdout_text.find("適用済 1、失敗 0、未適用 1"), std::string::npos)
      << report.stdout_text;

  // Defense's terminal is out of OS patches by contract: the clause on stderr, exit 1.
  ASSERT_EQ(api.post("/v1/configuration-items", {{"kind", "monitoring_terminal"},
                                                 {"code", "mon-terminal-bouei"},
                                                 {"name", "運用監視端末（防衛省共済組合）"},
                                                 {"tenants", json::array({"bouei"})},
                                                 {"location", "bouei_site"}})
                .status,
            201);
  auto refused = cli({"patches", "target", id, "--items", "mon-terminal-bouei"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.stderr_text.find("4.(2)⑤オ"), std::string::npos) << refused.stderr_text;
}

// The done-when of the documents issue from a terminal: a procedure with two approved versions
// (one sent as bytes, one larger file named by the hash computed here), a meeting showing when its
// minutes are due, an asset out to a vendor and back with a sha256sum manifest, the register
// exported.
TEST(OperatorCliDocuments, ControlAProcedureHoldAMeetingAndCheckAnAssetOutAndBack) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {"--clock=manual"});
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  ApiClient api(opsdesk.host(), opsdesk.port(), token);
  ASSERT_EQ(api.post("/v1/test/clock", {{"now", "2026-11-20T17:00:00+09:00"}}).status, 200);
  auto cli = [&](std::vector<std::string> args) {
    return run_opsdesk(std::move(args),
                       {{"OPSDESK_URL", opsdesk.base_url()}, {"OPSDESK_TOKEN", token}});
  };
  auto write = [&](const std::string& name, const std::string& bytes) {
    const auto path = data.path() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  };

  auto registered = cli({"documents", "register", "--title", "サーバ再起動手順書", "--kind",
                         "procedure", "--tenants", "soumu", "--json"});
  ASSERT_EQ(registered.exit_code, 0) << registered.stderr_text;
  const std::string id = json::parse(registered.stdout_text)["id"];
  const auto small = write("restart-1.0.txt", "1. 停止\n2. 再起動\n");
  auto v1 = cli({"documents", "add-version", id, "--version", "1.0", "--file", small});
  ASSERT_EQ(v1.exit_code, 0) << v1.stderr_text;
  EXPECT_NE(v1.stdout_text.find("承認待ち"), std::string::npos) << v1.stdout_text;
  ASSERT_EQ(cli({"documents", "approve", id, "--version", "1.0", "--approver", "佐藤"}).exit_code,
            0);
  // Over 512 KiB: kept outside, named by the hash computed here.
  const std::string big_bytes(600 * 1024, 'x');
  const auto big = write("restart-1.1.pdf", big_bytes);
  ASSERT_EQ(cli({"documents", "add-version", id, "--version", "1.1", "--file", big}).exit_code, 0);
  ASSERT_EQ(cli({"documents", "approve", id, "--version", "1.1", "--approver", "佐藤"}).exit_code,
            0);
  ASSERT_EQ(cli({"documents", "file", id, "--location", "fireproof_safe", "--label", "原本-014"})
                .exit_code,
            0);
  auto shown = cli({"documents", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.stderr_text;
  EXPECT_NE(shown.stdout_text.find("承認版: 1.1　保管: 耐火金庫 原本-014"), std::string::npos)
      << shown.stdout_text;
  auto document = api.get("/v1/documents/" + id).json();
  EXPECT_EQ(document["versions"][1]["size"], big_bytes.size());
  EXPECT_EQ(document["versions"][1]["has_content"], false);
  const auto copy = (data.path() / "copy.txt").string();
  ASSERT_EQ(cli({"documents", "content", id, "--version", "1.0", "--output", copy}).exit_code, 0);
  std::ifstream copied(copy);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(copied), {}), "1. 停止\n2. 再起動\n");
  const auto workbook = (data.path() / "register.xlsx").string();
  ASSERT_EQ(cli({"documents", "list", "--xlsx", workbook}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::file_size(workbook) > 0);

  auto meeting = cli({"meetings", "record", "--date", "2026-11-20", "--held-at", "センタ会議室",
                      "--kind", "monthly_report", "--title", "11月 月次報告会", "--attendees",
                      "佐藤,田中", "--tenants", "all_centre"});
  ASSERT_EQ(meeting.exit_code, 0) << meeting.stderr_text;
  EXPECT_NE(meeting.stdout_text.find("議事録期限: 2026-11-25 18:00（提出待ち）"), std::string::npos)
      << meeting.stdout_text;

  ASSERT_EQ(cli({"changes", "seed"}).exit_code, 0);
  const std::string a(64, 'a'), b(64, 'b'), c(64, 'c');
  const auto master = write("master.sha256", a + "  bin/kyosai.exe\n" + b + "  lib/calc.dll\n");
  auto out = cli({"checkouts", "out", "--item", "srv-soumu", "--recipient", "B社 山田", "--purpose",
                  "改修", "--master", master, "--json"});
  ASSERT_EQ(out.exit_code, 0) << out.stderr_text;
  const std::string checkout = json::parse(out.stdout_text)["id"];
  ASSERT_EQ(cli({"checkouts", "return", checkout}).exit_code, 0);
  const auto found = write("found.sha256", c + " *bin/kyosai.exe\n" + b + "  lib/calc.dll\n");
  auto checked = cli({"checkouts", "check", checkout, "--found", found});
  ASSERT_EQ(checked.exit_code, 0) << checked.stderr_text;
  EXPECT_NE(checked.stdout_text.find("差異あり"), std::string::npos) << checked.stdout_text;
  EXPECT_NE(checked.stdout_text.find("bin/kyosai.exe"), std::string::npos) << checked.stdout_text;
  auto listed = cli({"checkouts", "list", "--status", "returned"});
  EXPECT_NE(listed.stdout_text.find("返却済"), std::string::npos) << listed.stdout_text;
  const auto garbage = write("garbage.sha256", "not a manifest\n");
  auto bad = cli({"checkouts", "check", checkout, "--found", garbage});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.stderr_text.find("not a line of sha256sum output"), std::string::npos)
      << bad.stderr_text;
}

TEST(OperatorCliCertificates, ImportRenewRetireRecordASigningAndVerifyIt) {
  using certificates::testing::issue;
  using certificates::testing::Issued;
  using std::chrono::hours;
  TempDir data;
  // Real time: osslsigncode signs now, and the certificates live around it.
  const auto now = core::SystemClock{}.now();
  const Issued root(issue({"opsdesk test root", "opsdesk test", now - hours{24},
                           now + hours{24 * 3650}, "", "", true}));
  const Issued signer(issue({"共済組合連合会 コード署名", "opsdesk test", now - hours{1},
                             now + hours{24 * 300}, "codeSigning", "", false, 2048},
                            &root));
  const Issued site(issue({"kyosai.example.jp", "opsdesk test", now - hours{24},
                           now + hours{24 * 180}, "serverAuth", "DNS:kyosai.example.jp"},
                          &root));
  const Issued renewed(issue({"kyosai.example.jp", "opsdesk test", now - hours{1},
                              now + hours{24 * 190}, "serverAuth", "DNS:kyosai.example.jp"},
                             &root));
  auto write = [&](const std::string& name, const std::string& bytes) {
    const auto path = data.path() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  };
  const auto roots = write("roots.pem", root.pem());
  OpsdeskProcess opsdesk(data.path() / "var", {},
                         {{"OPSDESK_CERTIFICATES_TLS_TRUST_BUNDLE", roots},
                          {"OPSDESK_CERTIFICATES_CODE_SIGNING_TRUST_BUNDLE", roots},
                          {"OPSDESK_CERTIFICATES_TIMESTAMP_TRUST_BUNDLE", roots}});
  const auto token = token_for("sato", {"maintainer"}, {"*"});
  auto cli = [&](std::vector<std::string> args) {
    return run_opsdesk(std::move(args),
                       {{"OPSDESK_URL", opsdesk.base_url()}, {"OPSDESK_TOKEN", token}});
  };

  auto imported = cli({"certificates", "import", write("signer.pem", signer.pem()), "--owner",
                       "リリース担当", "--tenants", "all_centre", "--location",
                       "signing_host:sign01.centre.local", "--renew-before-days", "30", "--json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.stderr_text;
  const std::string signing_fingerprint = json::parse(imported.stdout_text)["fingerprint"];
  // The site's certificate as the CA delivered it, DER.
  auto site_imported =
      cli({"certificates", "import", write("site.cer", site.der()), "--owner", "soumu-infra",
           "--tenants", "soumu", "--location", "url:https://kyosai.example.jp/", "--json"});
  ASSERT_EQ(site_imported.exit_code, 0) << site_imported.stderr_text;
  const std::string site_fingerprint = json::parse(site_imported.stdout_text)["fingerprint"];
  auto listed = cli({"certificates", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.stderr_text;
  EXPECT_NE(listed.stdout_text.find("SSLサーバ"), std::string::npos) << listed.stdout_text;
  EXPECT_NE(listed.stdout_text.find("共済組合連合会 コード署名"), std::string::npos);
  EXPECT_NE(listed.stdout_text.find("有効"), std::string::npos);

  auto uninstructed = cli({"certificates", "request-renewal", site_fingerprint, "--ca", "Test CA"});
  EXPECT_EQ(uninstructed.exit_code, 1);
  EXPECT_NE(uninstructed.stderr_text.find("instructed_by"), std::string::npos)
      << uninstructed.stderr_text;
  ASSERT_EQ(cli({"certificates", "request-renewal", site_fingerprint, "--ca", "Test CA",
                 "--instructed-by", "総務省共済組合 佐藤", "--instructed-at",
                 core::format_tokyo_rfc3339(now)})
                .exit_code,
            0);
  auto issued = cli(
      {"certificates", "issued", site_fingerprint, write("renewed.pem", renewed.pem()), "--json"});
  ASSERT_EQ(issued.exit_code, 0) << issued.stderr_text;
  const std::string renewed_fingerprint = json::parse(issued.stdout_text)["fingerprint"];
  ASSERT_EQ(cli({"certificates", "deployed", renewed_fingerprint, "--location",
                 "url:https://kyosai.example.jp/"})
                .exit_code,
            0);
  auto retired = cli({"certificates", "retire", site_fingerprint, "--reason", "更新済み"});
  ASSERT_EQ(retired.exit_code, 0) << retired.stderr_text;
  EXPECT_NE(retired.stdout_text.find("廃止"), std::string::npos) << retired.stdout_text;
  const auto workbook = (data.path() / "certificates.xlsx").string();
  ASSERT_EQ(cli({"certificates", "report", "-o", workbook}).exit_code, 0);
  std::ifstream book(workbook, std::ios::binary);
  std::string magic(2, '\0');
  book.read(magic.data(), 2);
  EXPECT_EQ(magic, "PK");
  EXPECT_EQ(
      cli({"certificates", "deployed", renewed_fingerprint, "--location", "nowhere"}).exit_code, 2);

  // A program signed with the code-signing certificate: recorded, then verified.
  const auto program = write("client.exe", certificates::testing::minimal_pe());
  auto signed_ok = certificates::testing::sign_authenticode(program, data.path() / "signed.exe",
                                                            signer, "", data.path());
  ASSERT_TRUE(signed_ok) << signed_ok.error();
  const auto signed_program = (data.path() / "signed.exe").string();
  auto recorded = cli({"signatures", "record", "--artifact", "kyosai-client.exe", "--version",
                       "3.2.1", "--file", signed_program, "--certificate", signing_fingerprint,
                       "--signed-at", core::format_tokyo_rfc3339(now)});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.stderr_text;
  auto signings = cli({"signatures", "list", "--certificate", signing_fingerprint});
  ASSERT_EQ(signings.exit_code, 0) << signings.stderr_text;
  EXPECT_NE(signings.stdout_text.find("kyosai-client.exe"), std::string::npos);
  auto verified = cli({"signatures", "verify", signed_program});
  ASSERT_EQ(verified.exit_code, 0) << verified.stderr_text;
  EXPECT_NE(verified.stdout_text.find("署名は有効です"), std::string::npos) << verified.stdout_text;
  EXPECT_NE(verified.stdout_text.find("署名記録 kyosai-client.exe 3.2.1"), std::string::npos)
      << verified.stdout_text;
}

}  // namespace
}  // namespace opsdesk::testing
