// One computation of a key at a time: the second taker waits for the first to end; other keys
// never wait; past its patience a taker goes ahead anyway.

#include "libs/core/single_flight.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace opsdesk::core {
namespace {

using namespace std::chrono_literals;

// Until `condition` holds (true) or a minute has passed (false): the other thread's progress,
// observed rather than slept on.
template <typename Condition>
bool eventually(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(SingleFlight, ASecondTakerOfAKeyWaitsUntilTheFirstTurnEnds) {
  SingleFlight flights;
  auto first = std::make_unique<SingleFlight::Turn>(flights.take("soumu-11"));
  {
    const auto other = flights.take("houmu-11");  // another key: no wait
    EXPECT_EQ(flights.waiting(), 0u);
  }
  std::atomic<bool> second_took{false};
  std::thread second([&] {
    const auto turn = flights.take("soumu-11");
    second_took = true;
  });
  ASSERT_TRUE(eventually([&] { return flights.waiting() == 1; }));
  EXPECT_FALSE(second_took);
  first.reset();
  second.join();
  EXPECT_TRUE(second_took);
  EXPECT_EQ(flights.waiting(), 0u);
}

TEST(SingleFlight, PastItsPatienceATakerGoesAhead) {
  SingleFlight flights;
  const auto stuck = flights.take("soumu-11");
  const auto second = flights.take("soumu-11", 10ms);
  EXPECT_TRUE(flights.computing("soumu-11"));
}

}  // namespace
}  // namespace opsdesk::core
