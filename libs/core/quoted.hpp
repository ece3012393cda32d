#pragma once
// 'text' in single quotes, as error messages cite what the user wrote.

#include <string>
#include <string_view>

namespace opsdesk::core {

// Built by appending: "'" + std::string(text) trips GCC 12's false -Wrestrict warning (its bug
// 105651: a literal put in front of a temporary string) at -O2.
inline std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

}  // namespace opsdesk::core
