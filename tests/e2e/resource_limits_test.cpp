// What a client can hold of a running process, and that it never holds up the others: silent
// connections, anonymous requests announcing large bodies, and queries waiting for a log
// position the read model has not reached. While they are held, /healthz and an authenticated
// read are answered. Asserted on outcomes and order, never on durations.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "libs/http/testing/raw_connection.hpp"
#include "libs/testing/eventually.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using http::testing::RawConnection;
using nlohmann::json;

constexpr int kHeld = 8;
constexpr int kWaitersPerCaller = 4;

std::string get_request(const std::string& target, const std::string& token) {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
}

class ResourceLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    opsdesk_ = std::make_unique<OpsdeskProcess>(
        data_.path(), std::vector<std::string>{},
        std::map<std::string, std::string>{
            // Few workers: a wait that held one would stall every read at once.
            {"OPSDESK_HTTP_WORKER_THREADS", "2"},
            // Longer than the test: whatever is held stays held until it ends.
            {"OPSDESK_HTTP_READ_TIMEOUT_MS", "120000"},
            {"OPSDESK_PROJECTION_READ_YOUR_WRITES_WAIT_MS", "120000"},
            {"OPSDESK_PROJECTION_READ_YOUR_WRITES_MAX_WAITERS_PER_CALLER",
             std::to_string(kWaitersPerCaller)},
        });
  }

  std::uint16_t port() const { return static_cast<std::uint16_t>(opsdesk_->port()); }

  // The queries the board's projection holds waiting for a position (from /readyz).
  long long board_waiters() const {
    auto ready = ApiClient(opsdesk_->host(), opsdesk_->port(), centre_).get("/readyz").json();
    return ready["services"]["ops-board"].value("waiting_queries", -1LL);
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
  std::string centre_ = token_for("centre-ops", {"maintainer"}, {"*"});
  std::string viewer_ = token_for("viewer-1", {"viewer"}, {"soumu"});
};

TEST_F(ResourceLimits, QueriesWaitingForAPositionHoldNoThreadAndAreBoundedPerCaller) {
  // More waiting queries than the server has workers, from one caller up to its share.
  std::vector<std::unique_ptr<RawConnection>> waiting;
  for (int i = 0; i < kWaitersPerCaller; ++i) {
    waiting.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(
        waiting.back()->send(get_request("/v1/board/incidents?min_position=1000000", viewer_)));
  }
  ASSERT_TRUE(eventually([&] { return board_waiters() == kWaitersPerCaller; }))
      << "waiting queries: " << board_waiters();

  // One more from the same caller is refused, not queued.
  RawConnection one_more(port());
  ASSERT_TRUE(one_more.send(get_request("/v1/board/incidents?min_position=1000000", viewer_)));
  auto refused = one_more.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->header("Retry-After"), "1");
  EXPECT_NE(refused->body.find("too-many-waiting-queries"), std::string::npos);

  // Everyone else is served while those wait: probes, reads, and commands whose position the
  // waiting queries do not ask for.
  ApiClient anonymous(opsdesk_->host(), opsdesk_->port());
  EXPECT_EQ(anonymous.get("/healthz").status, 200);
  ApiClient centre(opsdesk_->host(), opsdesk_->port(), centre_);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(centre.get("/v1/board/incidents").status, 200);
  auto created = centre.post("/v1/incidents", {{"occurred_at", minutes_ago(30)},
                                               {"source", "monitoring"},
                                               {"severity", "major"},
                                               {"title", "held queries test"},
                                               {"affected_tenants", {"soumu"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  // A query for the position that command reached is answered once the board has it.
  auto seen_by_centre =
      centre.get("/v1/board/incidents?min_position=" + created.header("x-opsdesk-position"));
  ASSERT_EQ(seen_by_centre.status, 200);
  EXPECT_EQ(seen_by_centre.json()["items"].size(), 1u);

  // …and the held ones are still waiting, answered by nobody.
  for (auto& connection : waiting) EXPECT_TRUE(connection->nothing_received());
  EXPECT_EQ(board_waiters(), kWaitersPerCaller);
}

TEST_F(ResourceLimits, SilentClientsAndAnonymousBodiesDoNotStallOthers) {
  std::vector<std::unique_ptr<RawConnection>> silent;
  for (int i = 0; i < kHeld; ++i) silent.push_back(std::make_unique<RawConnection>(port()));

  // Anonymous requests announcing 1 MiB each: refused on their head, before a byte of the body.
  const std::string announced =
      "POST /v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: 1048576\r\n\r\n";
  std::vector<std::unique_ptr<RawConnection>> anonymous_bodies;
  for (int i = 0; i < kHeld; ++i) {
    anonymous_bodies.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(anonymous_bodies.back()->send(announced));
  }
  for (auto& connection : anonymous_bodies) {
    auto answer = connection->read_response();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 401);  // not 100 Continue
    EXPECT_EQ(answer->header("Connection"), "close");
    EXPECT_TRUE(connection->wait_closed());
  }

  // With the silent ones still open: the probe and an authenticated read are answered.
  EXPECT_EQ(ApiClient(opsdesk_->host(), opsdesk_->port()).get("/healthz").status, 200);
  EXPECT_EQ(ApiClient(opsdesk_->host(), opsdesk_->port(), centre_).get("/v1/board/summary").status,
            200);
  for (auto& connection : silent) EXPECT_TRUE(connection->nothing_received());
}

TEST(RateLimits, WhenConfiguredACallerBeyondItsAllowanceIsAnswered429AndOthersAreNot) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path(), {},
                         {{"OPSDESK_HTTP_RATE_LIMIT_COMMANDS_PER_MINUTE", "3"},
                          {"OPSDESK_HTTP_RATE_LIMIT_EXPENSIVE_READS_PER_MINUTE", "2"}});
  const ApiClient sato(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
  const ApiClient suzuki(opsdesk.host(), opsdesk.port(),
                         token_for("suzuki", {"maintainer"}, {"*"}));
  const json body{{"occurred_at", minutes_ago(30)},
                  {"source", "monitoring"},
                  {"severity", "major"},
                  {"title", "rate limit test"},
                  {"affected_tenants", {"soumu"}}};
  for (int i = 0; i < 3; ++i) ASSERT_EQ(sato.post("/v1/incidents", body).status, 201);
  auto refused = sato.post("/v1/incidents", body);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.json()["type"], "urn:opsdesk:problem:rate-limited");
  EXPECT_GE(std::stoi(refused.header("retry-after")), 1);
  EXPECT_NE(refused.body.find("http.rate_limit.commands_per_minute"), std::string::npos);
  // Another caller has its own allowance; ordinary reads have none.
  EXPECT_EQ(suzuki.post("/v1/incidents", body).status, 201);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(sato.get("/v1/incidents").status, 200);
  // Expensive reads (the SLA table) have theirs.
  const auto month = minutes_ago(0).substr(0, 7);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(sato.get("/v1/sla/table?tenant=soumu&month=" + month).status, 200);
  EXPECT_EQ(sato.get("/v1/sla/table?tenant=soumu&month=" + month).status, 429);
}

TEST(RateLimits, AreOffUnlessConfigured) {
  TempDir data;
  OpsdeskProcess opsdesk(data.path());
  const ApiClient sato(opsdesk.host(), opsdesk.port(), token_for("sato", {"maintainer"}, {"*"}));
  const auto month = minutes_ago(0).substr(0, 7);
  for (int i = 0; i < 30; ++i)
    ASSERT_EQ(sato.get("/v1/sla/table?tenant=soumu&month=" + month).status, 200);
}

}  // namespace
}  // namespace opsdesk::testing
