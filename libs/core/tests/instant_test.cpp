#include "libs/core/instant.hpp"

#include <gtest/gtest.h>

namespace opsdesk::core {
namespace {

using namespace std::chrono;

TEST(Rfc3339, TokyoOffsetIsConvertedToUtc) {
  auto at = parse_rfc3339("2026-11-22T10:30:00+09:00");
  ASSERT_TRUE(at.has_value()) << at.error();
  EXPECT_EQ(format_rfc3339(*at), "2026-11-22T01:30:00Z");
}

TEST(Rfc3339, FractionIsKeptToTheMicrosecondAndPrintedWithoutTrailingZeros) {
  auto at = parse_rfc3339("2026-01-02T03:04:05.120000789Z");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(format_rfc3339(*at), "2026-01-02T03:04:05.12Z");
}

TEST(Rfc3339, RoundTripsThroughUnixMicros) {
  auto at = parse_rfc3339("1999-12-31T23:59:59.999999-05:00").value();
  EXPECT_EQ(from_unix_micros(to_unix_micros(at)), at);
  EXPECT_EQ(format_rfc3339(at), "2000-01-01T04:59:59.999999Z");
}

TEST(Rfc3339, FormatsEveryFieldWithItsLeadingZeros) {
  EXPECT_EQ(format_rfc3339(parse_rfc3339("0001-02-03T04:05:06.000001Z").value()),
            "0001-02-03T04:05:06.000001Z");
  EXPECT_EQ(format_rfc3339(parse_rfc3339("9999-12-31T23:59:59.5Z").value()),
            "9999-12-31T23:59:59.5Z");
  // Beyond four digits of year, still a well-formed text.
  EXPECT_EQ(format_rfc3339(Instant{} + days{3'000'000}), "10183-09-21T00:00:00Z");
}

TEST(Rfc3339, RejectsTextThatIsNotADateTimeWithOffset) {
  EXPECT_FALSE(parse_rfc3339("").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-22").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-22T10:30:00").has_value()) << "no offset";
  EXPECT_FALSE(parse_rfc3339("2026-02-30T10:30:00Z").has_value()) << "no such date";
  EXPECT_FALSE(parse_rfc3339("2026-11-22T24:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-22T10:30:00Zjunk").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-11-22T10:30:00.Z").has_value());
}

TEST(Rfc3339, ErrorSaysWhatIsExpected) {
  auto result = parse_rfc3339("yesterday");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().find("RFC 3339"), std::string::npos);
}

}  // namespace
}  // namespace opsdesk::core
