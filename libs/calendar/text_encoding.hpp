#pragma once
// Turns the bytes of a Japanese text file into UTF-8, whichever of the two encodings it came in:
// the Cabinet Office publishes its holiday CSV in Shift_JIS, people who edit it save UTF-8.
// Detection, not trust: a file that is neither is refused with where it stops making sense.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace opsdesk::calendar {

enum class TextEncoding { utf8, shift_jis };

struct DecodedText {
  std::string utf8;  // without a byte-order mark
  TextEncoding detected;
};

struct EncodingError {
  std::size_t offset;  // of the first byte that is neither UTF-8 nor Shift_JIS
  std::string reason;
};

// UTF-8 (with or without a BOM) when the bytes are valid UTF-8, else Shift_JIS as Windows
// writes it (CP932, a superset with the NEC and IBM extensions), converted with iconv.
std::expected<DecodedText, EncodingError> decode_japanese_text(std::string_view bytes);

// Strict: no overlong forms, no surrogates, nothing above U+10FFFF. The offset of the first
// byte that breaks the rules, or std::string_view::npos.
std::size_t first_invalid_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

}  // namespace opsdesk::calendar
