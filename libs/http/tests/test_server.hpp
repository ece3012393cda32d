#pragma once
// A server on 127.0.0.1 port 0 with its own metrics registry, for tests: quiet by default
// (no access log), started in the constructor, stopped in the destructor.

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "libs/http/server.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::http::testing {

inline ServerOptions quiet_options() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.access_log = false;
  options.worker_threads = 4;
  return options;
}

struct TestServer {
  explicit TestServer(Router router, ServerOptions options = quiet_options())
      : server(std::make_unique<Server>(std::move(options), std::move(router), metrics)) {
    auto started = server->start();
    if (!started) ADD_FAILURE() << "server did not start: " << started.error();
  }

  std::uint16_t port() const { return server->port(); }

  httplib::Client client() const {
    httplib::Client client("127.0.0.1", port());
    client.set_connection_timeout(10, 0);
    client.set_read_timeout(10, 0);
    client.set_write_timeout(10, 0);
    return client;
  }

  observability::Registry metrics;
  std::unique_ptr<Server> server;
};

}  // namespace opsdesk::http::testing
