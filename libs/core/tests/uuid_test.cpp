#include "libs/core/uuid.hpp"

#include <gtest/gtest.h>

namespace opsdesk::core {
namespace {

TEST(UuidV7, IsVersion7WithRfcVariantAndParsesBack) {
  UuidV7Generator generator;
  auto id = generator.next(parse_rfc3339("2026-11-22T00:00:00Z").value());
  EXPECT_EQ(id.version(), 7);
  EXPECT_EQ(id.bytes[8] & 0xc0, 0x80);
  auto text = id.to_string();
  EXPECT_EQ(text.size(), 36u);
  EXPECT_EQ(Uuid::parse(text), id);
}

TEST(UuidV7, LeadingBitsAreTheUnixMilliseconds) {
  UuidV7Generator generator;
  auto id = generator.next(from_unix_micros(1'700'000'000'123'000));
  std::uint64_t millis = 0;
  for (int i = 0; i < 6; ++i) millis = millis << 8 | id.bytes[i];
  EXPECT_EQ(millis, 1'700'000'000'123u);
}

TEST(UuidV7, IdsOfOneGeneratorIncreaseEvenWithinOneMillisecondAndWhenTheClockStepsBack) {
  UuidV7Generator generator;
  auto at = parse_rfc3339("2026-11-22T00:00:00Z").value();
  Uuid previous = generator.next(at);
  for (int i = 0; i < 10'000; ++i) {
    auto when = (i == 5000) ? at - std::chrono::seconds{5} : at;
    Uuid next = generator.next(when);
    ASSERT_LT(previous, next) << "at id " << i;
    ASSERT_LT(previous.to_string(), next.to_string());
    previous = next;
  }
}

TEST(Uuid, ParseRejectsMalformedText) {
  EXPECT_FALSE(Uuid::parse("").has_value());
  EXPECT_FALSE(Uuid::parse("0190c3a4-0000-7000-8000-00000000000").has_value());
  EXPECT_FALSE(Uuid::parse("0190c3a4x0000-7000-8000-000000000000").has_value());
  EXPECT_FALSE(Uuid::parse("0190c3a4-0000-7000-8000-00000000000g").has_value());
}

}  // namespace
}  // namespace opsdesk::core
