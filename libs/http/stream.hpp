#pragma once
// A response that stays open and sends messages as they come: Server-Sent Events
// (text/event-stream) for dashboards. The handler answers with Response::stream set; once the
// head and the first bytes are on the wire, the server hands the opener a StreamSink, and
// whoever holds it sends further messages from any thread. The body is close-delimited
// (`Connection: close`, no Content-Length): the stream ends when either side closes.
//
// A sink never blocks its caller: sends are queued and written by the connection's I/O thread.
// A client that does not read falls behind; past the connection's stream buffer limit the
// stream is closed rather than growing memory (the client reconnects and resumes).

#include <functional>
#include <memory>
#include <string>

namespace opsdesk::http {

class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Queues `bytes` after what is queued. False when the stream has ended (the client left,
  // the server is stopping, or this send would pass the buffer limit, which ends it now).
  virtual bool send(std::string bytes) = 0;
  virtual bool closed() const = 0;
  // Ends the stream: the connection closes once the queued bytes are written, or at once.
  virtual void close() = 0;
};

// Called once on the connection's I/O thread, after the response head went out: must not
// block. Never called when the head could not be written (the client left first).
using StreamOpener = std::function<void(std::shared_ptr<StreamSink> sink)>;

}  // namespace opsdesk::http
