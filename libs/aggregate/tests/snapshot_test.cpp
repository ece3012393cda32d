// Snapshots of long streams in the shared command plumbing, on the toy counter and a real RocksDB
// store: an append that crosses a multiple of `snapshot_every` keeps the state beside the
// stream; a load without a kept state starts from the snapshot and folds only what came after;
// a snapshot of another schema or one that does not decode is ignored, the stream folded from
// its start and a new snapshot kept. Every load says the same as a fold of the whole stream.

#include <gtest/gtest.h>

#include <future>

#include "libs/aggregate/repository.hpp"
#include "libs/aggregate/tests/counter_aggregate.hpp"
#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::aggregate {
namespace {

using testing::Counter;

class StreamSnapshots : public ::testing::Test {
 protected:
  // Nothing kept in memory, so that every load reads the store.
  static RepositoryOptions every(std::uint64_t events) {
    return {.cached_states = 0, .snapshot_every = events};
  }

  // Opens counter c1 and adds 1 as many times as it takes to reach `version`, each command
  // decided on a fresh load and appended the way the command runner does.
  void grow_to(Repository<Counter>& repository, std::uint64_t version) {
    for (std::uint64_t v = repository.load("c1").version; v < version; ++v) {
      auto before = repository.load("c1");
      const Counter::Command command = before.version == 0
                                           ? Counter::Command{Counter::Open{"c1", "soumu"}}
                                           : Counter::Command{Counter::Add{1}};
      auto events = Counter::decide(before, command, clock_.now());
      ASSERT_TRUE(events);
      auto after = before;
      for (const auto& event : *events) after = Counter::evolve(after, event);
      std::promise<eventstore::AppendOutcome> outcome;
      repository.append(repository.append_request(before.version, after, *events, {}, std::nullopt),
                        [&](eventstore::AppendOutcome o) { outcome.set_value(std::move(o)); });
      auto appended = outcome.get_future().get();
      ASSERT_TRUE(appended) << appended.error().message;
    }
  }

  // The counter folded from its first event, with no snapshot and nothing kept.
  Counter::State whole_fold(std::uint64_t up_to_version = UINT64_MAX) {
    Repository<Counter> plain(*store_, every(0));
    return plain.load("c1", up_to_version);
  }

  static void expect_same(const Counter::State& a, const Counter::State& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.tenant, b.tenant);
    EXPECT_EQ(a.value, b.value);
    EXPECT_EQ(a.version, b.version);
  }

  eventstore::testing::TempDir dir_;
  core::ManualClock clock_{eventstore::testing::at("2026-12-01T00:00:00Z")};
  std::unique_ptr<eventstore::EventStore> store_ = [this] {
    eventstore::StoreOptions options;
    options.path = dir_.path() / "store";
    return std::move(eventstore::EventStore::open(options, clock_).value());
  }();
};

TEST_F(StreamSnapshots, AnAppendCrossingAMultipleOfSnapshotEveryKeepsTheStateBesideTheStream) {
  Repository<Counter> repository(*store_, every(3));
  grow_to(repository, 2);
  EXPECT_FALSE(store_->read_snapshot("counter-c1"));  // not yet at 3
  grow_to(repository, 7);

  auto snapshot = store_->read_snapshot("counter-c1");
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->version, 6u);
  EXPECT_EQ(snapshot->state.schema, Counter::kStateSchema);
  expect_same(Counter::decode_state(snapshot->state.bytes).value(), whole_fold(6));
  EXPECT_EQ(repository.snapshot_stats().snapshots_written, 2u);  // at 3 and at 6
}

TEST_F(StreamSnapshots, ALoadStartsFromTheSnapshotAndFoldsOnlyTheEventsAfterIt) {
  {
    Repository<Counter> writer(*store_, every(3));
    grow_to(writer, 7);
  }
  // As after a restart: a new repository, nothing in memory.
  Repository<Counter> reader(*store_, every(3));
  const auto loaded = reader.load("c1");
  expect_same(loaded, whole_fold());
  EXPECT_EQ(loaded.value, 6);
  EXPECT_EQ(reader.snapshot_stats().loads_from_snapshot, 1u);
  EXPECT_EQ(reader.snapshot_stats().events_folded, 1u);  // version 7 only
}

TEST_F(StreamSnapshots, AnEarlierVersionThanTheSnapshotIsFoldedFromTheStart) {
  Repository<Counter> repository(*store_, every(3));
  grow_to(repository, 7);
  Repository<Counter> reader(*store_, every(3));
  expect_same(reader.load("c1", 2), whole_fold(2));
  EXPECT_EQ(reader.snapshot_stats().loads_from_snapshot, 0u);
  expect_same(reader.load("c1", 7), whole_fold(7));
  EXPECT_EQ(reader.snapshot_stats().loads_from_snapshot, 1u);
}

TEST_F(StreamSnapshots, ASnapshotOfAnotherSchemaIsIgnoredAndALongFoldKeepsANewOne) {
  {
    Repository<Counter> without(*store_, every(0));
    grow_to(without, 7);
  }
  // A snapshot an older build kept, in an encoding this one does not know.
  ASSERT_TRUE(store_->write_snapshot("counter-c1", {6, {"test.Counter/0", "c1|soumu|5|6"}}));

  Repository<Counter> repository(*store_, every(3));
  expect_same(repository.load("c1"), whole_fold());
  EXPECT_EQ(repository.snapshot_stats().snapshots_ignored, 1u);
  EXPECT_EQ(repository.snapshot_stats().events_folded, 7u);
  // The fold of 7 events (at least 3) was kept, in this build's schema.
  auto rewritten = store_->read_snapshot("counter-c1");
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(rewritten->version, 7u);
  EXPECT_EQ(rewritten->state.schema, Counter::kStateSchema);
  EXPECT_EQ(repository.snapshot_stats().snapshots_written, 1u);
}

TEST_F(StreamSnapshots, ASnapshotThatDoesNotDecodeIsIgnored) {
  {
    Repository<Counter> without(*store_, every(0));
    grow_to(without, 4);
  }
  ASSERT_TRUE(store_->write_snapshot("counter-c1", {4, {std::string(Counter::kStateSchema), "?"}}));
  Repository<Counter> repository(*store_, every(3));
  expect_same(repository.load("c1"), whole_fold());
  EXPECT_EQ(repository.snapshot_stats().snapshots_ignored, 1u);
  EXPECT_EQ(repository.snapshot_stats().loads_from_snapshot, 0u);
}

TEST_F(StreamSnapshots, ASnapshotWhoseStateIsAtAnotherVersionIsIgnored) {
  {
    Repository<Counter> without(*store_, every(0));
    grow_to(without, 4);
  }
  // Decodes, but says version 3 where the record says 4: not to be trusted.
  ASSERT_TRUE(store_->write_snapshot("counter-c1",
                                     {4, {std::string(Counter::kStateSchema), "c1 soumu 2 3"}}));
  Repository<Counter> repository(*store_, every(3));
  expect_same(repository.load("c1"), whole_fold());
  EXPECT_EQ(repository.snapshot_stats().snapshots_ignored, 1u);
}

TEST_F(StreamSnapshots, WithSnapshotEveryZeroNoneIsWrittenOrRead) {
  Repository<Counter> repository(*store_, every(0));
  grow_to(repository, 7);
  EXPECT_FALSE(store_->read_snapshot("counter-c1"));
  ASSERT_TRUE(store_->write_snapshot("counter-c1",
                                     {6, {std::string(Counter::kStateSchema), "c1 soumu 5 6"}}));
  Repository<Counter> reader(*store_, every(0));
  expect_same(reader.load("c1"), whole_fold());
  EXPECT_EQ(reader.snapshot_stats().loads_from_snapshot, 0u);
  EXPECT_EQ(reader.snapshot_stats().events_folded, 7u);
}

TEST_F(StreamSnapshots, AStateKeptInMemoryIsPreferredAndNoSnapshotIsReadForIt) {
  Repository<Counter> repository(*store_, {.cached_states = 16, .snapshot_every = 3});
  grow_to(repository, 7);
  const auto before = repository.snapshot_stats();
  expect_same(repository.load("c1"), whole_fold());
  EXPECT_EQ(repository.snapshot_stats().loads_from_snapshot, before.loads_from_snapshot);
}

}  // namespace
}  // namespace opsdesk::aggregate
