// Readiness of a module that writes an event store: a store that refuses appends for good (its
// disk stopped syncing) makes the module not ready, naming why.

#include "libs/modules/readiness.hpp"

#include <gtest/gtest.h>

#include "libs/eventstore/tests/failing_disk.hpp"
#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::modules {
namespace {

using eventstore::testing::FailingSyncFileSystem;
using eventstore::testing::one_event;

class StoreReadiness : public eventstore::testing::EventStoreTest {
 protected:
  void SetUp() override {
    eventstore::StoreOptions options;
    options.path = dir_.path() / "store";
    options.env = env_.get();
    store_ = eventstore::EventStore::open(options, clock_).value();
    ASSERT_TRUE(store_->append(one_event("a", "first")).has_value());
  }

  void break_the_disk() {
    *disk_->failing = true;
    ASSERT_FALSE(store_->append(one_event("a", "lost")).has_value());
  }

  std::shared_ptr<FailingSyncFileSystem> disk_ = std::make_shared<FailingSyncFileSystem>();
  std::unique_ptr<rocksdb::Env> env_ = rocksdb::NewCompositeEnv(disk_);
  std::unique_ptr<eventstore::EventStore> store_;
};

TEST_F(StoreReadiness, AHealthyStoreChangesNothing) {
  Readiness readiness{.details = {{"head_position", 1}}};
  require_healthy_store(readiness, *store_);
  EXPECT_TRUE(readiness.ready);
  EXPECT_FALSE(readiness.details.contains("store_failure"));
}

TEST_F(StoreReadiness, AStoreThatRefusesAppendsForGoodMakesTheModuleNotReady) {
  break_the_disk();
  Readiness readiness;
  require_healthy_store(readiness, *store_);
  EXPECT_FALSE(readiness.ready);
  EXPECT_TRUE(
      readiness.reason.starts_with("event store: the event store could not make the "
                                   "write durable"))
      << readiness.reason;
  EXPECT_NE(readiness.reason.find("accepts no more appends"), std::string::npos);
  EXPECT_EQ(readiness.details["store_failure"], readiness.reason.substr(13));
}

TEST_F(StoreReadiness, AnEarlierReasonStaysFirstAndTheFailureIsInTheDetails) {
  break_the_disk();
  Readiness readiness{.ready = false, .reason = "catching up"};
  require_healthy_store(readiness, *store_);
  EXPECT_FALSE(readiness.ready);
  EXPECT_EQ(readiness.reason, "catching up");
  EXPECT_TRUE(readiness.details.contains("store_failure"));
}

}  // namespace
}  // namespace opsdesk::modules
