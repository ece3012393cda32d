#include "libs/http/json_body.hpp"

#include <cctype>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "libs/core/tokyo_time.hpp"

namespace opsdesk::http {

namespace {

// Limits are stated to users in characters, so count code points, not UTF-8 bytes (the parser
// has already rejected invalid UTF-8).
std::size_t character_count(const std::string& text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

std::string must_be(const std::string& what, const nlohmann::json& value) {
  return "must be " + what + ", not " + type_name(value);
}

std::string too_long(std::size_t max_length) {
  return "must be at most " + std::to_string(max_length) +
         (max_length == 1 ? " character" : " characters");
}

std::string joined(const auto& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// nlohmann's what() starts with "[json.exception.parse_error.101] "; a client needs only the
// part after it ("parse error at line 1, column 9: ...").
std::string parser_message(const std::string& what) {
  if (!what.empty() && what.front() == '[') {
    if (auto end = what.find("] "); end != std::string::npos) return what.substr(end + 2);
  }
  return what;
}

}  // namespace

std::expected<nlohmann::json, StrictJsonError> parse_strict_json(std::string_view text) {
  using Event = nlohmann::json::parse_event_t;
  std::vector<std::set<std::string>> keys;  // of each object being read, innermost last
  std::string last_key;
  std::optional<std::string> duplicate;
  const auto watch = [&](int, Event event, nlohmann::json& parsed) {
    if (event == Event::object_start) {
      keys.emplace_back();
    } else if (event == Event::object_end) {
      if (!keys.empty()) keys.pop_back();
    } else if (event == Event::key) {
      last_key = parsed.get<std::string>();
      if (!keys.empty() && !keys.back().insert(last_key).second && !duplicate) duplicate = last_key;
    }
    return true;
  };
  const auto field = [&] { return last_key.empty() ? std::string("(body)") : last_key; };
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text, watch);
  } catch (const nlohmann::json::parse_error& e) {
    return std::unexpected(
        StrictJsonError{StrictJsonError::Kind::malformed, field(), parser_message(e.what())});
  } catch (const nlohmann::json::out_of_range&) {
    // 1e999 and the like: no double holds them.
    return std::unexpected(
        StrictJsonError{StrictJsonError::Kind::number_out_of_range, field(), {}});
  }
  if (duplicate)
    return std::unexpected(StrictJsonError{StrictJsonError::Kind::duplicate_key, *duplicate, {}});
  return value;
}

std::expected<nlohmann::json, Problem> parse_json_object(const Request& request) {
  if (request.media_type() != "application/json") {
    const auto type = request.header("Content-Type");
    return std::unexpected(unsupported_media_type_problem(
        "a command's body must be JSON sent as Content-Type: application/json; got " +
        (type.empty() ? std::string("no Content-Type") : "'" + type + "'")));
  }
  return parse_json_object(request.body);
}

std::expected<nlohmann::json, Problem> parse_json_object(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return std::unexpected(
        malformed_json_problem("The request body is empty; expected a JSON object."));
  }
  auto parsed = parse_strict_json(body);
  if (!parsed) {
    const auto& error = parsed.error();
    switch (error.kind) {
      case StrictJsonError::Kind::malformed:
        return std::unexpected(
            malformed_json_problem("The request body is not valid JSON: " + error.detail));
      case StrictJsonError::Kind::duplicate_key:
        return std::unexpected(validation_problem(
            {FieldError{error.field, "appears more than once in its object; give it once"}}));
      case StrictJsonError::Kind::number_out_of_range:
        return std::unexpected(validation_problem(
            {FieldError{error.field, "is a number out of range (beyond what a double holds)"}}));
    }
  }
  nlohmann::json value = std::move(*parsed);
  if (!value.is_object()) {
    // Well-formed JSON of the wrong shape is a validation failure, like any other wrong type.
    return std::unexpected(
        validation_problem({FieldError{"(body)", must_be("a JSON object", value)}}));
  }
  return value;
}

const nlohmann::json* JsonFields::present(const std::string& name, bool required) {
  known_.insert(name);
  const nlohmann::json* value = nullptr;
  if (object_.is_object()) {
    auto it = object_.find(name);
    if (it != object_.end() && !it->is_null()) value = &*it;
  }
  if (value == nullptr && required) add_error(name, "is required");
  return value;
}

std::optional<std::string> JsonFields::string(const std::string& name, bool required,
                                              std::size_t max_length) {
  const auto* value = present(name, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    add_error(name, must_be("a string", *value));
    return std::nullopt;
  }
  auto text = value->get<std::string>();
  if (character_count(text) > max_length) {
    add_error(name, too_long(max_length));
    return std::nullopt;
  }
  return text;
}

core::Instant InstantRange::calendar_earliest() {
  return core::parse_rfc3339("1955-01-01T00:00:00+09:00").value();
}
core::Instant InstantRange::calendar_latest() {
  return core::parse_rfc3339("2099-12-31T23:59:59+09:00").value();
}

std::optional<core::Instant> JsonFields::instant(const std::string& name, bool required) {
  static const std::string kExpected =
      "must be an RFC 3339 date-time with offset, e.g. 2026-11-22T10:30:00+09:00";
  const auto* value = present(name, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    add_error(name, kExpected + ", not " + type_name(*value));
    return std::nullopt;
  }
  auto parsed = core::parse_rfc3339(value->get_ref<const std::string&>());
  if (!parsed) {
    // The core parser says what is wrong, then repeats the expected form; keep only the reason.
    std::string reason = parsed.error();
    if (auto cut = reason.find("; expected"); cut != std::string::npos) reason.resize(cut);
    add_error(name, reason.starts_with("expected") ? kExpected : kExpected + " (" + reason + ")");
    return std::nullopt;
  }
  if (*parsed < instants_.earliest || *parsed > instants_.latest) {
    add_error(name, "must lie between " + core::format_tokyo_rfc3339(instants_.earliest) + " and " +
                        core::format_tokyo_rfc3339(instants_.latest) + " (" + instants_.why + ")");
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::vector<std::string>> JsonFields::string_list(const std::string& name,
                                                                bool required,
                                                                std::size_t max_items,
                                                                std::size_t max_length) {
  const auto* value = present(name, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) {
    add_error(name, must_be("an array of strings", *value));
    return std::nullopt;
  }
  if (value->size() > max_items) {
    add_error(name, "must have at most " + std::to_string(max_items) +
                        (max_items == 1 ? " item" : " items"));
    return std::nullopt;
  }
  std::vector<std::string> items;
  bool ok = true;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const auto& item = (*value)[i];
    const auto field = name + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      add_error(field, must_be("a string", item));
      ok = false;
    } else if (character_count(item.get_ref<const std::string&>()) > max_length) {
      add_error(field, too_long(max_length));
      ok = false;
    } else {
      items.push_back(item.get<std::string>());
    }
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<std::string> JsonFields::one_of(const std::string& name, bool required,
                                              const std::vector<std::string>& allowed) {
  const auto* value = present(name, required);
  if (value == nullptr) return std::nullopt;
  const std::string expected = "must be one of: " + joined(allowed);
  if (!value->is_string()) {
    add_error(name, expected + " (a string, not " + type_name(*value) + ")");
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  for (const auto& candidate : allowed) {
    if (candidate == text) return text;
  }
  add_error(name, expected);
  return std::nullopt;
}

std::optional<std::int64_t> JsonFields::integer(const std::string& name, bool required,
                                                std::int64_t min, std::int64_t max) {
  const auto* value = present(name, required);
  if (value == nullptr) return std::nullopt;
  const std::string expected =
      "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (value->is_number_float()) {
    add_error(name, expected + " (" + value->dump() + " is not whole)");
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    add_error(name, expected + ", not " + type_name(*value));
    return std::nullopt;
  }
  // A huge unsigned value does not fit in int64: it is out of range either way.
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    add_error(name, expected);
    return std::nullopt;
  }
  const auto number = value->get<std::int64_t>();
  if (number < min || number > max) {
    add_error(name, expected);
    return std::nullopt;
  }
  return number;
}

std::optional<bool> JsonFields::boolean(const std::string& name, bool required) {
  const auto* value = present(name, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    add_error(name, must_be("true or false", *value));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<double> JsonFields::number(const std::string& name, bool required, double min,
                                         double max) {
  const auto* value = present(name, required);
  if (value == nullptr) return std::nullopt;
  auto text = [](double v) {
    std::string t = std::to_string(v);
    t.erase(t.find_last_not_of('0') + 1);
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
  };
  const std::string expected = "must be a number from " + text(min) + " to " + text(max);
  if (!value->is_number()) {
    add_error(name, expected + ", not " + type_name(*value));
    return std::nullopt;
  }
  const auto number = value->get<double>();
  if (number < min || number > max) {
    add_error(name, expected);
    return std::nullopt;
  }
  return number;
}

const nlohmann::json* JsonFields::array(const std::string& name, bool required,
                                        std::size_t max_items) {
  const auto* value = present(name, required);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    add_error(name, must_be("an array", *value));
    return nullptr;
  }
  if (value->size() > max_items) {
    add_error(name, "at most " + std::to_string(max_items) + " entries");
    return nullptr;
  }
  return value;
}

const nlohmann::json* JsonFields::object(const std::string& name, bool required) {
  const auto* value = present(name, required);
  if (value == nullptr) return nullptr;
  if (!value->is_object()) {
    add_error(name, must_be("an object", *value));
    return nullptr;
  }
  return value;
}

void JsonFields::add_errors_of(const JsonFields& nested) {
  errors_.insert(errors_.end(), nested.errors_.begin(), nested.errors_.end());
}

void JsonFields::add_error(std::string field, std::string message) {
  errors_.push_back(FieldError{prefix_ + field, std::move(message)});
}

void JsonFields::reject_unknown_fields() {
  if (!object_.is_object()) return;
  for (const auto& [name, value] : object_.items()) {
    if (known_.contains(name)) continue;
    add_error(name, known_.empty() ? "is not a known field; this request takes no fields"
                                   : "is not a known field; known fields are: " + joined(known_));
  }
}

}  // namespace opsdesk::http
