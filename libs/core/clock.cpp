#include "libs/core/clock.hpp"

namespace opsdesk::core {

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace opsdesk::core
