#pragma once
// UUIDs, and version 7 generation (RFC 9562): time-ordered ids, so stream names and the
// incident index sort by creation time. Ids made in one process are strictly increasing.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "libs/core/instant.hpp"

namespace opsdesk::core {

struct Uuid {
  std::array<std::uint8_t, 16> bytes{};

  std::string to_string() const;  // lower-case 8-4-4-4-12
  static std::optional<Uuid> parse(std::string_view text);
  int version() const { return bytes[6] >> 4; }
  auto operator<=>(const Uuid&) const = default;
};

class UuidV7Generator {
 public:
  UuidV7Generator();
  // 48-bit Unix milliseconds, then a 12-bit counter that keeps ids monotonic within one
  // millisecond (RFC 9562 §6.2 method 1), then 62 random bits.
  Uuid next(Instant now);

 private:
  std::mutex mutex_;
  std::mt19937_64 random_;
  std::uint64_t last_millis_ = 0;
  std::uint16_t counter_ = 0;
};

// A process-wide generator over the system clock, for code that just needs a fresh id.
std::string new_uuid_v7();

}  // namespace opsdesk::core
