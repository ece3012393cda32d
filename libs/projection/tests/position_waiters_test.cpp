// The waiter list behind read-your-writes: a query waiting for a position holds no thread, is
// woken once the view applies the position or its deadline passes, and the list is bounded in
// total and per caller.

#include "libs/projection/position_waiters.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>

namespace opsdesk::projection {
namespace {

using namespace std::chrono_literals;
using Admission = PositionWaiters::Admission;

class PositionWaitersTest : public ::testing::Test {
 protected:
  std::atomic<std::uint64_t> applied_{10};
  std::function<std::uint64_t(const std::string&)> watermark_ = [this](const std::string& domain) {
    return domain == "incidents" ? applied_.load() : 0;
  };

  static std::chrono::steady_clock::time_point far() {
    return std::chrono::steady_clock::now() + 1h;
  }
};

TEST_F(PositionWaitersTest, APositionAlreadyAppliedIsAnsweredAtOnceOnTheCallersThread) {
  PositionWaiters waiters(watermark_, {});
  bool answered = false;
  auto admission =
      waiters.wait("incidents", 10, far(), "sato", [&](bool applied) { answered = applied; });
  EXPECT_EQ(admission, Admission::applied);
  EXPECT_TRUE(answered);
  EXPECT_EQ(waiters.waiting(), 0u);
}

TEST_F(PositionWaitersTest, AWaiterIsWokenWhenTheViewAppliesItsPositionAndNotBefore) {
  std::promise<bool> outcome;
  PositionWaiters waiters(watermark_, {});
  auto admission = waiters.wait("incidents", 12, far(), "sato",
                                [&](bool applied) { outcome.set_value(applied); });
  ASSERT_EQ(admission, Admission::waiting);

  applied_ = 11;
  waiters.positions_changed();
  EXPECT_EQ(waiters.waiting(), 1u);  // 11 is not 12

  applied_ = 12;
  waiters.positions_changed();
  EXPECT_TRUE(outcome.get_future().get());
  EXPECT_EQ(waiters.waiting(), 0u);
}

TEST_F(PositionWaitersTest, AWaiterWhosePositionNeverComesIsAnsweredAtItsDeadline) {
  std::promise<bool> outcome;
  PositionWaiters waiters(watermark_, {});
  waiters.wait("incidents", 99, std::chrono::steady_clock::now() + 20ms, "sato",
               [&](bool applied) { outcome.set_value(applied); });
  EXPECT_FALSE(outcome.get_future().get());
  EXPECT_EQ(waiters.waiting(), 0u);
}

TEST_F(PositionWaitersTest, AnEarlierDeadlineAddedLaterIsStillAnsweredFirst) {
  std::promise<bool> late;
  std::promise<bool> early;
  PositionWaiters waiters(watermark_, {});  // after the promises: it answers them when closed
  waiters.wait("incidents", 99, far(), "sato", [&](bool applied) { late.set_value(applied); });
  waiters.wait("incidents", 99, std::chrono::steady_clock::now() + 20ms, "sato",
               [&](bool applied) { early.set_value(applied); });
  EXPECT_FALSE(early.get_future().get());
  EXPECT_EQ(waiters.waiting(), 1u);  // the one with an hour to go still waits
}

TEST_F(PositionWaitersTest, OneCallerCannotHoldMoreThanItsShare) {
  PositionWaiters waiters(watermark_, {.total = 100, .per_caller = 2});
  auto ignore = [](bool) {};
  EXPECT_EQ(waiters.wait("incidents", 50, far(), "viewer-1", ignore), Admission::waiting);
  EXPECT_EQ(waiters.wait("incidents", 50, far(), "viewer-1", ignore), Admission::waiting);
  EXPECT_EQ(waiters.wait("incidents", 50, far(), "viewer-1", ignore),
            Admission::too_many_for_caller);
  // Others are not held up by one caller's share.
  EXPECT_EQ(waiters.wait("incidents", 50, far(), "viewer-2", ignore), Admission::waiting);
  // A position already in the view needs no place in the list.
  EXPECT_EQ(waiters.wait("incidents", 3, far(), "viewer-1", ignore), Admission::applied);

  applied_ = 50;
  waiters.positions_changed();
  // Answered waiters give their places back.
  EXPECT_EQ(waiters.wait("incidents", 51, far(), "viewer-1", ignore), Admission::waiting);
}

TEST_F(PositionWaitersTest, TheListAsAWholeIsBounded) {
  PositionWaiters waiters(watermark_, {.total = 3, .per_caller = 3});
  auto ignore = [](bool) {};
  for (const char* caller : {"a", "b", "c"})
    EXPECT_EQ(waiters.wait("incidents", 50, far(), caller, ignore), Admission::waiting);
  EXPECT_EQ(waiters.wait("incidents", 50, far(), "d", ignore), Admission::too_many);
  EXPECT_EQ(waiters.waiting(), 3u);
}

TEST_F(PositionWaitersTest, WaitersForAnotherDomainAreWokenByThatDomainOnly) {
  std::promise<bool> other;
  PositionWaiters waiters(watermark_, {});  // after the promise: it answers it when closed
  waiters.wait("inquiries", 1, far(), "sato", [&](bool applied) { other.set_value(applied); });
  applied_ = 1000;
  waiters.positions_changed();
  EXPECT_EQ(waiters.waiting(), 1u);
}

TEST_F(PositionWaitersTest, ClosingTheListAnswersEveryoneStillWaitingAsNotApplied) {
  auto waiters = std::make_unique<PositionWaiters>(watermark_, WaiterLimits{});
  int not_applied = 0;
  for (int i = 0; i < 3; ++i)
    waiters->wait("incidents", 99, far(), "sato", [&](bool applied) { not_applied += !applied; });
  waiters.reset();
  EXPECT_EQ(not_applied, 3);
}

}  // namespace
}  // namespace opsdesk::projection
