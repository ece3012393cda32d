// Stream snapshots beside the streams: an append carries its stream's state and the store keeps
// it at the append's last version in the same atomic write; a reader's own snapshot is never
// ahead of the stream nor behind the one kept; snapshots survive reopening and never show up in
// the log, a stream's events or the head.

#include <gtest/gtest.h>

#include "libs/eventstore/key_layout.hpp"
#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::eventstore {
namespace {

using testing::event;
using testing::EventStoreTest;
using testing::expect_log_of;
using testing::one_event;
using testing::request;

using EventStoreSnapshots = EventStoreTest;

AppendRequest with_snapshot(AppendRequest append, std::string bytes,
                            std::string schema = "counter/1") {
  append.snapshot = EncodedState{std::move(schema), std::move(bytes)};
  return append;
}

TEST_F(EventStoreSnapshots, AStreamWithoutOneHasNone) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("s-1", "a")));
  EXPECT_FALSE(store->read_snapshot("s-1").has_value());
  EXPECT_FALSE(store->read_snapshot("no-such-stream").has_value());
}

TEST_F(EventStoreSnapshots, AnAppendKeepsItsSnapshotAtItsLastVersion) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("s-1", "a")));
  auto appended = store->append(
      with_snapshot(request("s-1", ExpectedVersion::exact(1),
                            {event("test.Appended", "b"), event("test.Appended", "c")}),
                    "state after c"));
  ASSERT_TRUE(appended);
  auto snapshot = store->read_snapshot("s-1");
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->version, 3u);
  EXPECT_EQ(snapshot->state.schema, "counter/1");
  EXPECT_EQ(snapshot->state.bytes, "state after c");
  // The snapshot is beside the stream, never in it.
  EXPECT_EQ(store->read_stream("s-1").size(), 3u);
  EXPECT_EQ(store->head_position(), 3u);
}

TEST_F(EventStoreSnapshots, ARefusedAppendKeepsNoSnapshot) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(with_snapshot(one_event("s-1", "a"), "after a")));
  auto refused = store->append(with_snapshot(
      request("s-1", ExpectedVersion::exact(5), {event("test.Appended", "b")}), "never happened"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::wrong_expected_version);
  EXPECT_EQ(store->read_snapshot("s-1")->state.bytes, "after a");
  EXPECT_EQ(store->read_snapshot("s-1")->version, 1u);
}

TEST_F(EventStoreSnapshots, ASnapshotWithoutASchemaIsAnInvalidRequest) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto refused = store->append(with_snapshot(one_event("s-1", "a"), "bytes", ""));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::invalid_request);
  EXPECT_NE(refused.error().message.find("schema"), std::string::npos);
  EXPECT_EQ(store->stream_version("s-1"), 0u);
}

TEST_F(EventStoreSnapshots, AReadersSnapshotIsNeverAheadOfTheStream) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("s-1", "a")));
  ASSERT_TRUE(store->append(one_event("s-1", "b")));
  auto ahead = store->write_snapshot("s-1", {3, {"counter/1", "from the future"}});
  ASSERT_FALSE(ahead);
  EXPECT_NE(ahead.error().find("version 3"), std::string::npos);
  EXPECT_FALSE(store->write_snapshot("s-1", {0, {"counter/1", "x"}}));
  EXPECT_FALSE(store->write_snapshot("no-such-stream", {1, {"counter/1", "x"}}));
  EXPECT_FALSE(store->write_snapshot("s-1", {2, {"", "x"}}));
  EXPECT_FALSE(store->read_snapshot("s-1").has_value());

  ASSERT_TRUE(store->write_snapshot("s-1", {2, {"counter/1", "after b"}}));
  EXPECT_EQ(store->read_snapshot("s-1")->state.bytes, "after b");
}

TEST_F(EventStoreSnapshots, AReadersOlderSnapshotNeverReplacesALaterOne) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("s-1", "a")));
  ASSERT_TRUE(store->append(with_snapshot(one_event("s-1", "b"), "after b")));
  ASSERT_TRUE(store->write_snapshot("s-1", {1, {"counter/1", "after a"}}));
  EXPECT_EQ(store->read_snapshot("s-1")->version, 2u);
  EXPECT_EQ(store->read_snapshot("s-1")->state.bytes, "after b");
}

TEST_F(EventStoreSnapshots, ALaterSnapshotReplacesTheKeptOneWhateverItsSchema) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(with_snapshot(one_event("s-1", "a"), "v1 bytes", "counter/1")));
  ASSERT_TRUE(store->append(one_event("s-1", "b")));
  ASSERT_TRUE(store->write_snapshot("s-1", {2, {"counter/2", "v2 bytes"}}));
  auto snapshot = store->read_snapshot("s-1");
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->state.schema, "counter/2");
  EXPECT_EQ(snapshot->state.bytes, "v2 bytes");
}

TEST_F(EventStoreSnapshots, SnapshotsSurviveReopeningAndStayOutOfTheLog) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append(with_snapshot(one_event("s-1", "a"), std::string("\0bin\xff", 5))));
    ASSERT_TRUE(store->append(one_event("s-2", "b")));
  }
  auto reopened = open_store();
  ASSERT_TRUE(reopened);
  auto snapshot = reopened->read_snapshot("s-1");
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->version, 1u);
  EXPECT_EQ(snapshot->state.bytes, std::string("\0bin\xff", 5));
  expect_log_of(*reopened, 2);
}

TEST(EventStoreKeyLayoutSnapshots, SnapshotKeysHaveTheirOwnPrefixAfterTheLog) {
  EXPECT_EQ(detail::snapshot_key("s-1")[0], detail::kSnapshotPrefix);
  for (char other : {detail::kHeadPrefix, detail::kStreamIndexPrefix, detail::kLogPrefix,
                     detail::kIdempotencyPrefix, detail::kMetaPrefix}) {
    EXPECT_NE(detail::kSnapshotPrefix, other);
  }
  EXPECT_GT(detail::snapshot_key(""), detail::log_key(UINT64_MAX));
  EXPECT_FALSE(detail::position_of_log_key(detail::snapshot_key("12345678")).has_value());
}

}  // namespace
}  // namespace opsdesk::eventstore
