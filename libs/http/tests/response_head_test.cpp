// The response head the server writes: framing is the server's, handler headers pass through
// unless they would break it.

#include "libs/http/response_head.hpp"

#include <gtest/gtest.h>

namespace opsdesk::http {
namespace {

TEST(ResponseHead, A201CarriesItsTypeLengthAndTheHandlersHeaders) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"ETag", "\"1\""}, {"Location", "/v1/incidents/x"}};
  EXPECT_EQ(format_response_head({.version = 11,
                                  .status = 201,
                                  .request_id = "r1",
                                  .content_type = "application/json",
                                  .headers = &headers,
                                  .body_size = 42,
                                  .keep_alive = true}),
            "HTTP/1.1 201 Created\r\nX-Request-Id: r1\r\nContent-Type: application/json\r\n"
            "ETag: \"1\"\r\nLocation: /v1/incidents/x\r\nContent-Length: 42\r\n\r\n");
}

TEST(ResponseHead, ConnectionIsSaidOnlyWhereTheVersionsDefaultDiffers) {
  const auto head = [](unsigned version, bool keep_alive) {
    return format_response_head({.version = version,
                                 .status = 200,
                                 .request_id = "r",
                                 .content_type = "text/plain",
                                 .body_size = 0,
                                 .keep_alive = keep_alive});
  };
  EXPECT_EQ(head(11, true).find("Connection"), std::string::npos);
  EXPECT_NE(head(11, false).find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(head(10, true).find("Connection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(head(10, false).find("Connection"), std::string::npos);
  EXPECT_TRUE(head(10, false).starts_with("HTTP/1.0 200 OK\r\n"));
}

TEST(ResponseHead, ResponsesWithoutABodyHaveNoLengthNorType) {
  const auto text = format_response_head(
      {.status = 204, .request_id = "r", .content_type = "application/json", .body_size = 0});
  EXPECT_EQ(text, "HTTP/1.1 204 No Content\r\nX-Request-Id: r\r\n\r\n");
}

TEST(ResponseHead, HandlerHeadersCannotTakeOverFramingOrSplitTheHead) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"content-length", "1"},       {"Transfer-Encoding", "chunked"},
      {"Connection", "upgrade"},     {"x-request-id", "forged"},
      {"Content-Type", "text/html"}, {"X-Evil", "a\r\nSet-Cookie: b"},
      {"Retry-After", "1"}};
  const auto text = format_response_head({.status = 503,
                                          .request_id = "r",
                                          .content_type = "application/problem+json",
                                          .headers = &headers,
                                          .body_size = 7});
  EXPECT_EQ(
      text,
      "HTTP/1.1 503 Service Unavailable\r\nX-Request-Id: r\r\n"
      "Content-Type: application/problem+json\r\nRetry-After: 1\r\nContent-Length: 7\r\n\r\n");
}

}  // namespace
}  // namespace opsdesk::http
