// Metadata beside the log (a relay's cursor): survives reopening, never shows up in the log or
// moves the head, and its keys cannot collide with any other record kind.

#include <gtest/gtest.h>

#include "libs/eventstore/key_layout.hpp"
#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::eventstore {
namespace {

using testing::EventStoreTest;
using testing::expect_log_of;
using testing::one_event;

using EventStoreMetadata = EventStoreTest;

TEST_F(EventStoreMetadata, AMissingKeyReadsAsNothing) {
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_FALSE(store->read_meta("relay/kafka/opsdesk.incidents.events.v1").has_value());
}

TEST_F(EventStoreMetadata, AWrittenValueReadsBackAndTheLastWriteWins) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->write_meta("cursor", "41"));
  ASSERT_TRUE(store->write_meta("cursor", "42"));
  ASSERT_TRUE(store->write_meta("other", std::string("\0binary\xff", 8)));
  EXPECT_EQ(store->read_meta("cursor"), "42");
  EXPECT_EQ(store->read_meta("other"), std::string("\0binary\xff", 8));
}

TEST_F(EventStoreMetadata, ValuesSurviveClosingAndReopeningTheStore) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append(one_event("s-1", "p")));
    ASSERT_TRUE(store->write_meta("relay/cursor", "1"));
  }
  auto reopened = open_store();
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->read_meta("relay/cursor"), "1");
  EXPECT_EQ(reopened->head_position(), 1u);
}

TEST_F(EventStoreMetadata, MetadataNeverAppearsInTheLogNorMovesTheHead) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append(one_event("s-1", "a")));
    ASSERT_TRUE(store->append(one_event("s-2", "b")));
    // A key that looks like a log key must still stay out of the log.
    ASSERT_TRUE(store->write_meta(std::string("l\xff\xff\xff\xff\xff\xff\xff\xff", 9), "x"));
    ASSERT_TRUE(store->write_meta("cursor", "2"));
    EXPECT_EQ(store->head_position(), 2u);
    EXPECT_EQ(store->read_log(1, 100).size(), 2u);
  }
  // Head recovery on open walks back from the largest log key; metadata must not confuse it.
  auto reopened = open_store();
  ASSERT_TRUE(reopened);
  expect_log_of(*reopened, 2);
}

TEST_F(EventStoreMetadata, AnEmptyKeyIsRefused) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto written = store->write_meta("", "x");
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().find("empty"), std::string::npos);
}

TEST(EventStoreKeyLayoutMeta, MetadataKeysHaveTheirOwnPrefixAfterTheLog) {
  EXPECT_EQ(detail::meta_key("cursor")[0], detail::kMetaPrefix);
  for (char other : {detail::kHeadPrefix, detail::kStreamIndexPrefix, detail::kLogPrefix,
                     detail::kIdempotencyPrefix}) {
    EXPECT_NE(detail::kMetaPrefix, other);
  }
  EXPECT_GT(detail::meta_key(""), detail::log_key(UINT64_MAX));
  EXPECT_FALSE(detail::position_of_log_key(detail::meta_key("12345678")).has_value());
}

}  // namespace
}  // namespace opsdesk::eventstore
