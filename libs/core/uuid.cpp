#include "libs/core/uuid.hpp"

#include <cctype>

#include "libs/core/clock.hpp"

namespace opsdesk::core {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Uuid::to_string() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0f];
  }
  return out;
}

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid id;
  std::size_t byte = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    int hi = hex_value(text[i]);
    int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id.bytes[byte++] = static_cast<std::uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return id;
}

UuidV7Generator::UuidV7Generator() : random_(std::random_device{}()) {}

Uuid UuidV7Generator::next(Instant now) {
  std::uint64_t millis = static_cast<std::uint64_t>(to_unix_micros(now) / 1000);
  std::lock_guard lock(mutex_);
  if (millis <= last_millis_) {
    // Same millisecond (or the clock stepped back): stay on the last timestamp, count up.
    millis = last_millis_;
    if (++counter_ > 0x0fff) {
      ++millis;
      counter_ = 0;
    }
  } else {
    counter_ = 0;
  }
  last_millis_ = millis;
  const std::uint64_t random_bits = random_();

  Uuid id;
  for (int i = 0; i < 6; ++i) id.bytes[i] = static_cast<std::uint8_t>(millis >> (8 * (5 - i)));
  id.bytes[6] = static_cast<std::uint8_t>(0x70 | (counter_ >> 8));
  id.bytes[7] = static_cast<std::uint8_t>(counter_ & 0xff);
  id.bytes[8] = static_cast<std::uint8_t>(0x80 | ((random_bits >> 56) & 0x3f));
  for (int i = 9; i < 16; ++i)
    id.bytes[i] = static_cast<std::uint8_t>(random_bits >> (8 * (15 - i)));
  return id;
}

std::string new_uuid_v7() {
  static UuidV7Generator generator;
  static SystemClock clock;
  return generator.next(clock.now()).to_string();
}

}  // namespace opsdesk::core
