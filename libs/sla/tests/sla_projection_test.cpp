// The sla-metrics view keeps every incident's events, indexed by tenant, through the projection
// runtime (RocksDB, de-duplication by stream version): what goes in folds back to the same
// record, a redelivered batch changes nothing, and a rebuild gives a byte-identical view.

#include "libs/sla/sla_projection.hpp"

#include <gtest/gtest.h>

#include "libs/projection/tests/projection_test_support.hpp"
#include "libs/projection/view_store.hpp"
#include "libs/sla/sla_table.hpp"
#include "libs/sla/tests/incident_history.hpp"

namespace opsdesk::sla {
namespace {

using testing::IncidentHistory;
using testing::tokyo;

std::vector<projection::FeedEvent> batch_of(const IncidentHistory& incident,
                                            std::uint64_t& position) {
  std::vector<projection::FeedEvent> batch;
  for (auto event : incident.events()) {
    event.set_log_position(++position);
    batch.push_back({"incidents", event, "local/incidents", position + 1});
  }
  return batch;
}

class SlaView : public ::testing::Test {
 protected:
  void SetUp() override {
    a_.detect("2026-12-07T10:00", {"soumu", "houmu"}).first_notice("soumu", "2026-12-07T10:20");
    b_.detect("2026-12-08T10:00", {"zaimu"}).add_tenant("soumu", "2026-12-08T11:00");
    view_ = projection::ViewStore::open(dir_.path(), projection_).value();
  }
  void apply_all() {
    std::uint64_t position = 0;
    view_->apply(batch_of(a_, position), projection_);
    view_->apply(batch_of(b_, position), projection_);
  }

  IncidentHistory a_{"0190a"}, b_{"0190b"};
  projection::testing::TempDir dir_;
  SlaProjection projection_{"sla-metrics", {.closed_and_latest = true, .touched = true}};
  std::unique_ptr<projection::ViewStore> view_;
};

TEST_F(SlaView, KeepsEachIncidentsEventsInStreamOrder) {
  apply_all();
  const auto events = incident_events(view_->reader(), "0190a");
  ASSERT_EQ(events.size(), a_.events().size());
  for (std::size_t i = 0; i < events.size(); ++i)
    EXPECT_EQ(events[i].event_id(), a_.events()[i].event_id());
  EXPECT_EQ(fold_incident(events).tenant("soumu")->reports.at(0).evidence.event_id, "0190a-e2");
}

TEST_F(SlaView, IndexesIncidentsByEveryTenantTheyAffectIncludingLaterOnes) {
  apply_all();
  EXPECT_EQ(incident_ids(view_->reader(), "soumu"), (std::vector<std::string>{"0190a", "0190b"}));
  EXPECT_EQ(incident_ids(view_->reader(), "houmu"), (std::vector<std::string>{"0190a"}));
  EXPECT_EQ(incident_ids(view_->reader(), "zaimu"), (std::vector<std::string>{"0190b"}));
  EXPECT_EQ(incident_ids(view_->reader(), std::string(kCentreWide)),
            (std::vector<std::string>{"0190a", "0190b"}));
  EXPECT_TRUE(incident_ids(view_->reader(), "bouei").empty());
}

TEST_F(SlaView, KnowsWhichIncidentsAreStillOpen) {
  a_.restore("2026-12-07T12:00").close("2026-12-07T13:00");
  apply_all();
  EXPECT_EQ(open_incident_ids(view_->reader()), (std::vector<std::string>{"0190b"}));
  a_.reopen("2026-12-08T09:00");
  apply_all();
  EXPECT_EQ(open_incident_ids(view_->reader()), (std::vector<std::string>{"0190a", "0190b"}));
}

TEST_F(SlaView, NamesTheIncidentsWithEventsAfterAPosition) {
  apply_all();  // a: positions 1-2, b: 3-4
  EXPECT_EQ(incidents_touched_after(view_->reader(), 0),
            (std::vector<std::string>{"0190a", "0190b"}));
  EXPECT_EQ(incidents_touched_after(view_->reader(), 2), (std::vector<std::string>{"0190b"}));
  EXPECT_TRUE(incidents_touched_after(view_->reader(), 4).empty());
}

TEST_F(SlaView, AnIncidentClosedBeforeAPeriodHasNoFiguresInIt) {
  a_.restore("2026-12-07T12:00").close("2026-12-07T13:00");
  apply_all();
  const auto november = month_period(std::chrono::year{2026} / 11);
  const auto december = month_period(std::chrono::year{2026} / 12);
  const auto january = month_period(std::chrono::year{2027} / 1);
  const auto a = incident_span(view_->reader(), "0190a").value();
  const auto b = incident_span(view_->reader(), "0190b").value();
  EXPECT_EQ(a.began, tokyo("2026-12-07T10:00"));
  EXPECT_TRUE(a.may_figure_in(december, std::nullopt));
  EXPECT_FALSE(a.may_figure_in(january, std::nullopt));
  EXPECT_TRUE(b.may_figure_in(january, std::nullopt));  // still open
  // Nothing of an incident can fall in a period that ended before it began.
  EXPECT_FALSE(b.may_figure_in(november, std::nullopt));
  // As of a cutoff before the close was recorded, it was still open.
  EXPECT_TRUE(a.may_figure_in(january, tokyo("2029-01-01T00:00")));
  EXPECT_FALSE(incident_span(view_->reader(), "0190c").has_value());
}

TEST_F(SlaView, TellsWhichTenantsAnIncidentAffects) {
  apply_all();
  EXPECT_TRUE(affects_tenant(view_->reader(), "0190b", "soumu"));  // added later
  EXPECT_FALSE(affects_tenant(view_->reader(), "0190b", "houmu"));
  EXPECT_TRUE(affects_tenant(view_->reader(), "0190b", std::string(kCentreWide)));
  EXPECT_FALSE(affects_tenant(view_->reader(), "0190c", std::string(kCentreWide)));
}

TEST_F(SlaView, ARedeliveredBatchChangesNothing) {
  apply_all();
  const auto before = view_->checksum();
  apply_all();  // the same events again, e.g. after a Kafka rebalance
  EXPECT_EQ(view_->checksum(), before);
  EXPECT_EQ(incident_events(view_->reader(), "0190a").size(), a_.events().size());
}

TEST_F(SlaView, ARebuildGivesAByteIdenticalView) {
  apply_all();
  const auto first = view_->checksum();
  view_->reset();
  EXPECT_NE(view_->checksum(), first);
  apply_all();
  EXPECT_EQ(view_->checksum(), first);
}

TEST_F(SlaView, IgnoresStreamsOfOtherAggregates) {
  eventstore::RecordedEvent other;
  other.set_stream_id("inquiry-x");
  other.set_stream_version(1);
  other.set_log_position(1);
  view_->apply({{"incidents", other, "local/incidents", 2}}, projection_);
  EXPECT_TRUE(incident_ids(view_->reader(), std::string(kCentreWide)).empty());
  EXPECT_TRUE(incident_events(view_->reader(), "x").empty());
}

}  // namespace
}  // namespace opsdesk::sla
