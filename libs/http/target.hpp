#pragma once
// Splitting a request target into the decoded path and query the handlers see. Pure string
// work, no I/O; it never guesses: a broken percent-escape is an error for a 400, not a path.

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace opsdesk::http {

// "%41" -> "A"; with `plus_as_space` (query strings, per HTML forms) "+" -> " ". Nullopt when
// a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space);

struct Target {
  std::string path;                          // decoded, starts with '/'
  std::map<std::string, std::string> query;  // decoded; a repeated name keeps the last value
};

// Origin-form ("/a/b?x=1") or absolute-form ("http://host/a/b?x=1") targets; the error text
// says what is wrong.
std::expected<Target, std::string> parse_target(std::string_view target);

}  // namespace opsdesk::http
