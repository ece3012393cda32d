// A child process's exit status and output come back; one that will not finish is stopped.

#include "libs/process/child_process.hpp"

#include <gtest/gtest.h>

namespace opsdesk::process {
namespace {

using std::chrono::milliseconds;

TEST(ChildProcess, GivesTheExitStatusAndWhatItPrintedOnBothStreams) {
  auto done = run({"sh", "-c", "echo out; echo err >&2; exit 3"}, milliseconds{10'000});
  ASSERT_TRUE(done.has_value()) << done.error();
  EXPECT_EQ(done->exit_code, 3);
  EXPECT_NE(done->output.find("out\n"), std::string::npos);
  EXPECT_NE(done->output.find("err\n"), std::string::npos);
}

TEST(ChildProcess, ArgumentsReachTheProgramAsTheyAre) {
  auto done = run({"printf", "%s|", "a b", "$HOME", "'; rm -rf /'"}, milliseconds{10'000});
  ASSERT_TRUE(done.has_value()) << done.error();
  EXPECT_EQ(done->output, "a b|$HOME|'; rm -rf /'|");
}

TEST(ChildProcess, AProgramThatIsNotThereIsAnError) {
  auto missing = run({"opsdesk-no-such-program"}, milliseconds{10'000});
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("opsdesk-no-such-program"), std::string::npos);
}

TEST(ChildProcess, OneThatOutlivesItsTimeoutIsStopped) {
  auto slow = run({"sleep", "30"}, milliseconds{200});
  ASSERT_FALSE(slow.has_value());
  EXPECT_NE(slow.error().find("did not finish"), std::string::npos) << slow.error();
}

TEST(ChildProcess, OutputBeyondTheLimitIsDroppedWithoutBlockingTheChild) {
  auto loud =
      run({"sh", "-c", "head -c 300000 /dev/zero; echo done >&2"}, milliseconds{10'000}, 1000);
  ASSERT_TRUE(loud.has_value()) << loud.error();
  EXPECT_EQ(loud->exit_code, 0);
  EXPECT_EQ(loud->output.size(), 1000u);
}

}  // namespace
}  // namespace opsdesk::process
