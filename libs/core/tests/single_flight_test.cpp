// One computation of a key at a time: the second taker waits for the first to end; other keys
// never wait; past its patience a taker goes ahead anyway.

#include "libs/core/single_flight.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace opsdesk::core {
namespace {

using namespace std::chrono_literals;

TEST(SingleFlight, ASecondTakerOfAKeyWaitsUntilTheFirstTurnEnds) {
  SingleFlight flights;
  std::atomic<bool> first_done{false};
  auto first = std::make_unique<SingleFlight::Turn>(flights.take("soumu-11"));
  std::thread ending([&] {
    std::this_thread::sleep_for(50ms);
    first_done = true;
    first.reset();
  });
  {
    const auto other = flights.take("houmu-11");  // another key: no wait
    EXPECT_FALSE(first_done);
  }
  const auto second = flights.take("soumu-11");
  EXPECT_TRUE(first_done);
  EXPECT_TRUE(flights.computing("soumu-11"));
  ending.join();
}

TEST(SingleFlight, PastItsPatienceATakerGoesAhead) {
  SingleFlight flights;
  const auto stuck = flights.take("soumu-11");
  const auto second = flights.take("soumu-11", 10ms);
  EXPECT_TRUE(flights.computing("soumu-11"));
}

}  // namespace
}  // namespace opsdesk::core
