// Parsing and vetting ingest_load's --url (see loopback_target.hpp).

#include "bench/loopback_target.hpp"

#include <boost/asio/io_context.hpp>
#include <charconv>
#include <string_view>

namespace opsdesk::bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool is_loopback(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).is_loopback();
  }
  return address.is_loopback();
}

}  // namespace

std::string Target::host_header() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + port;
}

std::expected<Target, std::string> loopback_target(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme))
    return std::unexpected("--url must start with http:// (got '" + url + "')");
  std::string rest = url.substr(kScheme.size());
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);

  Target target;
  std::string::size_type colon = std::string::npos;
  if (rest.starts_with("[")) {
    const auto close = rest.find(']');
    if (close == std::string::npos)
      return std::unexpected("--url: unterminated [IPv6] host in '" + url + "'");
    target.host = rest.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = rest.rfind(':');
    target.host = rest.substr(0, colon);
  }
  if (colon == std::string::npos || colon + 1 >= rest.size() || rest[colon] != ':') {
    return std::unexpected("--url must name a port, e.g. http://127.0.0.1:8080 (got '" + url +
                           "')");
  }
  target.port = rest.substr(colon + 1);
  unsigned port = 0;
  const auto* end = target.port.data() + target.port.size();
  if (auto [p, ec] = std::from_chars(target.port.data(), end, port);
      ec != std::errc{} || p != end || port == 0 || port > 65535) {
    return std::unexpected("--url: the port must be 1..65535 (got '" + target.port + "')");
  }

  const std::string refused = "refusing target " + url +
                              ": ingest_load only loads this machine (127.0.0.0/8, ::1, localhost)";
  boost::system::error_code ec;
  const auto literal = asio::ip::make_address(target.host, ec);
  if (!ec) {
    if (!is_loopback(literal))
      return std::unexpected(refused + "; " + literal.to_string() + " is not loopback");
    target.endpoint = tcp::endpoint(literal, static_cast<unsigned short>(port));
    return target;
  }
  if (target.host != "localhost") return std::unexpected(refused);
  // localhost normally comes from /etc/hosts; whatever it resolves to must still be loopback.
  asio::io_context io;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(target.host, target.port, tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) return std::unexpected("cannot resolve localhost: " + ec.message());
  for (const auto& entry : results) {
    if (!is_loopback(entry.endpoint().address())) {
      return std::unexpected(refused + "; localhost resolves to " +
                             entry.endpoint().address().to_string());
    }
  }
  target.endpoint = results.begin()->endpoint();
  return target;
}

}  // namespace opsdesk::bench
