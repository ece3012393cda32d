// JsonWriter: the text it writes is what nlohmann would write for the same values, and always
// valid JSON.

#include "libs/http/json_writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace opsdesk::http {
namespace {

using nlohmann::json;

TEST(JsonWriter, NestedObjectsAndArraysGetTheirCommasAndNothingElse) {
  JsonWriter w;
  w.begin_object()
      .field("id", "a")
      .field("version", std::uint64_t{3})
      .field("delta", -2)
      .field("open", true)
      .key("none")
      .null()
      .field("tenants", std::vector<std::string>{"soumu", "houmu"})
      .key("empty")
      .begin_array()
      .end_array()
      .key("notices")
      .begin_object()
      .key("soumu")
      .begin_object()
      .field("reports", 0)
      .end_object()
      .end_object()
      .key("items")
      .begin_array()
      .begin_object()
      .field("at", std::optional<std::string>{})
      .end_object()
      .begin_object()
      .field("at", std::optional<std::string>{"x"})
      .end_object()
      .end_array()
      .end_object();
  EXPECT_EQ(
      w.text(),
      R"({"id":"a","version":3,"delta":-2,"open":true,"none":null,"tenants":["soumu","houmu"],)"
      R"("empty":[],"notices":{"soumu":{"reports":0}},"items":[{"at":null},{"at":"x"}]})");
  EXPECT_EQ(json::parse(w.text())["items"][1]["at"], "x");
}

TEST(JsonWriter, StringsAreEscapedExactlyAsNlohmannDumpsThem) {
  std::string every_ascii;
  for (int c = 1; c < 0x80; ++c) every_ascii += static_cast<char>(c);
  const std::vector<std::string> samples = {
      "",
      every_ascii,
      "総務省共済組合 第一報",
      "emoji \xF0\x9F\x98\x80 and \xE2\x82\xAC",
      std::string("nul \0 inside", 12),
      "quote \" backslash \\ slash /",
  };
  for (const auto& sample : samples) {
    JsonWriter w;
    w.value(sample);
    EXPECT_EQ(w.text(), json(sample).dump()) << sample;
  }
}

TEST(JsonWriter, DoublesAreWrittenAsNlohmannDumpsThemInTheDesksRange) {
  // Hours rounded to 3 decimals, ratios to 4, person-months: what the answers carry.
  const std::vector<double> samples = {0.0,       -0.0,      1.0,        2.5,        160.0,  320.0,
                                       0.0001,    0.125,     1234.567,   -3.25,      0.9999, 1e14,
                                       0.1 + 0.2, 7.0 / 3.0, 123456.789, 1.0 / 160.0};
  for (double sample : samples) {
    JsonWriter w;
    w.value(sample);
    EXPECT_EQ(w.text(), json(sample).dump()) << sample;
    EXPECT_EQ(json::parse(w.text()).get<double>(), sample) << sample;
  }
}

TEST(JsonWriter, DoublesJsonCannotHoldAreNullAndFarOnesStillReadBack) {
  JsonWriter w;
  w.begin_array()
      .value(std::numeric_limits<double>::quiet_NaN())
      .value(std::numeric_limits<double>::infinity())
      .value(1e300)
      .value(1e-300)
      .end_array();
  const auto parsed = json::parse(w.text());
  EXPECT_TRUE(parsed[0].is_null());
  EXPECT_TRUE(parsed[1].is_null());
  EXPECT_EQ(parsed[2].get<double>(), 1e300);
  EXPECT_EQ(parsed[3].get<double>(), 1e-300);
}

TEST(JsonWriter, BytesThatAreNotUtf8BecomeReplacementCharactersAndTheTextStaysValid) {
  const std::vector<std::string> invalid = {
      "\xFF",
      "lone \x80 continuation",
      "truncated \xE3\x81",
      "overlong \xC0\xAF",
      "surrogate \xED\xA0\x80",
      "beyond \xF4\x90\x80\x80",
  };
  for (const auto& sample : invalid) {
    JsonWriter w;
    w.value(sample);
    const auto parsed = json::parse(w.text());  // throws on invalid UTF-8
    EXPECT_NE(parsed.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << sample;
  }
}

}  // namespace
}  // namespace opsdesk::http
