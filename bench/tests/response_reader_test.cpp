// The load clients' response reader: what it takes from an answer, when it waits for more, and what
// it refuses. A wrong reading here would miscount the benchmark, so each case is pinned.

#include "bench/response_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace opsdesk::bench {
namespace {

using State = ResponseRead::State;

const std::string kCreated =
    "HTTP/1.1 201 Created\r\n"
    "Content-Type: application/json\r\n"
    "Location: /v1/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\r\n"
    "Content-Length: 11\r\n"
    "\r\n"
    "{\"id\":\"x\"}\n";

TEST(ResponseReader, ACompleteAnswerGivesStatusLocationBodyAndSize) {
  const auto read = read_response(kCreated);
  ASSERT_EQ(read.state, State::complete) << read.error;
  EXPECT_EQ(read.response.status, 201);
  EXPECT_TRUE(read.response.keep_alive);
  EXPECT_EQ(read.response.location, "/v1/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(read.response.body, "{\"id\":\"x\"}\n");
  EXPECT_EQ(read.response.size, kCreated.size());
}

TEST(ResponseReader, TheLogPositionOfACommandIsGivenAsSent) {
  const auto read = read_response(
      "HTTP/1.1 201 Created\r\nx-opsdesk-position:  1234 \r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(read.state, State::complete) << read.error;
  EXPECT_EQ(read.response.position, "1234");
  EXPECT_TRUE(read.response.location.empty());
}

TEST(ResponseReader, AnAnswerWithoutAPositionHasAnEmptyOne) {
  const auto read = read_response(kCreated);
  ASSERT_EQ(read.state, State::complete) << read.error;
  EXPECT_TRUE(read.response.position.empty());
}

TEST(ResponseReader, EveryShorterPrefixIsIncomplete) {
  for (std::size_t n = 0; n < kCreated.size(); ++n) {
    EXPECT_EQ(read_response(std::string_view(kCreated).substr(0, n)).state, State::incomplete)
        << "prefix of " << n << " bytes";
  }
}

TEST(ResponseReader, BytesAfterTheAnswerAreNotPartOfIt) {
  const auto read = read_response(kCreated + "HTTP/1.1 200 OK\r\n");
  ASSERT_EQ(read.state, State::complete);
  EXPECT_EQ(read.response.size, kCreated.size());
}

TEST(ResponseReader, HeaderNamesAndConnectionValuesAreCaseInsensitive) {
  const auto read =
      read_response("HTTP/1.1 409 Conflict\r\ncontent-length: 2\r\nCONNECTION: Close\r\n\r\n{}");
  ASSERT_EQ(read.state, State::complete) << read.error;
  EXPECT_EQ(read.response.status, 409);
  EXPECT_FALSE(read.response.keep_alive);
  EXPECT_EQ(read.response.body, "{}");
  EXPECT_TRUE(read.response.location.empty());
}

TEST(ResponseReader, Http10ClosesUnlessKeptAlive) {
  EXPECT_FALSE(read_response("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").response.keep_alive);
  EXPECT_TRUE(
      read_response("HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
          .response.keep_alive);
}

TEST(ResponseReader, NoContentAndNotModifiedHaveNoBody) {
  const auto read = read_response("HTTP/1.1 204 No Content\r\nX-Request-Id: r\r\n\r\n");
  ASSERT_EQ(read.state, State::complete) << read.error;
  EXPECT_TRUE(read.response.body.empty());
}

TEST(ResponseReader, RefusesWhatItCannotCount) {
  const char* cases[] = {
      "HTTP/2 200 OK\r\n\r\n",
      "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\n\r\n",  // no Content-Length
      "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
  };
  for (const char* text : cases) {
    const auto read = read_response(text);
    EXPECT_EQ(read.state, State::malformed) << text;
    EXPECT_FALSE(read.error.empty()) << text;
  }
}

TEST(ResponseReader, AHeadLongerThanTheLimitIsRefusedInsteadOfAwaited) {
  const std::string endless = "HTTP/1.1 200 OK\r\nX: " + std::string(kResponseHeadLimit, 'a');
  EXPECT_EQ(read_response(endless).state, State::malformed);
}

}  // namespace
}  // namespace opsdesk::bench
