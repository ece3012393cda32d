#pragma once
// A small HTTP client for end-to-end tests (cpp-httplib underneath): JSON in, status, headers
// and parsed JSON out, with the bearer token set once.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace opsdesk::testing {

struct ApiResponse {
  int status = 0;                              // 0 when the connection failed
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const;
  std::string header(const std::string& lower_case_name) const;
};

class ApiClient {
 public:
  ApiClient(std::string host, int port, std::string token = {});
  void set_token(std::string token) { token_ = std::move(token); }

  ApiResponse get(const std::string& path,
                  const std::map<std::string, std::string>& headers = {}) const;
  ApiResponse post(const std::string& path, const nlohmann::json& body,
                   const std::map<std::string, std::string>& headers = {}) const;
  ApiResponse post_raw(const std::string& path, const std::string& body,
                       const std::string& content_type,
                       const std::map<std::string, std::string>& headers = {}) const;
  // Any method; a body is sent as JSON when not empty.
  ApiResponse send(const std::string& method, const std::string& path,
                   const std::string& body = {}) const;

 private:
  std::string host_;
  int port_;
  std::string token_;
};

// The value of one sample of GET /metrics (Prometheus text), named with its labels exactly as
// printed (`opsdesk_x{store="incidents"}`); nothing when it is not there. Needs a centre-staff
// token.
std::optional<double> metric_value(const ApiClient& api, const std::string& sample);

// Now minus `minutes`, as RFC 3339: the past times commands are dated with in tests.
std::string minutes_ago(int minutes);

// Sends raw bytes on a fresh connection and returns what the server answered before it closed
// the connection (or `deadline` passed). For limits and timeouts a normal client cannot provoke.
std::string raw_exchange(const std::string& host, int port, const std::string& bytes,
                         std::chrono::milliseconds deadline = std::chrono::milliseconds{10'000});

}  // namespace opsdesk::testing
