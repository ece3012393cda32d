// The command client both ways, against one real server: in the same process (through its
// routes, no socket) and over HTTP. Its target is a toy command route that records the
// commands it receives, answers a repeated Idempotency-Key as the first time, and is down
// (503) for its first N requests.

#include "libs/aggregate/command_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "libs/http/tests/test_server.hpp"
#include "libs/testing/temp_dir.hpp"

namespace opsdesk::aggregate {
namespace {

struct Target {
  std::mutex mutex;
  std::map<std::string, std::string> recorded;  // Idempotency-Key -> body
  std::vector<std::string> authorizations;
  std::atomic<int> unavailable_for{0};

  http::Router router() {
    http::Router router;
    router.add_async("POST", "/v1/things", http::Access::only({"maintainer"}),
                     [this](const http::Request& request, http::Reply reply) {
                       if (unavailable_for.fetch_sub(1) > 0) {
                         reply.send(http::Response::text(503, "down for a moment"));
                         return;
                       }
                       std::lock_guard lock(mutex);
                       authorizations.push_back(request.header("Authorization"));
                       const auto key = request.header("Idempotency-Key");
                       const bool again = recorded.contains(key);
                       if (!again) recorded[key] = request.body;
                       auto response = http::Response::text(201, recorded[key], "application/json");
                       response.set_header("X-Opsdesk-Position", std::to_string(recorded.size()));
                       response.set_header("Location", "/v1/things/" + key);
                       if (again) response.set_header("Idempotent-Replayed", "true");
                       reply.send(std::move(response));
                     });
    return router;
  }
};

const RetryPolicy kQuickRetry{.attempts = 4,
                              .first_backoff = std::chrono::milliseconds{1},
                              .max_backoff = std::chrono::milliseconds{5},
                              .timeout = std::chrono::seconds{10}};

class CommandClientTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<CommandClient> client() {
    if (GetParam() == "in-process")
      return std::make_unique<InProcessCommandClient>(
          [this](http::Request request, std::function<void(http::Response)> done) {
            server_.server->dispatch(std::move(request), std::move(done));
          },
          "service-token", kQuickRetry);
    return std::make_unique<HttpCommandClient>("http://127.0.0.1:" + std::to_string(server_.port()),
                                               "service-token", kQuickRetry);
  }

  Target target_;
  http::testing::TestServer server_{target_.router()};
};

TEST_P(CommandClientTest, SendsTheCommandWithItsTokenAndKeyAndReturnsTheAnswer) {
  auto answer =
      client()->send({.path = "/v1/things", .body = R"({"n":1})", .idempotency_key = "k1"});
  ASSERT_TRUE(answer) << answer.error();
  EXPECT_EQ(answer->status, 201);
  EXPECT_EQ(answer->body, R"({"n":1})");
  EXPECT_EQ(answer->position, "1");
  EXPECT_EQ(answer->location, "/v1/things/k1");
  EXPECT_FALSE(answer->replayed);
  EXPECT_EQ(target_.authorizations, std::vector<std::string>{"Bearer service-token"});
}

TEST_P(CommandClientTest, RetriesWhileTheTargetIsDownWithTheSameKeySoItIsRecordedOnce) {
  target_.unavailable_for = 2;
  auto answer = client()->send({.path = "/v1/things", .body = "{}", .idempotency_key = "k2"});
  ASSERT_TRUE(answer) << answer.error();
  EXPECT_EQ(answer->status, 201);
  auto again = client()->send({.path = "/v1/things", .body = "{}", .idempotency_key = "k2"});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(target_.recorded.size(), 1u);
}

TEST_P(CommandClientTest, GivesUpAfterItsAttemptsWithTheLastAnswer) {
  target_.unavailable_for = 10;
  auto answer = client()->send({.path = "/v1/things", .body = "{}", .idempotency_key = "k3"});
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 503);
  EXPECT_EQ(target_.unavailable_for.load(), 10 - kQuickRetry.attempts);
}

TEST_P(CommandClientTest, ARefusalIsAnAnswerNotARetry) {
  auto answer = client()->send({.path = "/v1/nothing", .body = "{}", .idempotency_key = "k4"});
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 404);
}

TEST_P(CommandClientTest, ACommandWithoutAnIdempotencyKeyIsNotSent) {
  auto refused = client()->send({.path = "/v1/things", .body = "{}", .idempotency_key = ""});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("Idempotency-Key"), std::string::npos);
  EXPECT_TRUE(target_.recorded.empty());
}

INSTANTIATE_TEST_SUITE_P(BothWays, CommandClientTest, ::testing::Values("in-process", "http"),
                         [](const auto& info) {
                           return info.param == "http" ? "Http" : "InProcess";
                         });

TEST(CommandClient, AnUnreachableTargetIsAnErrorAfterTheRetries) {
  HttpCommandClient client("http://127.0.0.1:9", "t", kQuickRetry);
  auto answer = client.send({.path = "/v1/things", .body = "{}", .idempotency_key = "k"});
  ASSERT_FALSE(answer);
  EXPECT_NE(answer.error().find("http://127.0.0.1:9/v1/things"), std::string::npos)
      << answer.error();
}

TEST(CommandClient, TheServiceTokenIsReadFromItsFile) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "token") << "  eyJ.token.sig\n";
  EXPECT_EQ(read_service_token(dir.path() / "token").value(), "eyJ.token.sig");
  EXPECT_NE(read_service_token(dir.path() / "missing").error().find("cannot be read"),
            std::string::npos);
  // Read again for every command: a rotated token is used from the next command on.
  auto source = token_file_source(dir.path() / "token");
  EXPECT_EQ(source().value(), "eyJ.token.sig");
  std::ofstream(dir.path() / "token") << "eyJ.rotated.sig\n";
  EXPECT_EQ(source().value(), "eyJ.rotated.sig");
}

}  // namespace
}  // namespace opsdesk::aggregate
