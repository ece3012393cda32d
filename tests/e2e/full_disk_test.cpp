// The whole process on a disk that fills up: it stays up, refuses commands with 503 while the
// disk is full (below the stores' reserve), answers reads and probes throughout, accepts commands
// again by itself once there is room, and loses nothing it acknowledged. The data directory is a
// small tmpfs this test mounts (room for every module's stores and views, whose write-ahead
// logs RocksDB preallocates, and the reserve); where it may not mount one (not root), it is
// skipped, and the event store's own test (libs/eventstore/tests/disk_failure_test.cpp) covers the
// store with an injected ENOSPC.

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

#include "libs/testing/eventually.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

constexpr std::uint64_t kRoomLeft = 3u << 20;  // free bytes left beside the ballast

class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::mount("opsdesk-full-disk-test", mount_.path().c_str(), "tmpfs", 0, "size=768m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                   << "); the event store's full-disk test covers this with an injected ENOSPC";
    }
    mounted_ = true;
  }

  // Ballast takes all but a few MiB of the disk: the process meets a full disk.
  void fill_the_disk() {
    struct statvfs fs {};
    ASSERT_EQ(::statvfs(mount_.path().c_str(), &fs), 0);
    const std::uint64_t free = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    std::ofstream ballast(ballast_path(), std::ios::binary);
    const std::string chunk(1u << 20, '\0');
    for (std::uint64_t written = 0; written + chunk.size() + kRoomLeft <= free;
         written += chunk.size())
      ballast.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    ASSERT_TRUE(ballast.good());
  }

  void TearDown() override {
    opsdesk_.reset();
    if (mounted_) ::umount2(mount_.path().c_str(), MNT_DETACH);
  }

  std::filesystem::path ballast_path() const { return mount_.path() / "ballast"; }
  std::filesystem::path data_dir() const { return mount_.path() / "data"; }

  void start() { opsdesk_ = std::make_unique<OpsdeskProcess>(data_dir()); }
  ApiClient api() const {
    return ApiClient(opsdesk_->host(), opsdesk_->port(), token_for("sato", {"maintainer"}, {"*"}));
  }

  static json detect_body(int i) {
    return {{"occurred_at", minutes_ago(30)},
            {"source", "monitoring"},
            {"severity", "major"},
            {"title", "full disk test " + std::to_string(i)},
            {"description", std::string(3000, 'd')},
            {"affected_tenants", {"soumu"}}};
  }

  TempDir mount_;
  bool mounted_ = false;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
};

TEST_F(FullDisk, TheProcessRefusesCommandsWhileTheDiskIsFullAndResumesByItselfLosingNothing) {
  start();
  auto client = api();
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 5; ++i) {
    auto answer = client.post("/v1/incidents", detect_body(i));
    ASSERT_EQ(answer.status, 201) << answer.body;
    acknowledged.push_back(answer.json()["id"]);
  }
  fill_the_disk();
  ApiResponse refused;
  for (int i = 0; i < 20'000 && refused.status == 0; ++i) {
    auto answer = client.post("/v1/incidents", detect_body(i));
    if (answer.status == 201) {
      acknowledged.push_back(answer.json()["id"]);
    } else {
      refused = answer;
    }
  }
  ASSERT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.json()["type"], "urn:opsdesk:problem:storage-unavailable");
  EXPECT_FALSE(refused.header("retry-after").empty());

  // Full: still up, probes and reads answer, /readyz says why it is not ready.
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(client.get("/v1/incidents/" + acknowledged.front()).status, 200);
  EXPECT_EQ(client.get("/v1/incidents/" + acknowledged.back()).status, 200);
  auto ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("store_unavailable"), std::string::npos) << ready.body;
  EXPECT_EQ(client.post("/v1/incidents", detect_body(-1)).status, 503);

  // Room again: commands are accepted without a restart.
  std::filesystem::remove(ballast_path());
  ApiResponse accepted;
  ASSERT_TRUE(eventually([&] {
    accepted = client.post("/v1/incidents", detect_body(-2));
    return accepted.status == 201;
  })) << accepted.status
      << " " << accepted.body;
  acknowledged.push_back(accepted.json()["id"]);
  EXPECT_TRUE(eventually([&] { return client.get("/readyz").status == 200; }));

  // Nothing acknowledged was lost, through a restart too.
  EXPECT_EQ(opsdesk_->terminate(), 0);
  start();
  client = api();
  for (const auto& id : acknowledged)
    EXPECT_EQ(client.get("/v1/incidents/" + id).status, 200) << id;
}

}  // namespace
}  // namespace opsdesk::testing
