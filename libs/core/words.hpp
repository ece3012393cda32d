#pragma once
// A domain's closed vocabularies (kinds, phases, origins) as lists of words: membership, and the
// allowed values written out for an error message.

#include <algorithm>
#include <span>
#include <string>
#include <string_view>

namespace opsdesk::core {

inline bool is_one_of(std::span<const std::string_view> words, std::string_view word) {
  return std::ranges::find(words, word) != words.end();
}

// "a, b, c"
inline std::string words_text(std::span<const std::string_view> words) {
  std::string text;
  for (auto word : words) {
    if (!text.empty()) text += ", ";
    text += word;
  }
  return text;
}

}  // namespace opsdesk::core
