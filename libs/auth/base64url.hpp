#pragma once
// base64url without padding (RFC 4648 §5, RFC 7515 §2): the encoding of every part of a compact
// JWS; and standard base64 with padding (RFC 4648 §4): how JSON bodies carry a file's bytes.
// Decoding is strict (no whitespace, no stray bits, padding exactly as the form wants), so one
// byte string has exactly one accepted spelling.

#include <optional>
#include <string>
#include <string_view>

namespace opsdesk::auth {

std::string base64url_encode(std::string_view bytes);
// nullopt if `text` is not canonical unpadded base64url.
std::optional<std::string> base64url_decode(std::string_view text);

std::string base64_encode(std::string_view bytes);
// nullopt if `text` is not canonical padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace opsdesk::auth
