// The command line operators and scripts depend on: exit codes, the listening line, tokens.

#include <gtest/gtest.h>

#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

int count_lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(CommandLine, ABadFlagExitsWith2AndOneLineSayingWhich) {
  auto r = run_opsdesk({"--listen", "nowhere"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(count_lines(r.stderr_text), 1) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("--listen"), std::string::npos) << r.stderr_text;

  auto unknown = run_opsdesk({"--colour", "red"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(count_lines(unknown.stderr_text), 1) << unknown.stderr_text;

  auto target = run_opsdesk({"--target=everything"});
  EXPECT_EQ(target.exit_code, 2);
  EXPECT_NE(target.stderr_text.find("allowed: all, incidents, inquiries, inquiry-escalation, "
                                    "ops-board, sla-metrics, sla-watch, scheduling, notifier"),
            std::string::npos)
      << target.stderr_text;
}

TEST(CommandLine, ABadEnvironmentOrConfigValueExitsWith2) {
  auto env = run_opsdesk({}, {{"OPSDESK_HTTP_BODY_LIMIT_BYTES", "huge"}});
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_NE(env.stderr_text.find("OPSDESK_HTTP_BODY_LIMIT_BYTES"), std::string::npos)
      << env.stderr_text;

  auto missing = run_opsdesk({"--config", "/nonexistent/opsdesk.yaml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(count_lines(missing.stderr_text), 1);

  auto no_secret = run_opsdesk({}, {{"OPSDESK_JWT_SECRET", ""}});
  EXPECT_EQ(no_secret.exit_code, 2);
}

TEST(CommandLine, TokenPrintsATokenTheServerAccepts) {
  auto r = run_opsdesk(
      {"token", "--sub", "tanaka", "--roles", "association_admin", "--tenants", "soumu,houmu"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  std::string token = r.stdout_text.substr(0, r.stdout_text.find('\n'));
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2);

  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  auto listed = ApiClient(opsdesk.host(), opsdesk.port(), token).get("/v1/incidents");
  EXPECT_EQ(listed.status, 200) << listed.body;

  auto bad_role = run_opsdesk({"token", "--sub", "x", "--roles", "root", "--tenants", "*"});
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.stderr_text.find("maintainer"), std::string::npos);
  auto bad_tenant = run_opsdesk({"token", "--sub", "x", "--roles", "viewer", "--tenants", "nasa"});
  EXPECT_EQ(bad_tenant.exit_code, 2);
}

TEST(CommandLine, TokenLifetimeIsCappedAndTheSecretMustBeVaried) {
  auto long_lived =
      run_opsdesk({"token", "--sub", "x", "--roles", "viewer", "--tenants", "*", "--ttl", "90d"});
  EXPECT_EQ(long_lived.exit_code, 2);
  EXPECT_NE(long_lived.stderr_text.find("--allow-long-ttl"), std::string::npos)
      << long_lived.stderr_text;
  EXPECT_EQ(run_opsdesk({"token", "--sub", "x", "--roles", "viewer", "--tenants", "*", "--ttl",
                         "90d", "--allow-long-ttl"})
                .exit_code,
            0);
  EXPECT_EQ(
      run_opsdesk({"token", "--sub", "x", "--roles", "viewer", "--tenants", "*", "--ttl", "30d"})
          .exit_code,
      0);

  auto dull = run_opsdesk({"token", "--sub", "x", "--roles", "viewer", "--tenants", "*"},
                          {{"OPSDESK_JWT_SECRET", std::string(40, 'a')}});
  EXPECT_EQ(dull.exit_code, 2);
  EXPECT_NE(dull.stderr_text.find("fewer than 10 different characters"), std::string::npos)
      << dull.stderr_text;
}

TEST(CommandLine, TokenNeedsTenantsAndWarnsOfAMaintainerLimitedToSome) {
  auto without = run_opsdesk({"token", "--sub", "x", "--roles", "maintainer"});
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.stderr_text.find("--tenants"), std::string::npos) << without.stderr_text;

  auto limited =
      run_opsdesk({"token", "--sub", "x", "--roles", "maintainer", "--tenants", "soumu"});
  EXPECT_EQ(limited.exit_code, 0) << limited.stderr_text;
  EXPECT_NE(
      limited.stderr_text.find("warning: this maintainer token is limited to the tenants soumu"),
      std::string::npos)
      << limited.stderr_text;
  auto centre = run_opsdesk({"token", "--sub", "x", "--roles", "maintainer", "--tenants", "*"});
  EXPECT_EQ(centre.exit_code, 0);
  EXPECT_EQ(centre.stderr_text, "");
}

TEST(CommandLine, SigtermDrainsAndExitsZero) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  EXPECT_EQ(ApiClient(opsdesk.host(), opsdesk.port()).get("/healthz").status, 200);
  EXPECT_EQ(opsdesk.terminate(), 0);
}

}  // namespace
}  // namespace opsdesk::testing
