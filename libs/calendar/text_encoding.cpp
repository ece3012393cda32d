#include "libs/calendar/text_encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

namespace opsdesk::calendar {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct IconvCloser {
  void operator()(iconv_t cd) const { iconv_close(cd); }
};
using IconvHandle = std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser>;

std::expected<DecodedText, EncodingError> decode_cp932(std::string_view bytes) {
  const iconv_t raw = iconv_open("UTF-8", "CP932");
  if (raw == reinterpret_cast<iconv_t>(-1)) {
    // glibc always has CP932; a system without it cannot read the Cabinet Office file at all.
    return std::unexpected(
        EncodingError{0, "the file is not UTF-8, and this system's iconv cannot read Shift_JIS"});
  }
  IconvHandle cd(raw);
  // Every CP932 character becomes at most 3 UTF-8 bytes (1-byte half-width katakana included).
  std::string out(bytes.size() * 3 + 4, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());  // iconv's signature is not const-correct
  std::size_t in_left = bytes.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  if (iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
    const auto offset = static_cast<std::size_t>(in_ptr - bytes.data());
    return std::unexpected(EncodingError{
        offset, errno == EINVAL ? "the file ends in the middle of a character"
                                : "a byte sequence that is neither UTF-8 nor Shift_JIS"});
  }
  out.resize(out.size() - out_left);
  return DecodedText{std::move(out), TextEncoding::shift_jis};
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t length = 0;
    char32_t code = 0;
    char32_t minimum = 0;  // smallest code point for this length: anything less is overlong
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, code = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code = lead & 0x07, minimum = 0x10000;
    } else {
      return i;
    }
    if (i + length > bytes.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view bytes) {
  return first_invalid_utf8(bytes) == std::string_view::npos;
}

std::expected<DecodedText, EncodingError> decode_japanese_text(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) {
    const auto text = bytes.substr(kUtf8Bom.size());
    // A BOM declares UTF-8: if the rest is not, the file is broken, not Shift_JIS.
    if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos) {
      return std::unexpected(
          EncodingError{kUtf8Bom.size() + bad, "not valid UTF-8 after a UTF-8 byte-order mark"});
    }
    return DecodedText{std::string(text), TextEncoding::utf8};
  }
  if (is_valid_utf8(bytes)) return DecodedText{std::string(bytes), TextEncoding::utf8};
  return decode_cp932(bytes);
}

}  // namespace opsdesk::calendar
