#include "tests/support/api_client.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "libs/core/clock.hpp"

namespace opsdesk::testing {

namespace {

ApiResponse convert(const httplib::Result& result) {
  ApiResponse out;
  if (!result) return out;
  out.status = result->status;
  out.body = result->body;
  for (const auto& [name, value] : result->headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    out.headers[lower] = value;
  }
  return out;
}

httplib::Headers headers_with(const std::string& token,
                              const std::map<std::string, std::string>& extra) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  for (const auto& [k, v] : extra) headers.emplace(k, v);
  return headers;
}

}  // namespace

std::string minutes_ago(int minutes) {
  return core::format_rfc3339(core::SystemClock{}.now() - std::chrono::minutes{minutes});
}

nlohmann::json ApiResponse::json() const { return nlohmann::json::parse(body, nullptr, false); }

std::string ApiResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

ApiClient::ApiClient(std::string host, int port, std::string token)
    : host_(std::move(host)), port_(port), token_(std::move(token)) {}

ApiResponse ApiClient::get(const std::string& path,
                           const std::map<std::string, std::string>& headers) const {
  httplib::Client client(host_, port_);
  client.set_read_timeout(30, 0);
  return convert(client.Get(path.c_str(), headers_with(token_, headers)));
}

ApiResponse ApiClient::post(const std::string& path, const nlohmann::json& body,
                            const std::map<std::string, std::string>& headers) const {
  return post_raw(path, body.dump(), "application/json", headers);
}

ApiResponse ApiClient::post_raw(const std::string& path, const std::string& body,
                                const std::string& content_type,
                                const std::map<std::string, std::string>& headers) const {
  httplib::Client client(host_, port_);
  client.set_read_timeout(30, 0);
  return convert(
      client.Post(path.c_str(), headers_with(token_, headers), body, content_type.c_str()));
}

ApiResponse ApiClient::send(const std::string& method, const std::string& path,
                            const std::string& body) const {
  httplib::Client client(host_, port_);
  client.set_read_timeout(30, 0);
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = headers_with(token_, {});
  if (!body.empty()) {
    request.body = body;
    request.set_header("Content-Type", "application/json");
  }
  return convert(client.send(request));
}

std::string raw_exchange(const std::string& host, int port, const std::string& bytes,
                         std::chrono::milliseconds deadline) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return {};
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (e.g. 431); read what it said
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

std::optional<double> metric_value(const ApiClient& api, const std::string& sample) {
  std::istringstream lines(api.get("/metrics").body);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(sample + " ", 0) == 0) return std::stod(line.substr(sample.size() + 1));
  return std::nullopt;
}

}  // namespace opsdesk::testing
