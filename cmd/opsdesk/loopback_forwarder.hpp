#pragma once
// A loopback TCP forwarder for `opsdesk dev-broker`: librdkafka's mock cluster listens on ports
// it picks itself, so the dev broker accepts on the port the operator asked for and pipes each
// connection to the mock bootstrap broker (clients then follow the advertised broker addresses).
// Listens on loopback addresses only, never on an interface another machine can reach.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <expected>
#include <string>
#include <thread>

namespace opsdesk::cli {

class LoopbackForwarder {
 public:
  LoopbackForwarder() = default;
  ~LoopbackForwarder();
  LoopbackForwarder(const LoopbackForwarder&) = delete;
  LoopbackForwarder& operator=(const LoopbackForwarder&) = delete;

  // Listens on listen_host:listen_port (port 0 picks one) and forwards to target_host:target_port.
  // Returns the port it listens on; the error says why it cannot (not loopback, port in use).
  std::expected<std::uint16_t, std::string> start(const std::string& listen_host,
                                                  std::uint16_t listen_port,
                                                  const std::string& target_host,
                                                  std::uint16_t target_port);
  // Closes the listener and every forwarded connection, and joins the thread.
  void stop();

 private:
  void accept_next();

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  boost::asio::ip::tcp::endpoint target_;
  std::thread thread_;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

}  // namespace opsdesk::cli
