#include "libs/auth/base64url.hpp"

#include <gtest/gtest.h>

namespace opsdesk::auth {
namespace {

TEST(Base64url, EncodesRfc4648VectorsWithoutPadding) {
  // RFC 4648 §10 test vectors, with the padding JWS leaves off.
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64url, UsesTheUrlSafeAlphabet) {
  EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
  EXPECT_EQ(base64url_decode("-_-_"), std::string("\xfb\xff\xbf"));
}

TEST(Base64url, RoundTripsEveryLengthModFour) {
  std::string bytes;
  for (int length = 0; length < 70; ++length) {
    const auto encoded = base64url_encode(bytes);
    EXPECT_NE(encoded.size() % 4, 1u) << "length " << length;
    EXPECT_EQ(encoded.find('='), std::string::npos);
    const auto decoded = base64url_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << "length " << length;
    EXPECT_EQ(*decoded, bytes);
    bytes += static_cast<char>((length * 37 + 11) & 0xff);
  }
}

TEST(Base64url, RejectsALengthThatNoByteStringEncodesTo) {
  EXPECT_FALSE(base64url_decode("Z").has_value());
  EXPECT_FALSE(base64url_decode("Zm9vY").has_value());
}

TEST(Base64url, RejectsPaddingWhitespaceAndTheStandardAlphabet) {
  EXPECT_FALSE(base64url_decode("Zg==").has_value());
  EXPECT_FALSE(base64url_decode("Zm8=").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v Yg").has_value());
  EXPECT_FALSE(base64url_decode("+/+/").has_value());
  EXPECT_FALSE(base64url_decode(std::string_view("Zm\0v", 4)).has_value());
}

TEST(Base64url, RejectsNonZeroLeftoverBitsSoEachValueHasOneSpelling) {
  EXPECT_EQ(base64url_decode("Zg"), std::string("f"));
  EXPECT_FALSE(base64url_decode("Zh").has_value());  // same byte, stray low bits
  EXPECT_EQ(base64url_decode("Zm8"), std::string("fo"));
  EXPECT_FALSE(base64url_decode("Zm9").has_value());
}

}  // namespace
}  // namespace opsdesk::auth

namespace opsdesk::auth {
namespace {

TEST(Base64, StandardFormIsPaddedAndUsesPlusAndSlash) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("+/8="), "\xfb\xff");
  EXPECT_EQ(base64_decode(base64_encode("手順書 1.0")), "手順書 1.0");
}

TEST(Base64, StandardDecodingIsStrict) {
  EXPECT_EQ(base64_decode("Zg"), std::nullopt) << "padding is required";
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);
  EXPECT_EQ(base64_decode("Zh=="), std::nullopt) << "stray bits";
  EXPECT_EQ(base64_decode("-_8="), std::nullopt) << "the URL alphabet is not the standard one";
  EXPECT_EQ(base64_decode("Zm9v\n"), std::nullopt);
  EXPECT_EQ(base64_decode("Z==="), std::nullopt);
}

}  // namespace
}  // namespace opsdesk::auth
