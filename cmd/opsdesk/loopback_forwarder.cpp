// The dev broker's loopback TCP forwarder (see loopback_forwarder.hpp): one Asio thread, and
// per connection a pump in each direction; when either side ends, both sockets close.

#include "cmd/opsdesk/loopback_forwarder.hpp"

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>
#include <memory>

namespace opsdesk::cli {

namespace {

using boost::asio::ip::tcp;

class Pipe : public std::enable_shared_from_this<Pipe> {
 public:
  Pipe(tcp::socket client, boost::asio::io_context& io) : client_(std::move(client)), server_(io) {}

  void start(const tcp::endpoint& target) {
    server_.async_connect(target,
                          [self = shared_from_this()](const boost::system::error_code& error) {
                            if (error) return self->close();
                            self->pump(self->client_, self->server_, self->upstream_);
                            self->pump(self->server_, self->client_, self->downstream_);
                          });
  }

 private:
  using Buffer = std::array<char, 16 * 1024>;

  void pump(tcp::socket& from, tcp::socket& to, Buffer& buffer) {
    from.async_read_some(
        boost::asio::buffer(buffer), [self = shared_from_this(), &from, &to, &buffer](
                                         const boost::system::error_code& error, std::size_t size) {
          if (error) return self->close();
          boost::asio::async_write(to, boost::asio::buffer(buffer.data(), size),
                                   [self, &from, &to, &buffer](
                                       const boost::system::error_code& write_error, std::size_t) {
                                     if (write_error) return self->close();
                                     self->pump(from, to, buffer);
                                   });
        });
  }

  void close() {
    boost::system::error_code ignored;
    client_.close(ignored);
    server_.close(ignored);
  }

  tcp::socket client_;
  tcp::socket server_;
  Buffer upstream_{};
  Buffer downstream_{};
};

std::expected<boost::asio::ip::address, std::string> loopback_address(const std::string& host) {
  if (host == "localhost") return boost::asio::ip::address_v4::loopback();
  boost::system::error_code error;
  auto address = boost::asio::ip::make_address(host, error);
  if (error) return std::unexpected("'" + host + "' is not an IP address or localhost");
  if (!address.is_loopback()) {
    return std::unexpected(
        "'" + host +
        "' is not a loopback address; the dev broker only listens on 127.0.0.1, ::1 or localhost");
  }
  return address;
}

}  // namespace

bool is_loopback_host(const std::string& host) { return loopback_address(host).has_value(); }

LoopbackForwarder::~LoopbackForwarder() { stop(); }

std::expected<std::uint16_t, std::string> LoopbackForwarder::start(const std::string& listen_host,
                                                                   std::uint16_t listen_port,
                                                                   const std::string& target_host,
                                                                   std::uint16_t target_port) {
  auto address = loopback_address(listen_host);
  if (!address) return std::unexpected(address.error());
  auto target = loopback_address(target_host);
  if (!target) return std::unexpected("the mock broker: " + target.error());
  target_ = tcp::endpoint(*target, target_port);

  const tcp::endpoint endpoint(*address, listen_port);
  boost::system::error_code error;
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(tcp::acceptor::max_listen_connections, error);
  if (error)
    return std::unexpected("cannot listen on " + listen_host + ":" + std::to_string(listen_port) +
                           ": " + error.message());
  const auto port = acceptor_.local_endpoint().port();
  accept_next();
  thread_ = std::thread([this] { io_.run(); });
  return port;
}

void LoopbackForwarder::accept_next() {
  acceptor_.async_accept([this](const boost::system::error_code& error, tcp::socket client) {
    if (error == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!error) std::make_shared<Pipe>(std::move(client), io_)->start(target_);
    accept_next();
  });
}

void LoopbackForwarder::stop() {
  if (!thread_.joinable()) return;
  io_.stop();  // pending handlers (and the connections they hold) go with io_
  thread_.join();
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

}  // namespace opsdesk::cli
