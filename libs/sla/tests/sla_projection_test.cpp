// The sla-metrics view keeps every incident's events, indexed by tenant, through the projection
// runtime (RocksDB, de-duplication by stream version): what goes in folds back to the same
// record, a redelivered batch changes nothing, and a rebuild gives a byte-identical view.

#include "libs/sla/sla_projection.hpp"

#include <gtest/gtest.h>

#include <cstdio>

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
  SlaProjection projection_{"sla-metrics", {.closed_and_periods = true, .touched = true}};
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

TEST_F(SlaView, NamesTheIncidentsWithEventsAfterAPositionInsideTheirHistories) {
  apply_all();  // a: positions 1-2, b: 3-4
  a_.progress_report("soumu", "2026-12-08T12:00");
  auto later = a_.events().back();
  later.set_log_position(5);
  view_->apply({{"incidents", later, "local/incidents", 6}}, projection_);
  // In the order of their last events: b's at 4, a's at 5.
  EXPECT_EQ(incidents_touched_after(view_->reader(), 1),
            (std::vector<std::string>{"0190b", "0190a"}));
  EXPECT_EQ(incidents_touched_after(view_->reader(), 4), (std::vector<std::string>{"0190a"}));
  EXPECT_TRUE(incidents_touched_after(view_->reader(), 5).empty());
}

TEST_F(SlaView, KeepsALongIncidentsEventsInChunksAndReadsThemBackInOrderWhateverTheBatches) {
  for (int minute = 0; minute < 120; ++minute) {
    char from[32], to[32];
    std::snprintf(from, sizeof from, "2026-12-07T%02d:%02d", 11 + minute / 60, minute % 60);
    std::snprintf(to, sizeof to, "2026-12-07T%02d:%02d:30", 11 + minute / 60, minute % 60);
    a_.activity(from, to);
  }
  // One event a batch, as a live feed delivers them.
  std::uint64_t position = 0;
  for (auto event : a_.events()) {
    event.set_log_position(++position);
    view_->apply({{"incidents", event, "local/incidents", position + 1}}, projection_);
  }
  const auto events = incident_events(view_->reader(), "0190a");
  ASSERT_EQ(events.size(), a_.events().size());
  for (std::size_t i = 0; i < events.size(); ++i)
    EXPECT_EQ(events[i].event_id(), a_.events()[i].event_id());
  std::size_t chunks = 0;
  view_->reader().scan(std::string(kEventPrefix) + "0190a/", [&](auto, auto) {
    ++chunks;
    return true;
  });
  EXPECT_GT(chunks, 1u);                       // more than kEventChunkBytes of events
  EXPECT_LT(chunks, a_.events().size() / 10);  // but not a key per event
  // The same events in one batch, as a replay delivers them: the same view.
  const auto live = view_->checksum();
  view_->reset();
  position = 0;
  view_->apply(batch_of(a_, position), projection_);
  EXPECT_EQ(view_->checksum(), live);
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
  other.set_stream_id("certificate-x");
  other.set_stream_version(1);
  other.set_log_position(1);
  view_->apply({{"incidents", other, "local/incidents", 2}}, projection_);
  EXPECT_TRUE(incident_ids(view_->reader(), std::string(kCentreWide)).empty());
  EXPECT_TRUE(incident_events(view_->reader(), "x").empty());
}

// The period index narrows a table's reading to its period: for every tenant, month and as-of
// cutoff, it names every incident the tenant's whole history would let figure in the period,
// through closes, late reports, late recordings, reopenings and tenants added later.
class PeriodIndex : public ::testing::Test {
 protected:
  // Recorded when they happened, unless a test says otherwise.
  static void close(IncidentHistory& incident, const std::string& at,
                    const std::string& recorded_at = "") {
    incident.run(incidents::RestoreService{tokyo(at), "restored"}, tokyo(at));
    incident.run(incidents::CloseIncident{tokyo(at), "fixed"},
                 tokyo(recorded_at.empty() ? at : recorded_at));
  }
  static void detect(IncidentHistory& incident, const std::string& at,
                     std::vector<std::string> tenants) {
    incident.run(incidents::DetectIncident{incident.id(),
                                           tokyo(at),
                                           "monitoring",
                                           "major",
                                           "batch failed",
                                           "",
                                           std::move(tenants),
                                           {},
                                           ""},
                 tokyo(at));
  }

  void SetUp() override {
    view_ = projection::ViewStore::open(dir_.path(), projection_).value();
    detect(ended_october_, "2026-10-05T10:00", {"soumu"});
    close(ended_october_, "2026-10-05T13:00");
    detect(spans_three_months_, "2026-10-20T10:00", {"soumu", "houmu"});
    close(spans_three_months_, "2026-12-02T10:00");
    detect(still_open_, "2026-11-10T10:00", {"houmu"});
    detect(reopened_, "2026-11-27T10:00", {"soumu"});
    close(reopened_, "2026-11-27T12:00");
    reopened_.run(incidents::ReopenIncident{tokyo("2027-01-10T10:00"), "it came back"},
                  tokyo("2027-01-10T10:00"));
    close(reopened_, "2027-01-11T10:00");
    detect(closed_late_, "2026-11-30T10:00", {"zaimu"});
    closed_late_.run(
        incidents::AddAffectedTenant{"soumu", "also affected", tokyo("2026-11-30T11:00")},
        tokyo("2026-11-30T11:00"));
    close(closed_late_, "2026-11-30T12:00", /*recorded_at=*/"2026-12-03T09:00");
    detect(reported_after_close_, "2026-09-01T10:00", {"soumu"});
    close(reported_after_close_, "2026-09-01T12:00");
    reported_after_close_.run(
        incidents::RecordNotice{"soumu", "recovery_report", tokyo("2026-11-16T10:00"), "email", ""},
        tokyo("2026-11-16T10:00"));
    // Interleaved as a log would have them: one event of each in turn.
    std::vector<const IncidentHistory*> all = {&ended_october_, &spans_three_months_,
                                               &still_open_,    &reopened_,
                                               &closed_late_,   &reported_after_close_};
    std::uint64_t position = 0;
    for (std::size_t i = 0;; ++i) {
      std::vector<projection::FeedEvent> batch;
      for (const auto* incident : all) {
        if (i >= incident->events().size()) continue;
        auto event = incident->events()[i];
        event.set_log_position(++position);
        batch.push_back({"incidents", event, "local/incidents", position + 1});
      }
      if (batch.empty()) break;
      view_->apply(batch, projection_);
      log_.insert(log_.end(), batch.begin(), batch.end());
    }
  }

  // The incidents of `ids` that may figure in the period, by their spans.
  std::vector<std::string> figuring(const std::vector<std::string>& ids, const TablePeriod& period,
                                    std::optional<core::Instant> as_of) const {
    std::vector<std::string> out;
    for (const auto& id : ids)
      if (incident_span(view_->reader(), id)->may_figure_in(period, as_of)) out.push_back(id);
    return out;
  }

  IncidentHistory ended_october_{"p1"}, spans_three_months_{"p2"}, still_open_{"p3"},
      reopened_{"p4"}, closed_late_{"p5"}, reported_after_close_{"p6"};
  std::vector<projection::FeedEvent> log_;  // every event, in the order the batches had them
  projection::testing::TempDir dir_;
  SlaProjection projection_{"sla-metrics", {.closed_and_periods = true, .touched = true}};
  std::unique_ptr<projection::ViewStore> view_;
};

TEST_F(PeriodIndex, NamesEveryIncidentTheWholeHistoryWouldLetFigureInThePeriod) {
  const std::vector<std::optional<core::Instant>> cutoffs = {
      std::nullopt, tokyo("2026-11-30T12:30"), tokyo("2026-12-02T09:00"), tokyo("2027-01-10T12:00"),
      tokyo("2026-08-01T00:00")};
  for (const std::string tenant : {"soumu", "houmu", "zaimu", "bouei", "*"}) {
    for (auto month = std::chrono::year{2026} / 8; month <= std::chrono::year{2027} / 3;
         month += std::chrono::months{1}) {
      const auto period = month_period(month);
      for (const auto& as_of : cutoffs) {
        const auto narrowed = incident_ids_in_period(view_->reader(), tenant, period, as_of);
        EXPECT_TRUE(std::is_sorted(narrowed.begin(), narrowed.end()));
        EXPECT_EQ(figuring(narrowed, period, as_of),
                  figuring(incident_ids(view_->reader(), tenant), period, as_of))
            << tenant << " " << period.label << " as of "
            << (as_of ? core::format_rfc3339(*as_of) : "now");
      }
    }
  }
}

TEST_F(PeriodIndex, AnyBatchingOfTheLogLeavesTheSameView) {
  // Built above with a batch per round (an event of each incident); now one event a batch, as a
  // live feed delivers them, and the whole log in one batch, as a replay does. The projection
  // carries each incident's latest/ and touched/ across a batch: no batching may change a byte.
  const auto by_rounds = view_->checksum();
  view_->reset();
  for (const auto& event : log_) view_->apply({event}, projection_);
  EXPECT_EQ(view_->checksum(), by_rounds);
  view_->reset();
  view_->apply(log_, projection_);
  EXPECT_EQ(view_->checksum(), by_rounds);
  // One touched/ key per incident, at its last event: p3's detection in the first round,
  // p1's and p2's closes in the second, p5's and p6's last events in the third, p4's in the
  // fourth.
  EXPECT_EQ(incidents_touched_after(view_->reader(), 0),
            (std::vector<std::string>{"p3", "p1", "p2", "p5", "p6", "p4"}));
}

TEST_F(PeriodIndex, ReadsOnlyTheIncidentsAroundThePeriod) {
  const auto ids = [&](const std::string& tenant, std::chrono::year_month month) {
    return incident_ids_in_period(view_->reader(), tenant, month_period(month), std::nullopt);
  };
  using std::chrono::year;
  // soumu's December: what ran into it or was open, not what ended in September to November
  // (p5's close, on November 30, was recorded in December: it ended in November all the same).
  EXPECT_EQ(ids("soumu", year{2026} / 12), (std::vector<std::string>{"p2", "p4"}));
  // A report after the close makes p6 end in November.
  EXPECT_EQ(ids("soumu", year{2026} / 11), (std::vector<std::string>{"p2", "p4", "p5", "p6"}));
  // Reopened in January: listed there again (open until the 11th).
  EXPECT_EQ(ids("soumu", year{2027} / 1), (std::vector<std::string>{"p4"}));
  EXPECT_EQ(ids("houmu", year{2027} / 3), (std::vector<std::string>{"p3"}));  // still open
  // Every tenant's incidents under "*"; a month before any began has none.
  EXPECT_EQ(ids("*", year{2026} / 12), (std::vector<std::string>{"p2", "p3", "p4"}));
  EXPECT_TRUE(ids("*", year{2026} / 7).empty());
}

}  // namespace
}  // namespace opsdesk::sla
