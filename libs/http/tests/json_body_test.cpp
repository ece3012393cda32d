#include "libs/http/json_body.hpp"

#include <gtest/gtest.h>

namespace opsdesk::http {
namespace {

using nlohmann::json;

std::string message_for(const JsonFields& fields, const std::string& field) {
  for (const auto& error : fields.errors()) {
    if (error.field == field) return error.message;
  }
  return "<no error for " + field + ">";
}

TEST(ParseJsonObject, AcceptsAnObject) {
  auto parsed = parse_json_object(R"({"title": "Disk full"})");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)["title"], "Disk full");
}

TEST(ParseJsonObject, MalformedJsonIs400WithThePosition) {
  auto parsed = parse_json_object(R"({"title": )");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().status, 400);
  EXPECT_EQ(parsed.error().type, problem_type("malformed-json"));
  EXPECT_NE(parsed.error().detail.find("line 1, column"), std::string::npos)
      << parsed.error().detail;
  EXPECT_EQ(parsed.error().detail.find("json.exception"), std::string::npos)
      << parsed.error().detail;
}

TEST(ParseJsonObject, EmptyBodyIs400) {
  auto parsed = parse_json_object("  ");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().status, 400);
  EXPECT_NE(parsed.error().detail.find("empty"), std::string::npos);
}

TEST(ParseJsonObject, JsonThatIsNotAnObjectIs422OnTheBody) {
  auto parsed = parse_json_object(R"(["a"])");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().status, 422);
  EXPECT_EQ(parsed.error().type, problem_type("validation-failed"));
  ASSERT_EQ(parsed.error().errors.size(), 1u);
  EXPECT_EQ(parsed.error().errors[0].field, "(body)");
  EXPECT_EQ(parsed.error().errors[0].message, "must be a JSON object, not an array");
}

TEST(ParseJsonObject, AKeyGivenTwiceIs422NamingIt) {
  for (const char* body :
       {R"({"title": "a", "title": "b"})", R"({"outer": {"title": 1, "title": 2}, "other": 3})"}) {
    auto parsed = parse_json_object(std::string(body));
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().status, 422) << body;
    EXPECT_EQ(parsed.error().type, "urn:opsdesk:problem:validation-failed");
    EXPECT_EQ(parsed.error().errors.at(0).field, "title") << body;
  }
  // The same key in two different objects is fine.
  EXPECT_TRUE(parse_json_object(std::string(R"({"a": {"id": 1}, "b": {"id": 2}})")));
}

TEST(ParseJsonObject, ANumberNoDoubleHoldsIs422NamingItsField) {
  for (const char* body : {R"({"unknown": 1e999})", R"({"title": "x", "unknown": -1e400})",
                           R"({"unknown": [1, 2, 1e999]})"}) {
    auto parsed = parse_json_object(std::string(body));
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().status, 422) << body;
    EXPECT_EQ(parsed.error().errors.at(0).field, "unknown") << body;
  }
}

TEST(ParseJsonObject, ACommandsBodyMustBeSentAsJson) {
  Request request;
  request.body = R"({"title": "x"})";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", ""}) {
    request.headers["Content-Type"] = type;
    if (std::string(type).empty()) request.headers.erase("Content-Type");
    auto parsed = parse_json_object(request);
    ASSERT_FALSE(parsed) << type;
    EXPECT_EQ(parsed.error().status, 415) << type;
    EXPECT_EQ(parsed.error().type, "urn:opsdesk:problem:unsupported-media-type");
  }
  for (const char* type :
       {"application/json", "application/json; charset=utf-8", "Application/JSON"}) {
    request.headers["Content-Type"] = type;
    EXPECT_TRUE(parse_json_object(request)) << type;
  }
}

TEST(JsonFields, AnInstantOutsideTheCalendarsYearsOrTheGivenRangeIsAnError) {
  for (const char* at :
       {"0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "2100-01-01T00:00:00+09:00"}) {
    const json body{{"at", at}};
    JsonFields fields(body);
    EXPECT_EQ(fields.instant("at", true), std::nullopt) << at;
    EXPECT_NE(message_for(fields, "at").find("must lie between 1955-01-01T"), std::string::npos)
        << message_for(fields, "at");
  }
  const json fine{{"at", "1955-01-01T00:00:00+09:00"}};
  JsonFields calendar_start(fine);
  EXPECT_TRUE(calendar_start.instant("at", true));

  InstantRange narrow;
  narrow.earliest = core::parse_rfc3339("2025-04-01T00:00:00+09:00").value();
  narrow.why = "not before the term";
  const json old{{"at", "2025-03-31T23:59:59+09:00"}};
  JsonFields fields(old, narrow);
  EXPECT_EQ(fields.instant("at", true), std::nullopt);
  EXPECT_NE(message_for(fields, "at").find("(not before the term)"), std::string::npos);
}

TEST(JsonFields, ReadsPresentFields) {
  json body = {{"title", "Disk full"},
               {"detected_at", "2026-11-22T10:30:00+09:00"},
               {"tenants", {"t1", "t2"}},
               {"severity", "s2"}};
  JsonFields fields(body);
  EXPECT_EQ(fields.string("title", true), "Disk full");
  auto at = fields.instant("detected_at", true);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(core::format_rfc3339(*at), "2026-11-22T01:30:00Z");
  EXPECT_EQ(fields.string_list("tenants", true), (std::vector<std::string>{"t1", "t2"}));
  EXPECT_EQ(fields.one_of("severity", true, {"s1", "s2", "s3"}), "s2");
  fields.reject_unknown_fields();
  EXPECT_TRUE(fields.ok());
}

TEST(JsonFields, AbsentOrNullOptionalFieldsAreFine) {
  json body = {{"note", nullptr}};
  JsonFields fields(body);
  EXPECT_EQ(fields.string("note", false), std::nullopt);
  EXPECT_EQ(fields.instant("resolved_at", false), std::nullopt);
  EXPECT_EQ(fields.string_list("tags", false), std::nullopt);
  EXPECT_EQ(fields.one_of("kind", false, {"a"}), std::nullopt);
  fields.reject_unknown_fields();
  EXPECT_TRUE(fields.ok());
}

TEST(JsonFields, CollectsEveryErrorAtOnce) {
  json body = {{"title", 42},
               {"detected_at", "2026-11-22T10:30:00"},
               {"severity", "critical"},
               {"tenants", {"ok", 7}},
               {"colour", "red"},
               {"size", 3}};
  JsonFields fields(body);
  fields.string("title", true);
  fields.string("summary", true);
  fields.instant("detected_at", true);
  fields.one_of("severity", true, {"s1", "s2", "s3"});
  fields.string_list("tenants", true);
  fields.reject_unknown_fields();

  EXPECT_FALSE(fields.ok());
  EXPECT_EQ(fields.errors().size(), 7u);
  EXPECT_EQ(message_for(fields, "title"), "must be a string, not a number");
  EXPECT_EQ(message_for(fields, "summary"), "is required");
  EXPECT_EQ(message_for(fields, "detected_at"),
            "must be an RFC 3339 date-time with offset, e.g. 2026-11-22T10:30:00+09:00 "
            "(missing UTC offset (Z or +09:00))");
  EXPECT_EQ(message_for(fields, "severity"), "must be one of: s1, s2, s3");
  EXPECT_EQ(message_for(fields, "tenants[1]"), "must be a string, not a number");
  EXPECT_EQ(
      message_for(fields, "colour"),
      "is not a known field; known fields are: detected_at, severity, summary, tenants, title");
  EXPECT_NE(message_for(fields, "size").find("is not a known field"), std::string::npos);

  auto problem = validation_problem(fields.errors());
  EXPECT_EQ(problem.status, 422);
  EXPECT_EQ(problem.errors.size(), 7u);
}

TEST(JsonFields, InstantMessages) {
  json body = {{"a", "yesterday"}, {"b", 1700000000}, {"c", "2026-02-30T10:00:00Z"}};
  JsonFields fields(body);
  fields.instant("a", true);
  fields.instant("b", true);
  fields.instant("c", true);
  const std::string expected =
      "must be an RFC 3339 date-time with offset, e.g. 2026-11-22T10:30:00+09:00";
  EXPECT_EQ(message_for(fields, "a"), expected);
  EXPECT_EQ(message_for(fields, "b"), expected + ", not a number");
  EXPECT_EQ(message_for(fields, "c"), expected + " (no such calendar date)");
}

TEST(JsonFields, LengthLimitsCountCharacters) {
  json body = {{"short", "東京都"},
               {"long", "abcdef"},
               {"list", {"abc", "abcdef"}},
               {"many", {"a", "b", "c"}}};
  JsonFields fields(body);
  EXPECT_EQ(fields.string("short", true, 3), "東京都");  // 9 bytes, 3 characters
  EXPECT_EQ(fields.string("long", true, 5), std::nullopt);
  EXPECT_EQ(fields.string_list("list", true, 10, 5), std::nullopt);
  EXPECT_EQ(fields.string_list("many", true, 2), std::nullopt);
  EXPECT_EQ(message_for(fields, "long"), "must be at most 5 characters");
  EXPECT_EQ(message_for(fields, "list[1]"), "must be at most 5 characters");
  EXPECT_EQ(message_for(fields, "many"), "must have at most 2 items");
  EXPECT_EQ(fields.errors().size(), 3u);
}

TEST(JsonFields, WrongContainerTypes) {
  json body = {{"tags", "a,b"}, {"kind", 3}};
  JsonFields fields(body);
  fields.string_list("tags", true);
  fields.one_of("kind", true, {"x", "y"});
  EXPECT_EQ(message_for(fields, "tags"), "must be an array of strings, not a string");
  EXPECT_EQ(message_for(fields, "kind"), "must be one of: x, y (a string, not a number)");
}

TEST(JsonFields, WholeNumbersAndBooleans) {
  json body = {{"minutes", 30}, {"zero", 0},    {"half", 1.5},      {"huge", 1ULL << 63},
               {"text", "30"},  {"flag", true}, {"not_flag", "yes"}};
  JsonFields fields(body);
  EXPECT_EQ(fields.integer("minutes", true, 1, 1440), 30);
  EXPECT_FALSE(fields.integer("zero", true, 1, 1440));
  EXPECT_FALSE(fields.integer("half", true, 1, 1440));
  EXPECT_FALSE(fields.integer("huge", true, 1, 1440));
  EXPECT_FALSE(fields.integer("text", true, 1, 1440));
  EXPECT_EQ(fields.boolean("flag", true), true);
  EXPECT_FALSE(fields.boolean("not_flag", true));
  EXPECT_EQ(message_for(fields, "zero"), "must be a whole number from 1 to 1440");
  EXPECT_EQ(message_for(fields, "half"),
            "must be a whole number from 1 to 1440 (1.5 is not whole)");
  EXPECT_EQ(message_for(fields, "huge"), "must be a whole number from 1 to 1440");
  EXPECT_EQ(message_for(fields, "text"), "must be a whole number from 1 to 1440, not a string");
  EXPECT_EQ(message_for(fields, "not_flag"), "must be true or false, not a string");
}

TEST(JsonFields, ANestedObjectsErrorsNameItsFieldsUnderItsOwnName) {
  json body = {{"requester", {{"role", 7}, {"phone", "x"}}}, {"other", {1, 2}}};
  JsonFields fields(body);
  const auto* requester = fields.object("requester", true);
  ASSERT_NE(requester, nullptr);
  JsonFields nested(*requester, {}, "requester.");
  nested.string("name", true);
  nested.string("role", false);
  nested.reject_unknown_fields();
  fields.add_errors_of(nested);
  EXPECT_EQ(fields.object("other", true), nullptr);
  EXPECT_EQ(message_for(fields, "requester.name"), "is required");
  EXPECT_EQ(message_for(fields, "requester.role"), "must be a string, not a number");
  EXPECT_EQ(message_for(fields, "requester.phone"),
            "is not a known field; known fields are: name, role");
  EXPECT_EQ(message_for(fields, "other"), "must be an object, not an array");
}

TEST(JsonFields, AddErrorIsCollectedWithTheOthers) {
  json body = {{"starts_at", "2026-11-22T10:00:00Z"}, {"ends_at", "2026-11-22T09:00:00Z"}};
  JsonFields fields(body);
  auto starts = fields.instant("starts_at", true);
  auto ends = fields.instant("ends_at", true);
  ASSERT_TRUE(starts && ends);
  if (*ends < *starts) fields.add_error("ends_at", "must not be before starts_at");
  fields.reject_unknown_fields();
  ASSERT_EQ(fields.errors().size(), 1u);
  EXPECT_EQ(fields.errors()[0].field, "ends_at");
}

TEST(JsonFields, NoDeclaredFieldsRejectsEverything) {
  json body = {{"x", 1}};
  JsonFields fields(body);
  fields.reject_unknown_fields();
  EXPECT_EQ(message_for(fields, "x"), "is not a known field; this request takes no fields");
}

}  // namespace
}  // namespace opsdesk::http
