// sla-watch never raises an alert from a view that is still catching up: an incident whose
// detection is applied but whose first notice is not yet would look overdue. Passes wait until
// the view holds everything its feed knows of, and then run as usual: an alert that is due is
// still recorded, once.
//
// The service runs as in the process (its real view in RocksDB, its real alert store, its real
// projection runner); only the feed is the test's own, so that the test decides when each event
// reaches the view and what the feed says it has not delivered yet.

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>

#include "libs/auth/jwt.hpp"
#include "libs/sla/definitions_file.hpp"
#include "libs/sla/tests/incident_history.hpp"
#include "libs/testing/eventually.hpp"
#include "libs/testing/temp_dir.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/sla-watch/sla_watch_service.hpp"

namespace opsdesk::sla_watch {
namespace {

using sla::testing::IncidentHistory;
using sla::testing::tokyo;

// A feed that delivers only what the test releases, and reports what it holds back as
// not delivered (`behind`), caught up within `max_lag` as the real feeds are.
class ReleasedFeed final : public projection::EventFeed {
 public:
  explicit ReleasedFeed(std::uint64_t max_lag) : max_lag_(max_lag) {}

  // Events the source holds from now on, not yet delivered.
  void hold(const IncidentHistory& incident) {
    std::lock_guard lock(mutex_);
    for (auto event : incident.events()) {
      event.set_log_position(++last_position_);
      held_.push_back(std::move(event));
    }
  }
  // Delivers the first `count` held events (all of them by default).
  void release(std::size_t count = SIZE_MAX) {
    std::lock_guard lock(mutex_);
    released_ += std::min(count, held_.size() - released_);
    changed_.notify_all();
  }

  projection::FeedEnd run(const projection::Checkpoints&,
                          const std::function<void(std::vector<projection::FeedEvent>&&)>& deliver,
                          std::stop_token stop, std::string&) override {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
      changed_.wait(lock, stop, [&] { return delivered_ < released_; });
      if (stop.stop_requested()) break;
      std::vector<projection::FeedEvent> batch;
      for (; delivered_ < released_; ++delivered_) {
        const auto& event = held_[delivered_];
        batch.push_back(
            {std::string(incidents::kDomain), event, "test/incidents", event.log_position() + 1});
      }
      lock.unlock();
      deliver(std::move(batch));  // returns once the batch is in the view
      lock.lock();
      applied_ = delivered_;
    }
    return projection::FeedEnd::stopped;
  }

  std::string kind() const override { return "released by the test"; }

  projection::CatchUp catch_up() const override {
    std::lock_guard lock(mutex_);
    const auto behind = held_.size() - applied_;
    if (behind <= max_lag_) return {.behind = behind};
    return {false, std::to_string(behind) + " held events", behind};
  }

 private:
  const std::uint64_t max_lag_;
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<eventstore::RecordedEvent> held_;
  std::uint64_t last_position_ = 0;
  std::size_t released_ = 0;
  std::size_t delivered_ = 0;
  std::size_t applied_ = 0;
};

class SlaWatchCatchUp : public ::testing::Test {
 protected:
  void SetUp() override {
    auto verifier = auth::TokenVerifier::create({.hs256_secret = "s", .tenant_codes = {"soumu"}});
    ASSERT_TRUE(verifier);
    verifier_ = std::make_unique<auth::TokenVerifier>(std::move(*verifier));
    definitions_ = std::make_unique<sla::SlaDefinitionsService>(
        sla::load_sla_definitions({}, sla::testing::standard_calendar()).value());
    module_ = module({.data_dir = data_.path(), .sync = false, .pass_interval = std::nullopt});
    auto feed = std::make_unique<ReleasedFeed>(/*max_lag=*/2);
    feed_ = feed.get();
    modules::Context context(
        module_, clock_, true, sla::testing::standard_calendar(), metrics_, *verifier_,
        [&feed] { return std::move(feed); },
        [this](std::string_view) -> modules::Service* { return definitions_.get(); });
    auto opened = SlaWatchService::open(
        {.data_dir = data_.path(), .sync = false, .pass_interval = std::nullopt}, context);
    ASSERT_TRUE(opened) << opened.error().message;
    service_ = std::move(*opened);
    service_->start();
  }
  void TearDown() override {
    if (service_) service_->stop();
  }

  // Waits until the view has applied every released event.
  void wait_for_view(std::uint64_t behind = 0) {
    ASSERT_TRUE(opsdesk::testing::eventually(
        [&] { return service_->runner().catch_up().behind == behind; }));
  }

  SlaWatchService::Pass pass_at(const std::string& now) {
    clock_.set(tokyo(now));
    auto pass = service_->record_reached_thresholds();
    EXPECT_TRUE(pass) << pass.error();
    return pass.value_or(SlaWatchService::Pass{});
  }

  opsdesk::testing::TempDir data_;
  core::ManualClock clock_{tokyo("2026-12-07T09:00")};
  observability::Registry metrics_;
  std::unique_ptr<auth::TokenVerifier> verifier_;
  std::unique_ptr<sla::SlaDefinitionsService> definitions_;
  modules::Module module_;
  ReleasedFeed* feed_ = nullptr;
  std::unique_ptr<SlaWatchService> service_;
};

TEST_F(SlaWatchCatchUp, APassWaitsWhileTheViewHasNotAppliedTheNoticeThatStoppedTheClock) {
  IncidentHistory answered("i1");
  answered.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:20");
  feed_->hold(answered);
  feed_->release(1);  // the view holds the detection; the notice is still on its way
  wait_for_view(/*behind=*/1);

  // Within the readiness lag, yet one event short: the clock would look overdue.
  const auto held = pass_at("2026-12-07T12:00");
  ASSERT_TRUE(held.held);
  EXPECT_NE(held.held->find("1 events to apply"), std::string::npos) << *held.held;
  EXPECT_EQ(held.alerts_recorded, 0);
  EXPECT_EQ(service_->store().head_position(), 0u);
  EXPECT_EQ(service_->readiness().details["passes_completed"], 0);  // a held pass is none

  feed_->release();
  wait_for_view();
  const auto pass = pass_at("2026-12-07T12:00");
  EXPECT_FALSE(pass.held);
  EXPECT_EQ(pass.alerts_recorded, 0);  // the notice came in time: nothing to warn of
  EXPECT_EQ(service_->store().head_position(), 0u);
  EXPECT_EQ(service_->readiness().details["passes_completed"], 1);
}

TEST_F(SlaWatchCatchUp, AnAlertDueWhileThePassesWaitedIsRecordedOnceTheViewHoldsEverything) {
  IncidentHistory unanswered("i2");
  unanswered.detect("2026-12-07T10:00", {"soumu"});
  feed_->hold(unanswered);
  EXPECT_TRUE(pass_at("2026-12-07T12:00").held);  // nothing delivered yet

  feed_->release();
  wait_for_view();
  const auto pass = pass_at("2026-12-07T12:00");
  EXPECT_FALSE(pass.held);
  EXPECT_EQ(pass.alerts_recorded, 3);  // 50, 75 and 100 % of its first notice
  EXPECT_EQ(pass_at("2026-12-07T12:01").alerts_recorded, 0);  // never twice
}

TEST_F(SlaWatchCatchUp, OnceCaughtUpPassesRunWithASmallLagAndWaitAgainAfterFallingBehind) {
  IncidentHistory first("i3");
  first.detect("2026-12-07T10:00", {"soumu"}).first_notice("soumu", "2026-12-07T10:10");
  feed_->hold(first);
  feed_->release();
  wait_for_view();
  EXPECT_FALSE(pass_at("2026-12-07T10:30").held);

  // A new incident's events not applied yet, within the feed's lag: the pass runs on.
  IncidentHistory second("i4");
  second.detect("2026-12-07T10:40", {"soumu"});
  feed_->hold(second);
  EXPECT_FALSE(pass_at("2026-12-07T10:41").held);

  // Far behind (more than the lag): passes wait until the view holds every event again.
  IncidentHistory third("i5"), fourth("i6");
  third.detect("2026-12-07T10:50", {"soumu"});
  fourth.detect("2026-12-07T10:51", {"soumu"});
  feed_->hold(third);
  feed_->hold(fourth);
  EXPECT_TRUE(pass_at("2026-12-07T10:52").held);
  feed_->release(2);  // within the lag again, but not everything
  wait_for_view(/*behind=*/1);
  EXPECT_TRUE(pass_at("2026-12-07T10:52").held);
  feed_->release();
  wait_for_view();
  EXPECT_FALSE(pass_at("2026-12-07T10:52").held);
}

}  // namespace
}  // namespace opsdesk::sla_watch
