// Appends and reads back: the envelope, expected versions, validation, opening, and the
// outcome metrics.

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "libs/eventstore/envelope.hpp"
#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::eventstore {
namespace {

using testing::at;
using testing::event;
using testing::EventStoreTest;
using testing::one_event;
using testing::request;

using EventStoreAppend = EventStoreTest;

EventMetadata metadata() { return EventMetadata{{"t01", "t07"}, "user-42", "corr-1", "cause-1"}; }

TEST_F(EventStoreAppend, AppendedEventsReadBackFromStreamAndLogWithTheWholeEnvelope) {
  auto store = open_store();
  ASSERT_TRUE(store);
  const auto first_commit = clock_.now();
  auto req = request(
      "incident-1", ExpectedVersion::no_stream(),
      {event("opsdesk.incidents.v1.IncidentDetected", "payload-1", at("2026-11-21T23:50:00Z")),
       event("opsdesk.incidents.v1.FirstNoticeSent", "payload-2", at("2026-11-21T23:55:30.25Z"))});
  req.metadata = metadata();
  auto first = store->append(req);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->stream_id, "incident-1");
  EXPECT_EQ(first->first_version, 1u);
  EXPECT_EQ(first->last_version, 2u);
  EXPECT_EQ(first->first_position, 1u);
  EXPECT_EQ(first->last_position, 2u);
  EXPECT_FALSE(first->replayed);

  clock_.advance(std::chrono::seconds{5});
  auto second = store->append(one_event("incident-2", "payload-3"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->first_version, 1u);
  EXPECT_EQ(second->first_position, 3u);

  auto stream = store->read_stream("incident-1");
  ASSERT_EQ(stream.size(), 2u);
  const std::vector<std::string> types{"opsdesk.incidents.v1.IncidentDetected",
                                       "opsdesk.incidents.v1.FirstNoticeSent"};
  const std::vector<core::Instant> occurred{at("2026-11-21T23:50:00Z"),
                                            at("2026-11-21T23:55:30.25Z")};
  std::set<std::string> ids;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    const auto& e = stream[i];
    auto id = core::Uuid::parse(e.event_id());
    ASSERT_TRUE(id.has_value()) << e.event_id();
    EXPECT_EQ(id->version(), 7);
    ids.insert(e.event_id());
    EXPECT_EQ(e.stream_id(), "incident-1");
    EXPECT_EQ(e.stream_version(), i + 1);
    EXPECT_EQ(e.log_position(), i + 1);
    EXPECT_EQ(e.type(), types[i]);
    EXPECT_EQ(detail::from_timestamp(e.occurred_at()), occurred[i]);
    EXPECT_EQ(detail::from_timestamp(e.recorded_at()), first_commit);
    EXPECT_EQ(std::vector<std::string>(e.tenants().begin(), e.tenants().end()),
              (std::vector<std::string>{"t01", "t07"}));
    EXPECT_EQ(e.actor(), "user-42");
    EXPECT_EQ(e.correlation_id(), "corr-1");
    EXPECT_EQ(e.causation_id(), "cause-1");
    EXPECT_EQ(e.payload(), "payload-" + std::to_string(i + 1));
  }

  auto log = store->read_log(1, 100);
  ASSERT_EQ(log.size(), 3u);
  for (std::size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].log_position(), i + 1);
  ids.insert(log[2].event_id());
  EXPECT_EQ(ids.size(), 3u) << "event ids are unique";
  EXPECT_EQ(log[2].stream_id(), "incident-2");
  EXPECT_EQ(log[2].payload(), "payload-3");
  EXPECT_EQ(detail::from_timestamp(log[2].recorded_at()), first_commit + std::chrono::seconds{5});
  EXPECT_TRUE(log[2].tenants().empty()) << "no tenants means centre-wide";

  EXPECT_EQ(store->head_position(), 3u);
  EXPECT_EQ(store->stream_version("incident-1"), 2u);
  EXPECT_EQ(store->stream_version("incident-2"), 1u);
  EXPECT_EQ(store->stream_version("incident-404"), 0u);
  EXPECT_TRUE(store->read_stream("incident-404").empty());
  EXPECT_TRUE(store->read_log(4, 100).empty());
}

TEST_F(EventStoreAppend, ReadsHonourStartAndMaxCount) {
  auto store = open_store();
  ASSERT_TRUE(store);
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(store->append(one_event("s", "p" + std::to_string(i))));

  auto from_three = store->read_stream("s", 3);
  ASSERT_EQ(from_three.size(), 3u);
  EXPECT_EQ(from_three.front().stream_version(), 3u);
  auto two = store->read_stream("s", 2, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].stream_version(), 2u);
  EXPECT_EQ(two[1].stream_version(), 3u);

  auto log = store->read_log(4, 1);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].log_position(), 4u);
  EXPECT_EQ(store->read_log(0, 100).size(), 5u) << "position 0 reads from the start";
  EXPECT_TRUE(store->read_log(1, 0).empty());
}

TEST_F(EventStoreAppend, StreamIdsThatArePrefixesOfEachOtherStayApart) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(one_event("a", "1")));
  ASSERT_TRUE(store->append(one_event("ab", "2")));
  ASSERT_TRUE(store->append(one_event("a", "3")));
  ASSERT_EQ(store->read_stream("a").size(), 2u);
  ASSERT_EQ(store->read_stream("ab").size(), 1u);
  EXPECT_EQ(store->read_stream("ab")[0].payload(), "2");
}

TEST_F(EventStoreAppend, ExpectedVersionAnyNoStreamAndExact) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto append = [&](ExpectedVersion expected) {
    return store->append(request("s", expected, {event("test.Appended", "x")}));
  };
  auto expect_conflict = [&](ExpectedVersion expected, std::uint64_t actual) {
    const auto head_before = store->head_position();
    auto result = append(expected);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, errc::wrong_expected_version);
    EXPECT_EQ(result.error().actual_version, actual);
    EXPECT_FALSE(result.error().message.empty());
    EXPECT_EQ(store->head_position(), head_before) << "a conflict appends nothing";
    EXPECT_EQ(store->stream_version("s"), actual);
  };

  expect_conflict(ExpectedVersion::exact(1), 0);
  ASSERT_EQ(append(ExpectedVersion::no_stream()).value().last_version, 1u);
  expect_conflict(ExpectedVersion::no_stream(), 1);
  expect_conflict(ExpectedVersion::exact(0), 1);
  ASSERT_EQ(append(ExpectedVersion::exact(1)).value().last_version, 2u);
  expect_conflict(ExpectedVersion::exact(1), 2);
  expect_conflict(ExpectedVersion::exact(7), 2);
  ASSERT_EQ(append(ExpectedVersion::any()).value().last_version, 3u);
  ASSERT_EQ(store->append(request("t", ExpectedVersion::exact(0), {event("test.Appended", "y")}))
                .value()
                .last_version,
            1u)
      << "exact(0) is no_stream";
  EXPECT_EQ(store->read_log(1, 100).size(), 4u);
}

TEST_F(EventStoreAppend, InvalidRequestsAreRefusedAndAppendNothing) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto expect_invalid = [&](AppendRequest req) {
    auto result = store->append(std::move(req));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, errc::invalid_request);
    EXPECT_FALSE(result.error().message.empty());
  };
  expect_invalid(request("s", ExpectedVersion::any(), {}));
  expect_invalid(request("", ExpectedVersion::any(), {event("test.Appended", "x")}));
  expect_invalid(
      request("s", ExpectedVersion::any(), {event("test.Appended", "x"), event("", "y")}));
  expect_invalid(
      request("s", ExpectedVersion::any(), {event("test.Appended", "x")}, IdempotencyKey{"", "f"}));
  EXPECT_EQ(store->head_position(), 0u);
  EXPECT_EQ(store->stream_version("s"), 0u);
}

TEST_F(EventStoreAppend, OpenSaysWhyWhenThePathCannotBeUsed) {
  const auto file = dir_.path() / "not-a-directory";
  std::ofstream(file) << "x";
  StoreOptions options;
  options.path = file;
  auto blocked = EventStore::open(options, clock_);
  ASSERT_FALSE(blocked);
  EXPECT_NE(blocked.error().find(file.string()), std::string::npos) << blocked.error();

  auto store = open_store();
  ASSERT_TRUE(store);
  options.path = dir_.path() / "store";
  auto second = EventStore::open(options, clock_);
  ASSERT_FALSE(second) << "RocksDB's lock keeps a second store off the same directory";
  EXPECT_FALSE(second.error().empty());
}

TEST_F(EventStoreAppend, OutcomesAreCountedByKind) {
  observability::Registry registry;
  auto store = open_store(&registry);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append(request("s", ExpectedVersion::no_stream(), {event("test.A", "1")},
                                    IdempotencyKey{"k", "f"})));
  ASSERT_TRUE(store->append(request("s", ExpectedVersion::no_stream(), {event("test.A", "1")},
                                    IdempotencyKey{"k", "f"})));
  ASSERT_FALSE(store->append(request("s", ExpectedVersion::no_stream(), {event("test.A", "2")})));
  ASSERT_FALSE(store->append(
      request("s", ExpectedVersion::any(), {event("test.A", "2")}, IdempotencyKey{"k", "g"})));
  ASSERT_FALSE(store->append(request("", ExpectedVersion::any(), {event("test.A", "2")})));

  auto appends = [&](const char* outcome) {
    return registry
        .counter("opsdesk_eventstore_appends_total", "", {{"store", "test"}, {"outcome", outcome}})
        .value();
  };
  EXPECT_EQ(appends("ok"), 1u);
  EXPECT_EQ(appends("replayed"), 1u);
  EXPECT_EQ(appends("conflict"), 2u);
  EXPECT_EQ(appends("error"), 1u);
  EXPECT_EQ(registry.counter("opsdesk_eventstore_commits_total", "", {{"store", "test"}}).value(),
            1u)
      << "refusals and replays need no commit";
}

}  // namespace
}  // namespace opsdesk::eventstore
