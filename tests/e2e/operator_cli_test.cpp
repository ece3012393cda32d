// The operator CLI against a running server: `opsdesk incidents …` and `opsdesk sla …` as an
// operator at the centre types them, with tables in Japanese and Tokyo times, --json for
// scripts, and the exit statuses scripts rely on (0 done, 1 the server said no, 2 bad usage).

#include <gtest/gtest.h>

#include <fstream>

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

}  // namespace
}  // namespace opsdesk::testing
