// The on-disk key layout: numbers sort as bytes, and one stream's index range holds only
// that stream.

#include "libs/eventstore/key_layout.hpp"

#include <gtest/gtest.h>

namespace opsdesk::eventstore::detail {
namespace {

TEST(EventStoreKeyLayout, BigEndianNumbersSortAsBytes) {
  EXPECT_LT(log_key(1), log_key(2));
  EXPECT_LT(log_key(255), log_key(256));
  EXPECT_LT(log_key(0xffffffff), log_key(0x100000000));
  EXPECT_LT(stream_index_key("s", 9), stream_index_key("s", 10));
  EXPECT_EQ(decode_u64(encode_u64(0x0102030405060708)), 0x0102030405060708u);
  EXPECT_FALSE(decode_u64("short").has_value());
  EXPECT_EQ(position_of_log_key(log_key(42)), 42u);
  EXPECT_FALSE(position_of_log_key(head_key("s")).has_value());
}

TEST(EventStoreKeyLayout, AStreamsIndexKeysBelongToItAlone) {
  const auto prefix = stream_index_prefix("a");
  EXPECT_EQ(version_of_index_key(stream_index_key("a", 7), prefix), 7u);
  EXPECT_FALSE(version_of_index_key(stream_index_key("ab", 7), prefix).has_value());
  EXPECT_FALSE(stream_index_key("ab", 1).starts_with(prefix));
  // "a" + a version whose first byte is 'b' must not collide with stream "ab".
  EXPECT_NE(stream_index_key("a", 0x6200000000000000), stream_index_key("ab", 0));
}

TEST(EventStoreKeyLayout, RecordKindsDoNotShareAPrefix) {
  EXPECT_NE(head_key("x")[0], stream_index_key("x", 1)[0]);
  EXPECT_NE(log_key(1)[0], idempotency_key("x")[0]);
  EXPECT_NE(head_key("x")[0], idempotency_key("x")[0]);
}

}  // namespace
}  // namespace opsdesk::eventstore::detail
