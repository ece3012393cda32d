#pragma once
// Reads one HTTP/1.x response from the front of a buffer without copying it: the little the load
// clients need (status, whether the connection stays open, Location, X-Opsdesk-Position, the body).
// A full HTTP parser per answer cost the client a third of its CPU, CPU the server under test then
// lacked on a 2-core machine. opsdesk frames every answer with Content-Length, so chunked answers
// are refused as malformed rather than decoded.

#include <cstddef>
#include <string>
#include <string_view>

namespace opsdesk::bench {

struct ResponseView {
  int status = 0;
  bool keep_alive = true;
  std::string_view location;  // empty when absent
  std::string_view position;  // X-Opsdesk-Position as sent (unparsed); empty when absent
  std::string_view body;
  std::size_t size = 0;  // bytes the response takes at the front of the buffer
};

struct ResponseRead {
  enum class State { incomplete, complete, malformed };
  State state = State::incomplete;
  ResponseView response;  // when complete
  std::string error;      // when malformed: what was wrong
};

// The head may take at most this many bytes; a longer one is malformed.
inline constexpr std::size_t kResponseHeadLimit = 64 * 1024;

ResponseRead read_response(std::string_view buffer);

}  // namespace opsdesk::bench
