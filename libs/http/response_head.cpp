#include "libs/http/response_head.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <ostream>

namespace opsdesk::http {

namespace {

bool framed_by_the_server(std::string_view name) {
  namespace beast = boost::beast;
  return beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
         beast::iequals(name, "Connection") || beast::iequals(name, "X-Request-Id") ||
         beast::iequals(name, "Content-Type");
}

bool breaks_the_header_block(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

void append_number(std::string& out, std::size_t number) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  out.append(digits, end);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

}  // namespace

bool has_body(int status) { return status >= 200 && status != 204 && status != 304; }

std::string format_response_head(const ResponseHead& head) {
  std::string out;
  out.reserve(256);
  out += head.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  append_number(out, static_cast<std::size_t>(head.status));
  out += ' ';
  out += boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(head.status));
  out += "\r\n";
  append_field(out, "X-Request-Id", head.request_id);
  const bool body = has_body(head.status);
  if (body) append_field(out, "Content-Type", head.content_type);
  if (head.headers != nullptr) {
    for (const auto& [name, value] : *head.headers) {
      if (framed_by_the_server(name) || breaks_the_header_block(name) ||
          breaks_the_header_block(value))
        continue;
      append_field(out, name, value);
    }
  }
  // HTTP/1.1 keeps the connection unless told; HTTP/1.0 closes it unless told.
  if (head.version == 10 && head.keep_alive) append_field(out, "Connection", "keep-alive");
  if (head.version != 10 && (!head.keep_alive || head.close_delimited))
    append_field(out, "Connection", "close");
  if (body && !head.close_delimited) {
    out += "Content-Length: ";
    append_number(out, head.body_size);
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

}  // namespace opsdesk::http
