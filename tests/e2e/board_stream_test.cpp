// The board's live stream (GET /v1/board/stream) over real HTTP against the real process, as
// the dashboard reads it: a snapshot first, then the changes as commands land, scoped to the
// caller's tenants, resumable with Last-Event-ID, with the server's time in every message.

#include <gtest/gtest.h>

#include <thread>

#include "tests/support/api_client.hpp"
#include "tests/support/event_stream_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class BoardStream : public ::testing::Test {
 protected:
  void SetUp() override {
    opsdesk_ = std::make_unique<OpsdeskProcess>(
        data_.path(), std::vector<std::string>{"--clock=manual"},
        std::map<std::string, std::string>{{"OPSDESK_BOARD_STREAM_HEARTBEAT_MS", "200"},
                                           {"OPSDESK_BOARD_MAX_STREAMS", "3"}});
    maintainer_ = std::make_unique<ApiClient>(opsdesk_->host(), opsdesk_->port(),
                                              token_for("desk", {"maintainer"}, {"*"}));
    ASSERT_EQ(maintainer_->post("/v1/test/clock", {{"now", "2026-12-04T10:00:00+09:00"}}).status,
              200);
  }

  std::unique_ptr<EventStreamClient> open(const std::string& token,
                                          std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "Bearer " + token;
    return std::make_unique<EventStreamClient>(opsdesk_->host(), opsdesk_->port(),
                                               "/v1/board/stream", headers);
  }
  std::unique_ptr<EventStreamClient> open_as_desk() {
    return open(token_for("desk", {"maintainer"}, {"*"}));
  }

  std::string detect(const std::vector<std::string>& tenants) {
    auto created = maintainer_->post("/v1/incidents", {{"occurred_at", "2026-12-04T09:55:00+09:00"},
                                                       {"source", "monitoring"},
                                                       {"severity", "major"},
                                                       {"title", "batch failed"},
                                                       {"affected_tenants", tenants}});
    EXPECT_EQ(created.status, 201) << created.body;
    // The stream's snapshot is the board as it stands: wait until the board holds the incident
    // (its view is built from the events a moment after the command's answer).
    EXPECT_EQ(
        maintainer_->get("/v1/board/incidents?min_position=" + created.header("x-opsdesk-position"))
            .status,
        200);
    return created.json().value("id", "");
  }

  static std::vector<std::string> ids_of(const json& rows) {
    std::vector<std::string> ids;
    for (const auto& row : rows) ids.push_back(row["id"]);
    return ids;
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
  std::unique_ptr<ApiClient> maintainer_;
};

TEST_F(BoardStream, StartsWithTheOpenIncidentsThenSendsEachChangeAsItLands) {
  const auto before = detect({"soumu"});
  auto stream = open_as_desk();
  ASSERT_EQ(stream->status(), 200);
  EXPECT_EQ(stream->header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(stream->header("cache-control"), "no-store");

  auto snapshot = stream->next_of("snapshot", 15s);
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(ids_of(snapshot->json()["rows"]), std::vector<std::string>{before}) << snapshot->data;
  EXPECT_EQ(snapshot->id, std::to_string(snapshot->json()["position"].get<std::uint64_t>()));

  const auto after = detect({"houmu"});
  auto changes = stream->next_of("changes", 15s);
  ASSERT_TRUE(changes);
  EXPECT_EQ(ids_of(changes->json()["rows"]), std::vector<std::string>{after}) << changes->data;
  EXPECT_EQ(changes->json()["rows"][0]["tenants"][0]["name_ja"], "法務省共済組合");

  // A notice changes the row; a close takes it off the board.
  ASSERT_EQ(maintainer_
                ->post("/v1/incidents/" + after + "/record_notice",
                       {{"tenant", "houmu"},
                        {"kind", "first_notice"},
                        {"channel", "email"},
                        {"sent_at", "2026-12-04T10:00:00+09:00"}})
                .status,
            200);
  changes = stream->next_of("changes", 15s);
  ASSERT_TRUE(changes);
  EXPECT_EQ(changes->json()["rows"][0]["tenants"][0]["first_notice_sent"], true) << changes->data;
  ASSERT_EQ(maintainer_
                ->post("/v1/incidents/" + after + "/restore_service",
                       {{"at", "2026-12-04T10:00:00+09:00"}})
                .status,
            200);
  ASSERT_TRUE(stream->next_of("changes", 15s));
  ASSERT_EQ(
      maintainer_->post("/v1/incidents/" + after + "/close", {{"resolution", "rerun"}}).status,
      200);
  changes = stream->next_of("changes", 15s);
  ASSERT_TRUE(changes);
  EXPECT_EQ(changes->json()["removed"], json::array({after})) << changes->data;
}

TEST_F(BoardStream, AnAssociationAdministratorHearsOnlyOfItsOwnAssociation) {
  auto stream = open(token_for("tanaka", {"association_admin"}, {"soumu"}));
  ASSERT_EQ(stream->status(), 200);
  ASSERT_TRUE(stream->next_of("snapshot", 15s));
  const auto theirs = detect({"houmu"});
  const auto mine = detect({"soumu", "houmu"});
  auto changes = stream->next_of("changes", 15s);
  ASSERT_TRUE(changes);
  // Never the other association's incident, and of a shared one only its own entry.
  EXPECT_EQ(ids_of(changes->json()["rows"]), std::vector<std::string>{mine}) << changes->data;
  EXPECT_EQ(changes->json()["rows"][0]["tenants"].size(), 1u);
  EXPECT_EQ(changes->data.find(theirs), std::string::npos);
}

TEST_F(BoardStream, AReconnectWithLastEventIdGetsWhatItMissedInsteadOfASnapshot) {
  std::string last_id;
  {
    auto stream = open_as_desk();
    auto snapshot = stream->next_of("snapshot", 15s);
    ASSERT_TRUE(snapshot && snapshot->id);
    last_id = *snapshot->id;
  }
  // Keep the hub following the board while the dashboard is away.
  auto other = open_as_desk();
  ASSERT_TRUE(other->next_of("snapshot", 15s));
  const auto missed = detect({"soumu"});
  ASSERT_TRUE(other->next_of("changes", 15s));

  auto reconnect = open(token_for("desk", {"maintainer"}, {"*"}), {{"Last-Event-ID", last_id}});
  auto first = reconnect->next(5s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->event, "changes") << first->data;
  EXPECT_EQ(ids_of(first->json()["rows"]), std::vector<std::string>{missed}) << first->data;
}

TEST_F(BoardStream, EveryMessageCarriesTheServersTimeNotTheCallers) {
  auto stream = open_as_desk();
  auto snapshot = stream->next_of("snapshot", 15s);
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->json()["now"], "2026-12-04T10:00:00+09:00");
  ASSERT_EQ(maintainer_->post("/v1/test/clock", {{"now", "2026-12-04T11:31:00+09:00"}}).status,
            200);
  // Ticks come every heartbeat (200 ms here); one soon says the moved time.
  bool moved = false;
  for (int i = 0; i < 20 && !moved; ++i) {
    auto tick = stream->next_of("tick", 2s);
    ASSERT_TRUE(tick);
    moved = tick->json()["now"] == "2026-12-04T11:31:00+09:00";
  }
  EXPECT_TRUE(moved);
}

TEST_F(BoardStream, StreamsAreBoundedAndTheOneTooManyIsToldToRetry) {
  std::vector<std::unique_ptr<EventStreamClient>> open_streams;
  for (int i = 0; i < 3; ++i) {
    open_streams.push_back(open_as_desk());
    ASSERT_EQ(open_streams.back()->status(), 200);
  }
  auto refused = open_as_desk();
  EXPECT_EQ(refused->status(), 503);
  EXPECT_EQ(refused->header("retry-after"), "5");
  EXPECT_NE(refused->buffered().find("board.max_streams"), std::string::npos)
      << refused->buffered();
  // A place comes free when a dashboard leaves.
  open_streams.pop_back();
  bool admitted = false;
  for (int i = 0; i < 50 && !admitted; ++i) {
    std::this_thread::sleep_for(100ms);
    admitted = open_as_desk()->status() == 200;
  }
  EXPECT_TRUE(admitted);
}

TEST_F(BoardStream, NeedsAToken) {
  EventStreamClient anonymous(opsdesk_->host(), opsdesk_->port(), "/v1/board/stream", {});
  EXPECT_EQ(anonymous.status(), 401);
}

}  // namespace
}  // namespace opsdesk::testing
