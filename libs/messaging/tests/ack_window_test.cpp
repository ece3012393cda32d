// The relay's cursor moves only over an unbroken run of acknowledged positions.

#include "libs/messaging/ack_window.hpp"

#include <gtest/gtest.h>

namespace opsdesk::messaging {
namespace {

TEST(AckWindow, OutOfOrderAcknowledgementsMoveTheCursorOnlyWhenTheGapCloses) {
  AckWindow window(10);
  for (int i = 0; i < 4; ++i) window.sent();  // 11..14
  EXPECT_EQ(window.next(), 15u);
  EXPECT_EQ(window.acked(13), 0u);
  EXPECT_EQ(window.acked(12), 0u);
  EXPECT_EQ(window.acknowledged(), 10u);
  EXPECT_EQ(window.acked(11), 3u);
  EXPECT_EQ(window.acknowledged(), 13u);
  EXPECT_EQ(window.in_flight(), 1u);
  EXPECT_EQ(window.acked(14), 1u);
  EXPECT_EQ(window.in_flight(), 0u);
}

TEST(AckWindow, StaleAndUnsentPositionsAreIgnored) {
  AckWindow window(5);
  window.sent();  // 6
  EXPECT_EQ(window.acked(5), 0u);
  EXPECT_EQ(window.acked(7), 0u);
  EXPECT_EQ(window.acknowledged(), 5u);
  EXPECT_EQ(window.acked(6), 1u);
  EXPECT_EQ(window.acked(6), 0u);
}

TEST(AckWindow, RewindSendsAgainFromTheCursor) {
  AckWindow window(0);
  window.sent();
  window.sent();
  window.sent();
  window.acked(1);
  window.acked(3);
  window.rewind();
  EXPECT_EQ(window.acknowledged(), 1u);
  EXPECT_EQ(window.next(), 2u);
  EXPECT_EQ(window.in_flight(), 0u);
}

}  // namespace
}  // namespace opsdesk::messaging
