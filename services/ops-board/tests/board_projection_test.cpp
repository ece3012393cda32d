// The board as the events leave it: rows per incident, per-tenant notice state, and counters
// that follow status changes. Events are made by the incidents service's own decider and codec
// (incidents::testing::IncidentHistory), so the test also pins the contract between the two.

#include "services/ops-board/board_projection.hpp"

#include <gtest/gtest.h>

#include "libs/projection/tests/projection_test_support.hpp"
#include "libs/projection/view_store.hpp"
#include "services/incidents/testing/incident_history.hpp"

namespace opsdesk::ops_board {
namespace {

using nlohmann::json;

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

class Board : public ::testing::Test {
 protected:
  void SetUp() override { view_ = projection::ViewStore::open(dir_.path(), projection_).value(); }

  // Decides the command on the incident's history and applies the resulting events to the board.
  void run(const std::string& id, const incidents::IncidentCommand& command) {
    auto& history = histories_.try_emplace(id, id).first->second;
    std::vector<projection::FeedEvent> batch;
    for (auto& record : history.run(command, at("2026-11-30T00:00:00Z"))) {
      record.set_log_position(++position_);
      batch.push_back({"incidents", record, "local/incidents", position_ + 1});
    }
    view_->apply(batch, projection_);
    all_.insert(all_.end(), batch.begin(), batch.end());
  }

  json row(const std::string& id) {
    view::BoardRow stored;
    EXPECT_TRUE(
        stored.ParseFromString(view_->reader().get(std::string(kIncidentPrefix) + id).value()));
    return board_row_json(stored);
  }
  long long count(const char* tenant, const char* status, const char* severity) {
    auto value = view_->reader().get(count_key(tenant, status, severity));
    return value ? std::stoll(*value) : 0;
  }

  projection::testing::TempDir dir_;
  BoardProjection projection_;
  std::unique_ptr<projection::ViewStore> view_;
  std::map<std::string, incidents::testing::IncidentHistory> histories_;
  std::uint64_t position_ = 0;
  std::vector<projection::FeedEvent> all_;  // every event run, in order
};

incidents::DetectIncident detect(const std::string& id, std::vector<std::string> tenants,
                                 const char* severity = "major") {
  return {id,
          at("2026-11-24T10:00:00+09:00"),
          "monitoring",
          severity,
          "batch failed",
          "",
          std::move(tenants),
          {},
          ""};
}

TEST_F(Board, ADetectedIncidentIsAnOpenRowWithItsTenantsNotYetNotified) {
  run("a", detect("a", {"soumu", "houmu"}));
  auto r = row("a");
  EXPECT_EQ(r["status"], "open");
  EXPECT_EQ(r["severity"], "major");
  EXPECT_EQ(r["detected_at"], "2026-11-24T10:00:00+09:00");
  ASSERT_EQ(r["tenants"].size(), 2u);
  EXPECT_TRUE(r["tenants"][0]["first_notice_at"].is_null());
  EXPECT_EQ(count("soumu", "open", "major"), 1);
  EXPECT_EQ(count("houmu", "open", "major"), 1);
  EXPECT_EQ(count("*", "open", "major"), 1);
}

TEST_F(Board, NoticesMarkTheTenantsFirstNoticeAndTheLastReport) {
  run("a", detect("a", {"soumu", "houmu"}));
  run("a", incidents::RecordNotice{"soumu", "first_notice", at("2026-11-24T10:30:00+09:00"),
                                   "email", ""});
  run("a", incidents::RecordNotice{"soumu", "progress_report", at("2026-11-25T10:00:00+09:00"),
                                   "email", ""});
  auto r = row("a");
  EXPECT_EQ(r["tenants"][0]["first_notice_at"], "2026-11-24T10:30:00+09:00");
  EXPECT_EQ(r["tenants"][0]["last_report_at"], "2026-11-25T10:00:00+09:00");
  EXPECT_TRUE(r["tenants"][1]["first_notice_at"].is_null());
  EXPECT_EQ(r["last_report_at"], "2026-11-25T10:00:00+09:00");
}

TEST_F(Board, CountersFollowTheStatusAndAddedTenants) {
  run("a", detect("a", {"soumu"}, "critical"));
  run("a", incidents::AddAffectedTenant{"bouei", "", at("2026-11-24T11:00:00+09:00")});
  EXPECT_EQ(count("bouei", "open", "critical"), 1);
  run("a", incidents::RestoreService{at("2026-11-24T12:00:00+09:00"), ""});
  EXPECT_EQ(count("soumu", "open", "critical"), 0);
  EXPECT_EQ(count("soumu", "restored", "critical"), 1);
  run("a", incidents::CloseIncident{at("2026-11-24T13:00:00+09:00"), "fixed"});
  EXPECT_EQ(count("*", "closed", "critical"), 1);
  EXPECT_EQ(count("*", "restored", "critical"), 0);
  EXPECT_EQ(row("a")["closed_at"], "2026-11-24T13:00:00+09:00");
  run("a", incidents::ReopenIncident{at("2026-11-24T14:00:00+09:00"), "again"});
  EXPECT_EQ(row("a")["status"], "open");
  EXPECT_EQ(count("bouei", "open", "critical"), 1);
  EXPECT_EQ(count("bouei", "closed", "critical"), 0);
}

TEST_F(Board, TheClosedIndexListsTheLatestCloseFirstAndFollowsAReopening) {
  auto closed_ids = [this] {
    std::vector<std::string> ids;
    view_->reader().scan(kClosedPrefix, [&](std::string_view key, std::string_view) {
      ids.emplace_back(key.substr(key.find('/') + 1));
      return true;
    });
    return ids;
  };
  for (const char* id : {"a", "b"}) {
    run(id, detect(id, {"soumu"}));
    run(id, incidents::RestoreService{at("2026-11-24T12:00:00+09:00"), ""});
  }
  run("a", incidents::CloseIncident{at("2026-11-24T13:00:00+09:00"), "fixed"});
  run("b", incidents::CloseIncident{at("2026-11-24T14:00:00+09:00"), "fixed"});
  EXPECT_EQ(closed_ids(), (std::vector<std::string>{"b", "a"}));
  // Reopened: out of the history; closed again later: back in, at its new close.
  run("b", incidents::ReopenIncident{at("2026-11-24T15:00:00+09:00"), "again"});
  EXPECT_EQ(closed_ids(), (std::vector<std::string>{"a"}));
  run("b", incidents::RestoreService{at("2026-11-24T16:00:00+09:00"), ""});
  run("b", incidents::CloseIncident{at("2026-11-24T17:00:00+09:00"), "fixed"});
  EXPECT_EQ(closed_ids(), (std::vector<std::string>{"b", "a"}));
}

TEST_F(Board, AWholeHistoryInOneBatchLeavesTheSameBoardAsCommandByCommand) {
  // Interleaved lives: rows and counters changed many times, a close undone by a reopening, a
  // counter that comes back to zero.
  run("a", detect("a", {"soumu", "houmu"}, "critical"));
  run("b", detect("b", {"soumu"}));
  run("a", incidents::RecordNotice{"soumu", "first_notice", at("2026-11-24T10:30:00+09:00"),
                                   "email", ""});
  run("b", incidents::AddAffectedTenant{"bouei", "", at("2026-11-24T11:00:00+09:00")});
  run("a", incidents::RestoreService{at("2026-11-24T12:00:00+09:00"), ""});
  run("b", incidents::RestoreService{at("2026-11-24T12:30:00+09:00"), ""});
  run("a", incidents::CloseIncident{at("2026-11-24T13:00:00+09:00"), "fixed"});
  run("b", incidents::CloseIncident{at("2026-11-24T14:00:00+09:00"), "fixed"});
  run("a", incidents::ReopenIncident{at("2026-11-24T15:00:00+09:00"), "again"});
  run("a", incidents::RecordNotice{"houmu", "first_notice", at("2026-11-24T16:00:00+09:00"),
                                   "email", ""});
  EXPECT_EQ(count("*", "restored", "critical"), 0);
  EXPECT_EQ(count("bouei", "closed", "major"), 1);

  projection::testing::TempDir other_dir;
  BoardProjection other;
  auto one_batch = projection::ViewStore::open(other_dir.path(), other).value();
  one_batch->apply(all_, other);
  EXPECT_EQ(one_batch->checksum(), view_->checksum());
}

TEST(ClosedKey, SortsTheLatestCloseFirstBeforeAndAfter1970) {
  const auto micros = [](const char* text) { return core::to_unix_micros(at(text)); };
  const auto k2026 = closed_key(micros("2026-11-24T13:00:00Z"), "x");
  const auto k2025 = closed_key(micros("2025-11-24T13:00:00Z"), "x");
  const auto k1960 = closed_key(micros("1960-01-01T00:00:00Z"), "x");
  EXPECT_LT(k2026, k2025);
  EXPECT_LT(k2025, k1960);
  EXPECT_EQ(k2026.size(), 20u + 1u + 1u);
  EXPECT_EQ(closed_key_time(micros("2026-11-24T13:00:00Z")) + "x", k2026);
  EXPECT_EQ(closed_at_of(k1960), micros("1960-01-01T00:00:00Z"));
  EXPECT_EQ(closed_at_of("yesterday"), std::nullopt);
}

TEST_F(Board, EventsOfOtherStreamsAreIgnored) {
  eventstore::RecordedEvent other;
  other.set_stream_id("inquiry-x");
  other.set_stream_version(1);
  other.set_log_position(1);
  other.set_type("opsdesk.inquiries.v1.InquiryReceived");
  view_->apply({{"inquiries", other, "local/inquiries", 2}}, projection_);
  bool any = false;
  view_->reader().scan("", [&](std::string_view, std::string_view) { return !(any = true); });
  EXPECT_FALSE(any);
}

}  // namespace
}  // namespace opsdesk::ops_board
