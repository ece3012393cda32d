// A disk that stops syncing under a running store: the append in flight is refused, and since
// whether its events reached the disk is unknown, so is every append after it, even once the
// disk works again; the store says why (failure(), for /readyz). A restart recovers the log.

#include <gtest/gtest.h>

#include <memory>

#include "libs/eventstore/disk_reserve.hpp"
#include "libs/eventstore/tests/failing_disk.hpp"
#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::eventstore {
namespace {

using testing::EventStoreTest;
using testing::FailingSyncFileSystem;
using testing::one_event;

class EventStoreDiskFailure : public EventStoreTest {
 protected:
  std::unique_ptr<EventStore> open_on_failing_disk() {
    StoreOptions options;
    options.path = dir_.path() / "store";
    options.env = env_.get();
    auto store = EventStore::open(options, clock_);
    if (!store) ADD_FAILURE() << store.error();
    return store ? std::move(*store) : nullptr;
  }

  std::shared_ptr<FailingSyncFileSystem> disk_ = std::make_shared<FailingSyncFileSystem>();
  std::unique_ptr<rocksdb::Env> env_ = rocksdb::NewCompositeEnv(disk_);
};

TEST_F(EventStoreDiskFailure, AFailedSyncRefusesThatAppendAndEveryLaterOneAndSaysWhy) {
  auto store = open_on_failing_disk();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("a", "before")).has_value());
  EXPECT_EQ(store->failure(), std::nullopt);

  *disk_->failing = true;
  const auto during = store->append(one_event("a", "during"));
  ASSERT_FALSE(during.has_value());
  EXPECT_EQ(during.error().code, errc::storage_failure);
  EXPECT_NE(during.error().message.find("could not make the write durable"), std::string::npos)
      << during.error().message;

  *disk_->failing = false;
  const auto after = store->append(one_event("b", "after"));
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, errc::storage_failure);
  ASSERT_TRUE(store->failure().has_value());
  EXPECT_NE(store->failure()->find("accepts no more appends"), std::string::npos)
      << *store->failure();
  EXPECT_EQ(store->head_position(), 1u);  // the unsure append is not published to readers
}

TEST_F(EventStoreDiskFailure, ARestartRecoversTheLogAndAcceptsAppendsAgain) {
  {
    auto store = open_on_failing_disk();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append(one_event("a", "before")).has_value());
    *disk_->failing = true;
    ASSERT_FALSE(store->append(one_event("a", "during")).has_value());
    *disk_->failing = false;
  }
  auto store = open_on_failing_disk();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->failure(), std::nullopt);
  // The refused append may or may not have reached the disk; the acknowledged one did.
  EXPECT_GE(store->head_position(), 1u);
  EXPECT_EQ(store->read_stream("a").front().stream_version(), 1u);
  EXPECT_TRUE(store->append(one_event("b", "after")).has_value());
}

}  // namespace
}  // namespace opsdesk::eventstore

namespace opsdesk::eventstore {
namespace {

using testing::FullDiskFileSystem;

// A full disk is not a broken one: the store refuses appends while it lasts, keeps answering
// reads, and accepts appends again by itself once there is room, without a restart. It refuses
// before RocksDB meets the full disk (the reserve of disk_reserve.hpp), and also copes when
// RocksDB meets it first (the reserve off: another process filled the disk at once).
class EventStoreFullDisk : public testing::EventStoreTest {
 protected:
  void SetUp() override { open(kDefaultMinFreeBytes); }

  void open(std::uint64_t min_free_bytes) {
    store_.reset();
    StoreOptions options;
    options.path = dir_.path() / "store";
    options.env = env_.get();
    options.min_free_bytes = min_free_bytes;
    auto opened = EventStore::open(options, clock_);
    ASSERT_TRUE(opened) << opened.error();
    store_ = std::move(*opened);
  }

  // Fills the disk, expects the append to be refused with `why`, reads to go on, and appends
  // to be accepted again once the disk has room.
  void expect_refused_then_resumed(const std::string& why) {
    ASSERT_TRUE(store_->append(testing::one_event("a", "before")).has_value());

    *disk_->full = true;
    const auto during = store_->append(testing::one_event("a", "during"));
    ASSERT_FALSE(during.has_value());
    EXPECT_EQ(during.error().code, errc::storage_failure);
    EXPECT_NE(during.error().message.find("nothing was appended"), std::string::npos)
        << during.error().message;
    ASSERT_TRUE(store_->unavailable().has_value());
    EXPECT_NE(store_->unavailable()->find(why), std::string::npos) << *store_->unavailable();
    EXPECT_EQ(store_->failure(), std::nullopt);  // not broken: it will write again
    // Refused at the door from now on, and reads go on.
    EXPECT_FALSE(store_->append(testing::one_event("b", "still full")).has_value());
    EXPECT_EQ(store_->read_stream("a").size(), 1u);
    EXPECT_EQ(store_->head_position(), 1u);

    *disk_->full = false;
    ASSERT_TRUE(testing::eventually([&] { return !store_->unavailable().has_value(); }))
        << *store_->unavailable();
    const auto after = store_->append(testing::one_event("a", "after"));
    ASSERT_TRUE(after.has_value()) << after.error().message;
    const auto events = store_->read_stream("a");
    ASSERT_EQ(events.size(), 2u);  // what was acknowledged is there; the refused one is not
    EXPECT_EQ(events[0].payload(), "before");
    EXPECT_EQ(events[1].payload(), "after");
  }

  std::shared_ptr<FullDiskFileSystem> disk_ = std::make_shared<FullDiskFileSystem>();
  std::unique_ptr<rocksdb::Env> env_ = rocksdb::NewCompositeEnv(disk_);
  std::unique_ptr<EventStore> store_;
};

TEST_F(EventStoreFullDisk, AppendsWaitWhileTheDiskHasLessThanTheReserveAndGoOnOnceItHasMore) {
  expect_refused_then_resumed("kept in reserve");
}

TEST_F(EventStoreFullDisk, WhenRocksDbMeetsTheFullDiskItselfTheStoreResumesOnceThereIsRoom) {
  open(0);
  expect_refused_then_resumed("No space left");
}

TEST_F(EventStoreFullDisk, WhatWasAcknowledgedSurvivesARestartAfterTheDiskFilledUp) {
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(store_->append(testing::one_event("a", std::to_string(i))).has_value());
  *disk_->full = true;
  EXPECT_FALSE(store_->append(testing::one_event("a", "refused")).has_value());
  store_.reset();  // closed while the disk is full
  *disk_->full = false;

  SetUp();
  EXPECT_EQ(store_->head_position(), 20u);
  EXPECT_EQ(store_->read_stream("a").size(), 20u);
  EXPECT_TRUE(store_->append(testing::one_event("a", "after")).has_value());
}

}  // namespace
}  // namespace opsdesk::eventstore
