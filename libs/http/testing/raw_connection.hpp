#pragma once
// Header-only, for the tests of libs/http and the end-to-end tests of the process.
// A deliberately dumb HTTP/1.1 client over a plain socket, for the tests that must send what a
// polite client never would (half a request, huge headers, garbage) or must see exactly which
// connection a response came on. Every read has a deadline, so a server bug fails a test
// instead of hanging it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "libs/http/message.hpp"

namespace opsdesk::http::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

class RawConnection {
 public:
  static constexpr std::chrono::milliseconds kDeadline{10'000};

  explicit RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect() failed");
    }
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False when the server has already closed (EPIPE, reset).
  bool send(std::string_view data) {
    while (!data.empty()) {
      const auto sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // The next response (Content-Length framed), or nullopt if the connection closed or the
  // deadline passed first. A "100 Continue" interim response is returned like any other.
  std::optional<RawResponse> read_response(std::chrono::milliseconds deadline = kDeadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::size_t header_end;
    while ((header_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(until)) return std::nullopt;
    }
    RawResponse response;
    const std::string head = pending_.substr(0, header_end);
    pending_.erase(0, header_end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) return std::nullopt;
    response.status = std::atoi(status_line.substr(9, 3).c_str());
    while (line_end != std::string::npos) {
      const auto start = line_end + 2;
      line_end = head.find("\r\n", start);
      const auto line =
          head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      response.headers[line.substr(0, colon)] = value;
    }
    const auto length_text = response.header("Content-Length");
    const std::size_t length = length_text.empty() ? 0 : std::stoul(length_text);
    while (pending_.size() < length) {
      if (!fill(until)) return std::nullopt;
    }
    response.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return response;
  }

  // True when the server has sent nothing on this connection so far, nor closed it (checked
  // without waiting): a request it is still holding.
  bool nothing_received() {
    if (!pending_.empty()) return false;
    pollfd poll_fd{fd_, POLLIN, 0};
    return ::poll(&poll_fd, 1, 0) == 0;
  }

  // True when the server closes the connection (EOF or reset) before the deadline; whatever
  // it sent before closing is appended to `received`.
  bool wait_closed(std::string* received = nullptr,
                   std::chrono::milliseconds deadline = kDeadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (true) {
      const auto state = fill_or_eof(until);
      if (state == Fill::closed) break;
      if (state == Fill::timeout) return false;
    }
    if (received != nullptr) *received += pending_;
    pending_.clear();
    return true;
  }

 private:
  enum class Fill { data, closed, timeout };

  Fill fill_or_eof(std::chrono::steady_clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Fill::timeout;
    pollfd poll_fd{fd_, POLLIN, 0};
    const int ready = ::poll(&poll_fd, 1, static_cast<int>(left.count()));
    if (ready == 0) return Fill::timeout;
    if (ready < 0) return Fill::closed;
    char buffer[8192];
    const auto received = ::recv(fd_, buffer, sizeof buffer, 0);
    if (received <= 0) return Fill::closed;
    pending_.append(buffer, static_cast<std::size_t>(received));
    return Fill::data;
  }

  bool fill(std::chrono::steady_clock::time_point until) {
    return fill_or_eof(until) == Fill::data;
  }

  int fd_ = -1;
  std::string pending_;
};

}  // namespace opsdesk::http::testing
