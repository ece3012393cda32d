#pragma once
// The status line and header block of an HTTP/1.x response, written straight into one string:
// the server sends it and the body as two buffers of one write. Replaces Beast's serializer on
// the answer path, where its field container and buffer sequences cost more than the
// formatting itself. The server owns framing: Content-Length, Connection and X-Request-Id come
// from here, never from a handler's headers.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opsdesk::http {

struct ResponseHead {
  unsigned version = 11;  // 10 or 11, as the request's
  int status = 200;
  std::string_view request_id;
  std::string_view content_type;  // ignored for responses without a body
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
  std::size_t body_size = 0;
  bool keep_alive = true;
  // A stream (stream.hpp): no Content-Length, the body ends when the connection closes.
  bool close_delimited = false;
};

// Whether a response with this status carries a body (not 1xx, 204 or 304; RFC 9110 §6.4.1).
bool has_body(int status);

// Handler headers that would break framing, or whose value holds CR or LF, are left out.
std::string format_response_head(const ResponseHead& head);

}  // namespace opsdesk::http
