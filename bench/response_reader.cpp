// One HTTP/1.x response at the front of a buffer (see response_reader.hpp).

#include "bench/response_reader.hpp"

#include <boost/beast/core/string.hpp>
#include <charconv>

namespace opsdesk::bench {

namespace {

using State = ResponseRead::State;
using boost::beast::iequals;

ResponseRead malformed(std::string error) {
  return ResponseRead{State::malformed, {}, std::move(error)};
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// 1xx, 204 and 304 answers have no body whatever their headers say (RFC 9110 §6.4.1).
bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

}  // namespace

ResponseRead read_response(std::string_view buffer) {
  const auto head_end = buffer.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (buffer.size() > kResponseHeadLimit) {
      return malformed("the response head is longer than " + std::to_string(kResponseHeadLimit) +
                       " bytes");
    }
    return {};
  }
  const std::string_view head = buffer.substr(0, head_end);

  // Status line: HTTP/1.x SP 3DIGIT [SP reason]
  const auto line_end = head.find("\r\n");
  const std::string_view status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.") || status_line[8] != ' ') {
    return malformed("not an HTTP/1.x status line: '" + std::string(status_line.substr(0, 80)) +
                     "'");
  }
  ResponseView response;
  const auto* digits = status_line.data() + 9;
  if (auto [end, ec] = std::from_chars(digits, digits + 3, response.status);
      ec != std::errc{} || end != digits + 3 || response.status < 100) {
    return malformed("no three-digit status in '" + std::string(status_line.substr(0, 80)) + "'");
  }
  const bool http10 = status_line[7] == '0';
  response.keep_alive = !http10;

  bool has_length = false;
  std::size_t content_length = 0;
  std::string_view fields =
      line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
  while (!fields.empty()) {
    const auto end = fields.find("\r\n");
    const std::string_view field = fields.substr(0, end);
    fields = end == std::string_view::npos ? std::string_view{} : fields.substr(end + 2);
    const auto colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return malformed("a header line without a name: '" + std::string(field.substr(0, 80)) + "'");
    }
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = trimmed(field.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      if (auto [end_of_number, ec] =
              std::from_chars(value.data(), value.data() + value.size(), content_length);
          ec != std::errc{} || end_of_number != value.data() + value.size()) {
        return malformed("Content-Length is not a number: '" + std::string(value) + "'");
      }
      has_length = true;
    } else if (iequals(name, "Transfer-Encoding")) {
      return malformed("Transfer-Encoding '" + std::string(value) +
                       "' is not supported: opsdesk answers with a Content-Length");
    } else if (iequals(name, "Connection")) {
      if (iequals(value, "close")) response.keep_alive = false;
      if (iequals(value, "keep-alive")) response.keep_alive = true;
    } else if (iequals(name, "Location")) {
      response.location = value;
    } else if (iequals(name, "X-Opsdesk-Position")) {
      response.position = value;
    }
  }

  const std::size_t body_from = head_end + 4;
  if (!status_has_body(response.status)) {
    content_length = 0;
  } else if (!has_length) {
    return malformed("a " + std::to_string(response.status) + " answer without Content-Length");
  }
  if (buffer.size() - body_from < content_length) return {};
  response.body = buffer.substr(body_from, content_length);
  response.size = body_from + content_length;
  return ResponseRead{State::complete, response, {}};
}

}  // namespace opsdesk::bench
