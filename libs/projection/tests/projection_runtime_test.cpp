#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "libs/projection/local_log_feed.hpp"
#include "libs/projection/position_watermark.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/tests/projection_test_support.hpp"
#include "libs/projection/view_store.hpp"
#include "libs/testing/eventually.hpp"

namespace opsdesk::projection {
namespace {

using namespace std::chrono_literals;
using testing::one_event;
using testing::RecordingProjection;
using testing::TempDir;
using testing::total_events;

const core::Instant kAt = core::parse_rfc3339("2026-11-24T10:00:00+09:00").value();

eventstore::RecordedEvent envelope(const std::string& stream, std::uint64_t version,
                                   std::uint64_t position) {
  eventstore::RecordedEvent e;
  e.set_stream_id(stream);
  e.set_stream_version(version);
  e.set_log_position(position);
  e.set_type("test.Event");
  return e;
}

FeedEvent feed_event(const std::string& stream, std::uint64_t version, std::uint64_t position,
                     const std::string& checkpoint = "kafka/t/0", std::uint64_t next_offset = 0) {
  return FeedEvent{"incidents", envelope(stream, version, position), checkpoint,
                   next_offset ? next_offset : position};
}

TEST(PositionWatermark, AdvancesOnlyOverContiguousPositions) {
  PositionWatermark mark;
  mark.mark(2);
  mark.mark(3);
  EXPECT_EQ(mark.watermark(), 0u);
  mark.mark(1);
  EXPECT_EQ(mark.watermark(), 3u);
  mark.mark(5);
  mark.mark(3);  // a repeat changes nothing
  EXPECT_EQ(mark.watermark(), 3u);
  EXPECT_EQ(mark.pending(), (std::set<std::uint64_t>{5}));
}

TEST(ViewStore, ARedeliveredEventChangesNothing) {
  TempDir dir;
  RecordingProjection projection;
  auto store = ViewStore::open(dir.path(), projection).value();
  auto first = store->apply({feed_event("a", 1, 1), feed_event("a", 2, 2)}, projection);
  EXPECT_EQ(first.applied, 2u);
  auto again = store->apply({feed_event("a", 2, 2), feed_event("a", 1, 1), feed_event("a", 3, 3)},
                            projection);
  EXPECT_EQ(again.applied, 1u);
  EXPECT_EQ(again.duplicates, 2u);
  EXPECT_EQ(store->reader().get("stream/a"), "1,2,3");
}

// Refuses events of type "test.Unknown", as a reader refuses a type its contract lacks.
class PickyProjection final : public Projection {
 public:
  std::string name() const override { return "picky"; }
  int schema_version() const override { return 1; }
  void apply(const eventstore::RecordedEvent& event, ViewWriter& view) override {
    if (event.type() == "test.Unknown") throw std::runtime_error("not in the contract");
    recording_.apply(event, view);
  }

 private:
  RecordingProjection recording_;
};

TEST(ViewStore, AnEventTheProjectionCannotApplyStopsTheBatchAndKeepsTheLastStoredState) {
  TempDir dir;
  PickyProjection projection;
  auto store = ViewStore::open(dir.path(), projection).value();
  store->apply({feed_event("a", 1, 1, "local/incidents", 2)}, projection);

  auto unknown = feed_event("a", 3, 3, "local/incidents", 4);
  unknown.envelope.set_type("test.Unknown");
  try {
    store->apply({feed_event("a", 2, 2, "local/incidents", 3), unknown}, projection);
    FAIL() << "the batch was applied";
  } catch (const EventNotApplied& e) {
    EXPECT_EQ(e.stop().domain, "incidents");
    EXPECT_EQ(e.stop().position, 3u);
    EXPECT_EQ(e.stop().type, "test.Unknown");
    EXPECT_EQ(e.stop().reason, "not in the contract");
    EXPECT_EQ(e.stop().describe(),
              "stopped at incidents position 3 (test.Unknown, a version 3): not in the contract");
  }
  // Nothing of the refused batch: neither the event before it, nor its checkpoint.
  EXPECT_EQ(store->reader().get("stream/a"), "1");
  EXPECT_EQ(store->checkpoints().at("local/incidents"), 2u);
  EXPECT_EQ(store->watermark("incidents"), 1u);
}

TEST(ViewStore, CheckpointsAndWatermarksAreStoredWithTheStateAndSurviveReopening) {
  TempDir dir;
  RecordingProjection projection;
  {
    auto store = ViewStore::open(dir.path(), projection).value();
    // Out of order across two partitions: position 2 arrives before 1.
    store->apply({feed_event("b", 1, 2, "kafka/t/1", 8), feed_event("c", 1, 3, "kafka/t/1", 9)},
                 projection);
    EXPECT_EQ(store->watermark("incidents"), 0u);
  }
  auto store = ViewStore::open(dir.path(), projection).value();
  EXPECT_EQ(store->checkpoints(), (Checkpoints{{"kafka/t/1", 9}}));
  store->apply({feed_event("a", 1, 1, "kafka/t/0", 5)}, projection);
  EXPECT_EQ(store->watermark("incidents"), 3u);
  EXPECT_EQ(store->checkpoints(), (Checkpoints{{"kafka/t/0", 5}, {"kafka/t/1", 9}}));
  EXPECT_EQ(total_events(store->reader()), 3u);
}

TEST(ViewStore, ABumpedSchemaVersionWipesTheViewForARebuild) {
  TempDir dir;
  {
    RecordingProjection v1(1);
    auto store = ViewStore::open(dir.path(), v1).value();
    store->apply({feed_event("a", 1, 1, "local/incidents", 2)}, v1);
  }
  RecordingProjection v2(2);
  auto store = ViewStore::open(dir.path(), v2).value();
  EXPECT_TRUE(store->rebuilt_on_open());
  EXPECT_TRUE(store->checkpoints().empty());
  EXPECT_EQ(total_events(store->reader()), 0u);
  EXPECT_EQ(store->watermark("incidents"), 0u);
}

// view: "item/<stream>" = its last version; an event of stream "drop-<x>" erases "item/<x>". After
// each event, "listing" is what the projection's own scan of "item/" saw.
class ListingProjection final : public Projection {
 public:
  std::string name() const override { return "listing"; }
  int schema_version() const override { return 1; }
  void apply(const eventstore::RecordedEvent& event, ViewWriter& view) override {
    const auto& stream = event.stream_id();
    if (stream.starts_with("drop-")) {
      view.erase("item/" + stream.substr(5));
    } else {
      view.put("item/" + stream, std::to_string(event.stream_version()));
    }
    std::string listing;
    view.scan("item/", [&](std::string_view key, std::string_view value) {
      listing += std::string(key) + "=" + std::string(value) + ";";
      return true;
    });
    view.put("listing", listing);
  }
};

TEST(ViewStore, AScanInsideABatchSeesTheBatchsOwnWritesAndErasesOverTheCommittedView) {
  TempDir dir;
  ListingProjection projection;
  auto store = ViewStore::open(dir.path(), projection).value();
  store->apply({feed_event("a", 1, 1), feed_event("c", 1, 2)}, projection);
  EXPECT_EQ(store->reader().get("listing"), "a=1;c=1;");
  // Committed a and c; in the batch: b added, a erased, c changed.
  store->apply({feed_event("b", 1, 3), feed_event("drop-a", 1, 4), feed_event("c", 2, 5)},
               projection);
  EXPECT_EQ(store->reader().get("listing"), "b=1;c=2;");
  EXPECT_EQ(store->reader().get("item/a"), std::nullopt);
}

// view: "trail/<stream>" = its versions, appended ("1;2;"); "last/<position>" = the stream whose
// latest event that was, one key per stream, moved on by each event ("at/<stream>" says where).
class TrailProjection final : public Projection {
 public:
  std::string name() const override { return "trail"; }
  int schema_version() const override { return 1; }
  void apply(const eventstore::RecordedEvent& event, ViewWriter& view) override {
    const auto& stream = event.stream_id();
    view.append("trail/" + stream, std::to_string(event.stream_version()) + ";");
    if (auto at = view.get("at/" + stream)) view.erase("last/" + *at);
    const auto position = std::to_string(event.log_position());
    view.put_new("last/" + position, stream);
    view.put("at/" + stream, position);
  }
};

TEST(ViewStore, AppendGrowsAValueWithinABatchAndOverTheStoredView) {
  TempDir dir;
  TrailProjection projection;
  auto store = ViewStore::open(dir.path(), projection).value();
  store->apply({feed_event("a", 1, 1), feed_event("a", 2, 2)}, projection);
  store->apply({feed_event("a", 3, 3), feed_event("b", 1, 4), feed_event("a", 4, 5)}, projection);
  EXPECT_EQ(store->reader().get("trail/a"), "1;2;3;4;");
  EXPECT_EQ(store->reader().get("trail/b"), "1;");
}

TEST(ViewStore, AKeyPutNewAndErasedInTheSameBatchLeavesNothingToStore) {
  TempDir dir;
  TrailProjection projection;
  auto store = ViewStore::open(dir.path(), projection).value();
  // a's "last/" key moves 1 -> 2 -> 3 in one batch: only last/3 is stored, and no deletion.
  auto first = store->apply({feed_event("a", 1, 1), feed_event("a", 2, 2), feed_event("a", 3, 3)},
                            projection);
  EXPECT_EQ(first.keys_erased, 0u);
  // The stored last/3 must be deleted when a moves on in a later batch.
  auto second = store->apply({feed_event("a", 4, 4), feed_event("a", 5, 5)}, projection);
  EXPECT_EQ(second.keys_erased, 1u);
  std::vector<std::string> last;
  store->reader().scan("last/", [&](std::string_view key, std::string_view stream) {
    last.push_back(std::string(key) + "=" + std::string(stream));
    return true;
  });
  EXPECT_EQ(last, (std::vector<std::string>{"5=a"}));
}

TEST(ViewStore, BatchesWrittenWithoutTheLogAreInTheViewOnceFlushed) {
  TempDir dir;
  TrailProjection projection;
  {
    auto store = ViewStore::open(dir.path(), projection).value();
    store->write_without_log();
    store->apply({feed_event("a", 1, 1, "local/incidents", 2)}, projection);
    store->apply({feed_event("a", 2, 2, "local/incidents", 3)}, projection);
    store->flush();
  }
  auto store = ViewStore::open(dir.path(), projection).value();
  EXPECT_EQ(store->reader().get("trail/a"), "1;2;");
  EXPECT_EQ(store->checkpoints(), (Checkpoints{{"local/incidents", 3}}));
  EXPECT_EQ(store->watermark("incidents"), 2u);
}

class LocalFeedRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    events_ = eventstore::EventStore::open({dir_.path() / "events"}, clock_).value();
  }
  void append(const std::string& stream) {
    ASSERT_TRUE(events_->append(one_event(stream, kAt)).has_value());
  }

  std::unique_ptr<ProjectionRunner> runner_for(ViewStore& view, Projection& projection) {
    auto feed =
        std::make_unique<LocalLogFeed>(std::vector<LocalSource>{{"incidents", events_.get()}}, 7);
    auto runner = std::make_unique<ProjectionRunner>(view, projection, std::move(feed), metrics_);
    runner->start();
    return runner;
  }

  bool caught_up(ProjectionRunner& runner) {
    return runner.wait_for_position("incidents", events_->head_position(),
                                    std::chrono::steady_clock::now() + 30s);
  }

  TempDir dir_;
  core::ManualClock clock_{kAt};
  observability::Registry metrics_;
  std::unique_ptr<eventstore::EventStore> events_;
};

TEST_F(LocalFeedRunner, CatchesUpThenFollowsNewAppendsInOrder) {
  for (int i = 0; i < 50; ++i) append("s-" + std::to_string(i % 5));
  RecordingProjection projection;
  auto view = ViewStore::open(dir_.path() / "view", projection).value();
  auto runner = runner_for(*view, projection);
  ASSERT_TRUE(caught_up(*runner));
  EXPECT_EQ(total_events(view->reader()), 50u);
  append("s-0");
  ASSERT_TRUE(caught_up(*runner));
  EXPECT_EQ(view->reader().get("stream/s-0"), "1,2,3,4,5,6,7,8,9,10,11");
  EXPECT_EQ(view->checkpoints().at("local/incidents"), 52u);
}

TEST_F(LocalFeedRunner, ReadingTheNextBatchAheadWhileCatchingUpSkipsAndRepeatsNothing) {
  // 100 full batches of 7: each one's successor is read while it is applied.
  for (int i = 0; i < 700; ++i) append("s-" + std::to_string(i % 10));
  RecordingProjection projection;
  auto view = ViewStore::open(dir_.path() / "view", projection).value();
  auto runner = runner_for(*view, projection);
  ASSERT_TRUE(caught_up(*runner));
  std::string one_to_seventy;
  for (int v = 1; v <= 70; ++v) one_to_seventy += (v > 1 ? "," : "") + std::to_string(v);
  for (int s = 0; s < 10; ++s)
    EXPECT_EQ(view->reader().get("stream/s-" + std::to_string(s)), one_to_seventy);
  EXPECT_EQ(total_events(view->reader()), 700u);
  EXPECT_EQ(view->checkpoints().at("local/incidents"), 701u);
}

TEST_F(LocalFeedRunner, ReadsAheadInEachOfSeveralStoresAndDeliversEveryEventOnce) {
  // A second domain's store; 20 full batches of 7 in each, read ahead in turn on one thread.
  auto inquiries = eventstore::EventStore::open({dir_.path() / "inquiry-events"}, clock_).value();
  for (int i = 0; i < 140; ++i) {
    append("i-" + std::to_string(i % 4));
    ASSERT_TRUE(inquiries->append(one_event("q-" + std::to_string(i % 4), kAt)).has_value());
  }
  RecordingProjection projection;
  auto view = ViewStore::open(dir_.path() / "view", projection).value();
  auto feed = std::make_unique<LocalLogFeed>(
      std::vector<LocalSource>{{"incidents", events_.get()}, {"inquiries", inquiries.get()}}, 7);
  ProjectionRunner runner(*view, projection, std::move(feed), metrics_);
  runner.start();
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  ASSERT_TRUE(runner.wait_for_position("incidents", 140, deadline));
  ASSERT_TRUE(runner.wait_for_position("inquiries", 140, deadline));
  std::string one_to_thirty_five;
  for (int v = 1; v <= 35; ++v) one_to_thirty_five += (v > 1 ? "," : "") + std::to_string(v);
  for (int s = 0; s < 4; ++s) {
    EXPECT_EQ(view->reader().get("stream/i-" + std::to_string(s)), one_to_thirty_five);
    EXPECT_EQ(view->reader().get("stream/q-" + std::to_string(s)), one_to_thirty_five);
  }
  EXPECT_EQ(total_events(view->reader()), 280u);
  EXPECT_EQ(view->checkpoints(), (Checkpoints{{"local/incidents", 141}, {"local/inquiries", 141}}));
}

TEST_F(LocalFeedRunner, IsCaughtUpOnlyWithinMaxLagEventsOfTheStoresHeads) {
  for (int i = 0; i < 30; ++i) append("s");
  LocalLogFeed feed({{"incidents", events_.get()}}, 7, /*max_lag=*/10);
  EXPECT_FALSE(feed.catch_up().caught_up);  // not reading yet

  // A projection that applies a batch only when the test lets it.
  std::mutex mutex;
  std::condition_variable changed;
  bool hold = true;
  std::jthread run([&](std::stop_token stop) {
    std::string reason;
    feed.run(
        {},
        [&](std::vector<FeedEvent>&&) {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return !hold || stop.stop_requested(); });
        },
        stop, reason);
  });
  ASSERT_TRUE(opsdesk::testing::eventually([&] { return feed.catch_up().behind == 30; }));
  const auto rebuilding = feed.catch_up();
  EXPECT_FALSE(rebuilding.caught_up);
  EXPECT_EQ(rebuilding.waiting_for, "30 events of the local event stores (ready within 10)");

  const auto set_hold = [&](bool value) {
    {
      std::lock_guard lock(mutex);
      hold = value;
    }
    changed.notify_all();
  };
  set_hold(false);
  ASSERT_TRUE(opsdesk::testing::eventually([&] { return feed.catch_up().behind == 0; }));
  EXPECT_TRUE(feed.catch_up().caught_up);

  // A small backlog within the lag allowed is still caught up.
  set_hold(true);
  for (int i = 0; i < 5; ++i) append("s");
  ASSERT_TRUE(opsdesk::testing::eventually([&] { return feed.catch_up().behind == 5; }));
  EXPECT_TRUE(feed.catch_up().caught_up);
  set_hold(false);
  run.request_stop();
  changed.notify_all();
}

TEST_F(LocalFeedRunner, WaitForAPositionNotYetWrittenTimesOut) {
  RecordingProjection projection;
  auto view = ViewStore::open(dir_.path() / "view", projection).value();
  auto runner = runner_for(*view, projection);
  EXPECT_FALSE(runner->wait_for_position("incidents", 1, std::chrono::steady_clock::now() + 50ms));
}

TEST_F(LocalFeedRunner, ARestartResumesFromTheCheckpointWithoutRepeats) {
  RecordingProjection projection;
  for (int i = 0; i < 20; ++i) append("r");
  {
    auto view = ViewStore::open(dir_.path() / "view", projection).value();
    auto runner = runner_for(*view, projection);
    ASSERT_TRUE(caught_up(*runner));
  }
  for (int i = 0; i < 5; ++i) append("r");
  auto view = ViewStore::open(dir_.path() / "view", projection).value();
  auto runner = runner_for(*view, projection);
  ASSERT_TRUE(caught_up(*runner));
  EXPECT_EQ(total_events(view->reader()), 25u);
}

TEST_F(LocalFeedRunner, ACheckpointBeyondTheStoreRebuildsTheView) {
  RecordingProjection projection;
  auto view = ViewStore::open(dir_.path() / "view", projection).value();
  // The view remembers positions an earlier (since replaced) store had.
  // (position 5 keeps the watermark at 0, so "caught up" below can only mean "after the rebuild")
  view->apply({feed_event("gone", 1, 5, "local/incidents", 100)}, projection);
  append("new");
  auto runner = runner_for(*view, projection);
  ASSERT_TRUE(caught_up(*runner));
  EXPECT_EQ(total_events(view->reader()), 1u);
  EXPECT_FALSE(view->reader().get("stream/gone").has_value());
  EXPECT_EQ(metrics_.counter("opsdesk_projection_rebuilds_total", "", {{"projection", "recording"}})
                .value(),
            1u);
}

}  // namespace
}  // namespace opsdesk::projection
