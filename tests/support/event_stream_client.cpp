#include "tests/support/event_stream_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace opsdesk::testing {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

EventStreamClient::EventStreamClient(const std::string& host, int port, const std::string& path,
                                     const std::map<std::string, std::string>& headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port));
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  std::size_t end = std::string::npos;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
    if (!fill(deadline)) throw std::runtime_error("no response head: " + buffer_);
  const std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  status_ = std::stoi(head.substr(head.find(' ') + 1, 3));
  for (std::size_t line = head.find("\r\n"); line != std::string::npos;) {
    const auto next = head.find("\r\n", line + 2);
    const auto text = head.substr(line + 2, next == std::string::npos ? next : next - line - 2);
    const auto colon = text.find(':');
    if (colon != std::string::npos)
      headers_[lower(text.substr(0, colon))] = text.substr(text.find_first_not_of(' ', colon + 1));
    line = next;
  }
}

EventStreamClient::~EventStreamClient() {
  if (fd_ >= 0) ::close(fd_);
}

std::string EventStreamClient::header(const std::string& lower_case_name) const {
  auto found = headers_.find(lower_case_name);
  return found == headers_.end() ? "" : found->second;
}

bool EventStreamClient::fill(std::chrono::steady_clock::time_point deadline) {
  if (closed_) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd polled{fd_, POLLIN, 0};
  if (::poll(&polled, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[8192];
  const auto got = ::recv(fd_, chunk, sizeof chunk, 0);
  if (got <= 0) {
    closed_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(got));
  return true;
}

std::optional<StreamMessage> EventStreamClient::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    // A message ends with a blank line; comments (": …") and retry lines carry none.
    std::size_t end;
    while ((end = buffer_.find("\n\n")) == std::string::npos)
      if (!fill(deadline)) return std::nullopt;
    const std::string block = buffer_.substr(0, end + 1);
    buffer_.erase(0, end + 2);
    StreamMessage message{"message", std::nullopt, ""};
    bool has_data = false;
    for (std::size_t start = 0; start < block.size();) {
      const auto stop = block.find('\n', start);
      const auto line = block.substr(start, stop - start);
      start = stop + 1;
      if (line.starts_with("event: ")) message.event = line.substr(7);
      if (line.starts_with("id: ")) message.id = line.substr(4);
      if (line.starts_with("data: ")) {
        if (has_data) message.data += '\n';  // (not "…" + string: GCC 12's false -Wrestrict)
        message.data += line.substr(6);
        has_data = true;
      }
    }
    if (has_data) return message;
  }
}

std::optional<StreamMessage> EventStreamClient::next_of(const std::string& event,
                                                        std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto message = next(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (!message) return std::nullopt;
    if (message->event == event) return message;
  }
  return std::nullopt;
}

bool EventStreamClient::ended(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (fill(deadline)) {
  }
  return closed_;
}

}  // namespace opsdesk::testing
