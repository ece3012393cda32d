#pragma once
// Reading a JSON request body field by field, collecting every problem at once, so a 422 lists
// all the bad fields and unknown ones. Handlers declare the fields they accept; anything else
// is an error.

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libs/core/instant.hpp"
#include "libs/http/message.hpp"
#include "libs/http/problem.hpp"

namespace opsdesk::http {

// Parses the body as a JSON object: a 400 malformed-json problem (with the parser's position)
// if it is not JSON, a 422 validation-failed problem on field "(body)" if it is JSON but not
// an object.
std::expected<nlohmann::json, Problem> parse_json_object(const std::string& body);
// The same for a command's request: its Content-Type must be application/json (parameters such
// as charset=utf-8 allowed), else 415 naming what was sent.
std::expected<nlohmann::json, Problem> parse_json_object(const Request& request);

// JSON as opsdesk reads it from outside (bodies, token parts): a key given twice in an object
// or a number beyond what a double holds is an error naming the key, not a silent choice or a
// crash. `text` must be valid UTF-8 JSON.
struct StrictJsonError {
  enum class Kind { malformed, duplicate_key, number_out_of_range };
  Kind kind;
  std::string field;   // the key concerned (duplicate, out of range); "(body)" when none
  std::string detail;  // for malformed: the parser's message
};
std::expected<nlohmann::json, StrictJsonError> parse_strict_json(std::string_view text);

// The instants a request may name: the business calendar's years (1955–2099), where business
// time means something, or less (a service's earliest plausible time). An instant outside is a
// field error saying the range: a fault dated 0001-01-01 would otherwise count no business time
// and never breach.
struct InstantRange {
  core::Instant earliest = calendar_earliest();
  core::Instant latest = calendar_latest();
  std::string why = "the business calendar's years";

  static core::Instant calendar_earliest();  // 1955-01-01T00:00:00+09:00
  static core::Instant calendar_latest();    // 2099-12-31T23:59:59+09:00
};

class JsonFields {
 public:
  // `prefix` names a nested object's fields in errors ("requester." gives "requester.name").
  explicit JsonFields(const nlohmann::json& object, InstantRange instants = {},
                      std::string prefix = {})
      : object_(object), instants_(std::move(instants)), prefix_(std::move(prefix)) {}

  // Each getter records an error (and returns nullopt) when the field is required and missing,
  // or present with the wrong type. Optional fields that are absent or null return nullopt.
  std::optional<std::string> string(const std::string& name, bool required,
                                    std::size_t max_length = 4000);
  std::optional<core::Instant> instant(const std::string& name, bool required);
  std::optional<std::vector<std::string>> string_list(const std::string& name, bool required,
                                                      std::size_t max_items = 100,
                                                      std::size_t max_length = 200);
  // A JSON integer within [min, max]; the error says the range.
  std::optional<std::int64_t> integer(const std::string& name, bool required, std::int64_t min,
                                      std::int64_t max);
  std::optional<bool> boolean(const std::string& name, bool required);
  // Any JSON number within [min, max] (hours: 7.5); the error says the range.
  std::optional<double> number(const std::string& name, bool required, double min, double max);
  // An array of at most `max_items` entries, each to be read by the caller (objects with a
  // JsonFields of their own, prefix "<name>[i].").
  const nlohmann::json* array(const std::string& name, bool required, std::size_t max_items);
  // A nested object, to be read with a JsonFields of its own (prefix "<name>.") whose errors
  // are then taken over with add_errors_of().
  const nlohmann::json* object(const std::string& name, bool required);
  void add_errors_of(const JsonFields& nested);
  // A string that must be one of `allowed`; the error names the allowed values.
  std::optional<std::string> one_of(const std::string& name, bool required,
                                    const std::vector<std::string>& allowed);

  void add_error(std::string field, std::string message);
  // Call after the getters: every member of the object not asked for is reported as unknown.
  void reject_unknown_fields();
  bool ok() const { return errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  const nlohmann::json* present(const std::string& name, bool required);

  const nlohmann::json& object_;
  std::set<std::string> known_;
  std::vector<FieldError> errors_;
  InstantRange instants_;
  std::string prefix_;
};

}  // namespace opsdesk::http
