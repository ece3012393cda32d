#pragma once
// Writes JSON text straight into a string, for the answers on hot paths (a command's incident)
// where building an nlohmann::json tree first costs more than the rest of the request. Emits the
// same text nlohmann's dump() would for the same values and valid UTF-8 (same escapes), in the
// order the caller writes them; a byte that is not part of valid UTF-8 becomes U+FFFD, so the
// output is always valid JSON. Unbalanced use is a programming error, caught by the tests that
// read the output back.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::http {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The name of the next member of the object being written.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(bool flag);
  // The shortest text that reads back as the same double, in plain decimals (an integral value
  // keeps ".0", as nlohmann writes it); NaN and infinities, which JSON cannot hold, as null.
  JsonWriter& value(double number);
  JsonWriter& null();
  // A string, or null when absent.
  JsonWriter& value(const std::optional<std::string>& text);
  JsonWriter& value(const std::vector<std::string>& texts);

  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  void open(char bracket);
  void close(char bracket);
  template <typename Integer>
  void integer(Integer number);
  void escaped(std::string_view text);

  std::string out_;
  std::vector<bool> has_items_;  // per open object/array: whether a comma is due
  bool after_key_ = false;
};

}  // namespace opsdesk::http
