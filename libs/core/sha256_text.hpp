#pragma once
// A SHA-256 as opsdesk writes it in text: 64 lower-case hex digits (a file's hash, a certificate's
// fingerprint). One check for every field that takes one.

#include <algorithm>
#include <string_view>

namespace opsdesk::core {

inline bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::ranges::all_of(text, [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace opsdesk::core
