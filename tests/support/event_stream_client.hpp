#pragma once
// Reads a Server-Sent Events stream (text/event-stream) over a plain socket, message by
// message, as a dashboard does: for the tests of GET /v1/board/stream.

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace opsdesk::testing {

struct StreamMessage {
  std::string event;  // "message" when the server named none
  std::optional<std::string> id;
  std::string data;
  nlohmann::json json() const { return nlohmann::json::parse(data); }
};

class EventStreamClient {
 public:
  // Sends GET `path` with the headers; status() and header() tell how it was answered.
  EventStreamClient(const std::string& host, int port, const std::string& path,
                    const std::map<std::string, std::string>& headers);
  ~EventStreamClient();
  EventStreamClient(const EventStreamClient&) = delete;
  EventStreamClient& operator=(const EventStreamClient&) = delete;

  int status() const { return status_; }
  std::string header(const std::string& lower_case_name) const;
  // The body read so far beyond the head when the answer is not a stream (a problem).
  const std::string& buffered() const { return buffer_; }

  // The next message, waiting up to `timeout`; none when it did not come (or the stream ended).
  std::optional<StreamMessage> next(std::chrono::milliseconds timeout);
  // The next message of `event`, skipping others (ticks, say), waiting up to `timeout` in all.
  std::optional<StreamMessage> next_of(const std::string& event, std::chrono::milliseconds timeout);
  // Whether the server closed the stream (within `timeout`).
  bool ended(std::chrono::milliseconds timeout);

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  int status_ = 0;
  std::map<std::string, std::string> headers_;
  std::string buffer_;
  bool closed_ = false;
};

}  // namespace opsdesk::testing
