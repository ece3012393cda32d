// The table cache's own rules, on a real view: an answer is dropped by a change to an incident
// that may figure in it and by nothing else; an answer that moves with the time expires; an
// answer computed while another request caught up is not kept; the limits hold.
// (tests/e2e/sla_table_cache_test.cpp checks kept answers against a fresh computation.)

#include "services/sla-metrics/table_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "libs/projection/tests/projection_test_support.hpp"
#include "libs/projection/view_store.hpp"
#include "libs/sla/sla_projection.hpp"
#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla_metrics {
namespace {

using namespace std::chrono_literals;
using sla::testing::IncidentHistory;
using sla::testing::tokyo;

std::shared_ptr<const RenderedTable> answer(std::size_t bytes = 10) {
  return std::make_shared<const RenderedTable>(
      RenderedTable{"application/json", "", true, std::make_shared<const std::string>(bytes, 'x')});
}

TableScope scope(std::string tenant, int month) {
  return {{std::move(tenant)},
          sla::month_period(std::chrono::year{2026} / std::chrono::month(month)),
          std::nullopt};
}

class TableCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { view_ = projection::ViewStore::open(dir_.path(), projection_).value(); }

  // Appends the incident's events not applied yet, as the projection runner would.
  void apply(const IncidentHistory& incident) {
    std::vector<projection::FeedEvent> batch;
    const auto& events = incident.events();
    for (std::size_t i = applied_[incident.events().front().stream_id()]; i < events.size(); ++i) {
      auto event = events[i];
      event.set_log_position(++position_);
      batch.push_back({"incidents", event, "local/incidents", position_ + 1});
    }
    applied_[events.front().stream_id()] = events.size();
    view_->apply(batch, projection_);
  }

  std::uint64_t catch_up() {
    return cache_.catch_up(view_->reader(), view_->watermark("incidents"));
  }

  void keep(const std::string& key, TableScope table, std::uint64_t at,
            std::optional<core::Instant> expires_at = std::nullopt) {
    cache_.keep_answer(key, answer(), std::move(table), expires_at, at, now_);
  }

  bool kept(const std::string& key) { return cache_.look_up(key, now_).answer != nullptr; }

  projection::testing::TempDir dir_;
  sla::SlaProjection projection_;
  std::unique_ptr<projection::ViewStore> view_;
  std::map<std::string, std::size_t> applied_;
  std::uint64_t position_ = 0;
  core::Instant now_ = tokyo("2026-12-04T12:00");
  TableCache cache_{{.answers = 4, .answer_bytes = 1000, .settled_incidents = 2}};
};

TEST_F(TableCacheTest, AChangeDropsTheAnswersTheIncidentMayFigureInAndNoOthers) {
  IncidentHistory november("0190a"), october("0190b");
  november.detect("2026-11-13T17:30", {"soumu"});
  october.detect("2026-10-05T10:00", {"zaimu"}).first_notice("zaimu", "2026-10-05T10:20");
  october.restore("2026-10-05T11:00").close("2026-10-05T12:00");
  apply(november);
  apply(october);
  const auto at = catch_up();
  keep("soumu-11", scope("soumu", 11), at);
  keep("houmu-11", scope("houmu", 11), at);
  keep("zaimu-10", scope("zaimu", 10), at);
  keep("centre-10", scope(std::string(sla::kCentreWide), 10), at);

  // soumu's November incident changes: its tenant's November table goes, and nothing of October
  // (it began after October ended) nor another tenant's.
  november.first_notice("soumu", "2026-11-16T09:45");
  apply(november);
  catch_up();
  EXPECT_FALSE(kept("soumu-11"));
  EXPECT_TRUE(kept("houmu-11"));
  EXPECT_TRUE(kept("zaimu-10"));
  EXPECT_TRUE(kept("centre-10"));

  // A tenant added to the closed October incident afterwards reaches the centre's October too.
  october.reopen("2026-10-06T09:00").add_tenant("houmu", "2026-10-06T09:10");
  october.restore("2026-10-06T09:30").close("2026-10-06T10:00");
  apply(october);
  catch_up();
  EXPECT_FALSE(kept("zaimu-10"));
  EXPECT_FALSE(kept("centre-10"));
  EXPECT_TRUE(kept("houmu-11"));  // closed again in October: nothing of it in November
  EXPECT_EQ(cache_.stats().dropped, 3u);
}

TEST_F(TableCacheTest, AnAnswerComputedWhileAnotherRequestCaughtUpIsNotKept) {
  IncidentHistory incident("0190a");
  incident.detect("2026-11-13T17:30", {"soumu"});
  apply(incident);
  const auto mine = catch_up();
  keep("houmu-11", scope("houmu", 11), mine);  // something kept, so catch-ups read changes
  // While this request computes, an event arrives and another request catches up past it.
  incident.first_notice("soumu", "2026-11-16T09:45");
  apply(incident);
  EXPECT_GT(catch_up(), mine);
  keep("soumu-11", scope("soumu", 11), mine);
  cache_.keep_settled("0190a", std::make_shared<const SettledIncident>(), mine);
  EXPECT_FALSE(kept("soumu-11"));
  EXPECT_EQ(cache_.settled("0190a"), nullptr);
}

TEST_F(TableCacheTest, AnAnswerThatMovesWithTheTimeExpires) {
  const auto at = catch_up();
  keep("live", scope("soumu", 12), at, now_ + 1s);
  EXPECT_TRUE(kept("live"));
  now_ += 1s;
  EXPECT_FALSE(kept("live"));
  EXPECT_EQ(cache_.stats().answers, 0u);
}

TEST_F(TableCacheTest, KeepsWithinItsLimits) {
  const auto at = catch_up();
  // An answer over a quarter of the bytes would push the others out: it is not kept.
  cache_.keep_answer("big", answer(251), scope("soumu", 11), std::nullopt, at, now_);
  EXPECT_FALSE(kept("big"));
  for (int month = 1; month <= 5; ++month)
    keep("soumu-" + std::to_string(month), scope("soumu", month), at);
  // The fifth found the cache full and started it again.
  EXPECT_EQ(cache_.stats().answers, 1u);
  EXPECT_TRUE(kept("soumu-5"));
  // Settled clocks: the first ones stay.
  for (const auto* id : {"a", "b", "c"})
    cache_.keep_settled(id, std::make_shared<const SettledIncident>(), at);
  EXPECT_NE(cache_.settled("a"), nullptr);
  EXPECT_EQ(cache_.settled("c"), nullptr);
  EXPECT_EQ(cache_.stats().settled_incidents, 2u);
}

TEST_F(TableCacheTest, ARequestWaitsForTheAnswerAnotherIsComputingInsteadOfComputingItToo) {
  const auto at = catch_up();
  auto first = cache_.look_up("soumu-11", now_);
  ASSERT_TRUE(first.turn.has_value());
  std::optional<TableCache::Lookup> second;
  std::thread asking([&] { second.emplace(cache_.look_up("soumu-11", now_)); });
  // The second request waits for the first's turn (observed, not slept on).
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (cache_.stats().waiting == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  ASSERT_EQ(cache_.stats().waiting, 1u);
  keep("soumu-11", scope("soumu", 11), at);
  first.turn.reset();  // the turn ends once the answer is kept
  asking.join();
  ASSERT_TRUE(second.has_value());
  EXPECT_NE(second->answer, nullptr);
  EXPECT_FALSE(second->turn.has_value());
  EXPECT_EQ(cache_.stats().misses, 1u);
  EXPECT_EQ(cache_.stats().hits, 1u);
  // An answer not kept (refused, or computed while the view moved): the next one computes it.
  auto third = cache_.look_up("houmu-11", now_);
  third.turn.reset();
  EXPECT_TRUE(cache_.look_up("houmu-11", now_).turn.has_value());
}

}  // namespace
}  // namespace opsdesk::sla_metrics
