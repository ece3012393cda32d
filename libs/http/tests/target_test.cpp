#include "libs/http/target.hpp"

#include <gtest/gtest.h>

namespace opsdesk::http {
namespace {

TEST(Target, DecodesPercentEscapesInThePath) {
  auto target = parse_target("/v1/tenants/a%20b%2Bc+d");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/v1/tenants/a b+c+d");  // '+' is only a space in queries
  EXPECT_TRUE(target->query.empty());
}

TEST(Target, DecodesQueryNamesAndValues) {
  auto target = parse_target(
      "/v1/incidents?q=disk+full&tenant=%E6%9D%B1%E4%BA%AC&flag&limit=10&limit=20&&x=");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/v1/incidents");
  EXPECT_EQ(target->query.at("q"), "disk full");
  EXPECT_EQ(target->query.at("tenant"), "\xE6\x9D\xB1\xE4\xBA\xAC");
  EXPECT_EQ(target->query.at("flag"), "");
  EXPECT_EQ(target->query.at("limit"), "20");
  EXPECT_EQ(target->query.at("x"), "");
  EXPECT_EQ(target->query.size(), 5u);
}

TEST(Target, EncodedSeparatorsInAValueStayData) {
  auto target = parse_target("/s?a=1%262%3D3");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->query.at("a"), "1&2=3");
}

TEST(Target, AcceptsAbsoluteForm) {
  auto target = parse_target("http://example.org:8080/v1/x?y=1");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/v1/x");
  EXPECT_EQ(target->query.at("y"), "1");
  EXPECT_EQ(parse_target("http://example.org")->path, "/");
}

TEST(Target, RejectsBrokenEscapesAndRelativeTargets) {
  EXPECT_FALSE(parse_target("/a%2").has_value());
  EXPECT_FALSE(parse_target("/a%zz").has_value());
  EXPECT_FALSE(parse_target("/a?b=%4").has_value());
  EXPECT_FALSE(parse_target("*").has_value());
  EXPECT_FALSE(parse_target("").has_value());
}

TEST(Target, PercentDecodeHonoursPlusOnlyWhenAsked) {
  EXPECT_EQ(percent_decode("a+b%41", true), "a bA");
  EXPECT_EQ(percent_decode("a+b%41", false), "a+bA");
  EXPECT_EQ(percent_decode("%", false), std::nullopt);
}

}  // namespace
}  // namespace opsdesk::http
