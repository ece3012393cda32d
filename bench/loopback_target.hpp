#pragma once
// Where ingest_load may send its load: a base URL whose host is a loopback address. The tool can
// saturate a server, so it must only ever load this machine; any other target is refused here,
// before a single connection is opened, and no name other than "localhost" is ever resolved.

#include <boost/asio/ip/tcp.hpp>
#include <expected>
#include <string>

namespace opsdesk::bench {

struct Target {
  std::string host;  // as written in the URL (without IPv6 brackets)
  std::string port;
  boost::asio::ip::tcp::endpoint endpoint;

  std::string host_header() const;  // "127.0.0.1:8080", "[::1]:8080"
};

// "http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:8080". The error says why
// the URL was refused.
std::expected<Target, std::string> loopback_target(const std::string& url);

}  // namespace opsdesk::bench
