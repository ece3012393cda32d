#include "libs/http/target.hpp"

namespace opsdesk::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::expected<Target, std::string> parse_target(std::string_view target) {
  // Absolute-form is what proxies send; only its path and query matter here.
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.starts_with(scheme)) {
      const auto slash = target.find('/', scheme.size());
      target = slash == std::string_view::npos ? std::string_view{"/"} : target.substr(slash);
      break;
    }
  }
  if (target.empty() || target.front() != '/')
    return std::unexpected("the request target must start with '/'");
  // A fragment is never sent by a conforming client; drop it rather than route on it.
  if (auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);

  Target result;
  const auto question = target.find('?');
  auto path = percent_decode(target.substr(0, question), false);
  if (!path) return std::unexpected("the path has a '%' not followed by two hex digits");
  result.path = std::move(*path);
  if (question == std::string_view::npos) return result;

  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    auto value = percent_decode(
        equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1), true);
    if (!name || !value)
      return std::unexpected("the query string has a '%' not followed by two hex digits");
    result.query[std::move(*name)] = std::move(*value);
  }
  return result;
}

}  // namespace opsdesk::http
