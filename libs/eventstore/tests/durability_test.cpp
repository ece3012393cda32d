// Durability: a store reopened after a clean close or a SIGKILL holds every acknowledged
// append, with no hole in the log or in any stream, and carries on from where it was.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include "libs/eventstore/tests/store_test_support.hpp"

extern char** environ;

namespace opsdesk::eventstore {
namespace {

using testing::EventStoreTest;
using testing::one_event;
using testing::range;

using EventStoreDurability = EventStoreTest;

TEST_F(EventStoreDurability, ReopenKeepsHeadAndStreamVersionsAndAppendsContinue) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->append(one_event("a", "a" + std::to_string(i))));
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(store->append(one_event("b", "b" + std::to_string(i))));
  }
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->head_position(), 5u);
  EXPECT_EQ(store->stream_version("a"), 3u);
  EXPECT_EQ(store->stream_version("b"), 2u);

  auto next = store->append(
      testing::request("a", ExpectedVersion::exact(3), {testing::event("test.Appended", "a3")}));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->first_version, 4u);
  EXPECT_EQ(next->first_position, 6u);
  auto log = store->read_log(1, SIZE_MAX);
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[5].payload(), "a3");
  EXPECT_TRUE(store->wait_for_position(6, std::chrono::steady_clock::now()));
}

struct Ack {
  std::string stream;
  std::uint64_t version = 0;
  std::uint64_t position = 0;
  std::string payload;
};

// Runs the crash child, reads its acknowledgements until it has `wanted`, SIGKILLs it, and
// returns every complete line it printed (also those after the wanted count).
std::vector<Ack> run_and_kill_child(const std::filesystem::path& dir, std::size_t wanted) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::string program = OPSDESK_EVENTSTORE_CRASH_CHILD;
  std::string dir_arg = dir.string();
  std::string threads_arg = "6";
  char* argv[] = {program.data(), dir_arg.data(), threads_arg.data(), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (spawned != 0) {
    close(fds[0]);
    throw std::runtime_error("cannot start " + program);
  }

  std::vector<Ack> acks;
  std::string pending;
  bool killed = false;
  const auto deadline = std::chrono::steady_clock::now() + testing::kWaitLimit;
  for (;;) {
    if (!killed && acks.size() >= wanted) {
      kill(pid, SIGKILL);
      killed = true;
    }
    if (!killed && std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      killed = true;
      ADD_FAILURE() << "the child acknowledged only " << acks.size()
                    << " appends before the deadline";
    }
    pollfd readable{fds[0], POLLIN, 0};
    if (poll(&readable, 1, 1000) <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n <= 0) break;  // EOF: the child is gone and the pipe drained
    pending.append(buffer, static_cast<std::size_t>(n));
    for (auto newline = pending.find('\n'); newline != std::string::npos;
         newline = pending.find('\n')) {
      std::istringstream line(pending.substr(0, newline));
      pending.erase(0, newline + 1);
      Ack ack;
      line >> ack.stream >> ack.version >> ack.position >> ack.payload;
      acks.push_back(ack);
    }
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child ended on its own (status " << status << "); see its stderr";
  return acks;
}

TEST_F(EventStoreDurability, ASecondOpenOfAStoreInUseSaysAnotherProcessIsUsingIt) {
  auto first = open_store();
  ASSERT_TRUE(first);
  StoreOptions options;
  options.path = dir_.path() / "store";
  auto second = EventStore::open(options, clock_);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error(), "cannot open the event store at " + options.path.string() +
                                ": another process (another opsdesk?) is using it; stop that "
                                "one first or choose another data directory (--data-dir, "
                                "OPSDESK_DATA_DIR)");
}

TEST_F(EventStoreDurability, EveryAcknowledgedAppendSurvivesSigkillWithoutHoles) {
  const auto store_dir = dir_.path() / "store";
  const auto acks = run_and_kill_child(store_dir, 200);
  ASSERT_GE(acks.size(), 200u);

  auto store = open_store();
  ASSERT_TRUE(store);
  const auto log = store->read_log(1, SIZE_MAX);
  ASSERT_EQ(log.size(), store->head_position());

  std::vector<std::uint64_t> positions;
  std::map<std::string, std::uint64_t> last_version;
  for (const auto& event : log) {
    positions.push_back(event.log_position());
    auto& version = last_version[event.stream_id()];
    EXPECT_EQ(event.stream_version(), version + 1) << "hole in stream " << event.stream_id();
    version = event.stream_version();
  }
  EXPECT_EQ(positions, range(1, log.size())) << "the log has a hole";
  for (const auto& [stream, version] : last_version)
    EXPECT_EQ(store->stream_version(stream), version);

  for (const auto& ack : acks) {
    ASSERT_GE(ack.position, 1u);
    ASSERT_LE(ack.position, log.size()) << "acknowledged position " << ack.position << " was lost";
    const auto& event = log[ack.position - 1];
    EXPECT_EQ(event.stream_id(), ack.stream);
    EXPECT_EQ(event.stream_version(), ack.version);
    EXPECT_EQ(event.payload(), ack.payload);
    auto in_stream = store->read_stream(ack.stream, ack.version, 1);
    ASSERT_EQ(in_stream.size(), 1u);
    EXPECT_EQ(in_stream[0].log_position(), ack.position);
  }

  auto next = store->append(one_event("crash-0", "after"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->first_position, log.size() + 1);
  EXPECT_EQ(next->first_version, last_version["crash-0"] + 1);
}

}  // namespace
}  // namespace opsdesk::eventstore
