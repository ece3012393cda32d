// The shared command plumbing on a toy aggregate (a counter per tenant) and a real RocksDB
// store: what any command service gets from it, given / when / then.

#include "libs/aggregate/command_runner.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <variant>

#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/tests/counter_aggregate.hpp"
#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::aggregate {
namespace {

using testing::Counter;

class CommandRunnerTest : public ::testing::Test {
 protected:
  static std::unique_ptr<eventstore::EventStore> open_store(const std::filesystem::path& dir,
                                                            const core::Clock& clock) {
    eventstore::StoreOptions options;
    options.path = dir / "store";
    return std::move(eventstore::EventStore::open(options, clock).value());
  }

  // Runs a command and waits for its outcome; blocking steps run on a thread of their own.
  CommandOutcome<Counter::State> run(Counter::Command command, CommandContext context = {},
                                     std::string id = "c1") {
    // Centre staff unless the test says who calls.
    if (context.caller.subject.empty()) context.caller = {.subject = "centre", .tenants = {"*"}};
    std::promise<CommandOutcome<Counter::State>> outcome;
    runner_.execute(
        std::move(id), std::move(command), clock_.now(), std::move(context),
        [this](std::function<void()> work) {
          std::lock_guard lock(workers_mutex_);
          workers_.emplace_back(std::move(work));
        },
        [&](CommandOutcome<Counter::State> o) { outcome.set_value(std::move(o)); });
    return outcome.get_future().get();
  }

  ~CommandRunnerTest() override {
    std::lock_guard lock(workers_mutex_);
    for (auto& worker : workers_) worker.join();
  }

  eventstore::testing::TempDir dir_;
  core::ManualClock clock_{eventstore::testing::at("2026-12-01T00:00:00Z")};
  std::unique_ptr<eventstore::EventStore> store_ = open_store(dir_.path(), clock_);
  Repository<Counter> repository_{*store_};
  std::vector<std::string> recorded_;
  std::mutex workers_mutex_;
  std::vector<std::thread> workers_;  // where blocking steps run; joined before the store closes
  CommandRunner<Counter> runner_{repository_, [this](const Counter::State& s) {
                                   recorded_.push_back(s.id + "#" + std::to_string(s.version));
                                 }};
};

TEST_F(CommandRunnerTest, ACommandIsDecidedOnTheLoadedStateAndAppendedWithItsTenants) {
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}));
  auto added = run(Counter::Add{5}, {.actor = "sato"});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->state->value, 5);
  EXPECT_EQ(added->state->version, 2u);
  EXPECT_EQ(added->position, 2u);
  EXPECT_FALSE(added->replayed);
  const auto stored = store_->read_stream("counter-c1");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].actor(), "sato");
  EXPECT_EQ(stored[1].tenants(0), "soumu");
  EXPECT_EQ(repository_.load("c1").value, 5);
  EXPECT_EQ(recorded_, (std::vector<std::string>{"c1#1", "c1#2"}));
}

TEST_F(CommandRunnerTest, TheCallersTenantsLimitWhatItMayChange) {
  const auth::Principal soumu{.subject = "soumu-ops", .tenants = {"soumu"}};
  const auth::Principal houmu{.subject = "houmu-ops", .tenants = {"houmu"}};

  // Creating for a tenant the caller does not hold is forbidden, and nothing is appended.
  auto foreign = run(Counter::Open{"c1", "houmu"}, {.caller = soumu});
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().kind, CommandRejected::Kind::forbidden);
  EXPECT_NE(foreign.error().message.find("tenant houmu"), std::string::npos);
  EXPECT_EQ(store_->head_position(), 0u);

  // Another tenant's aggregate is not found, as an unknown id would be: even If-Match says
  // nothing about it.
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}, {.caller = soumu}));
  auto hidden = run(Counter::Add{1}, {.if_match = 7, .caller = houmu});
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().kind, CommandRejected::Kind::domain);
  EXPECT_EQ(hidden.error().domain.kind, DomainError::Kind::not_found);
  EXPECT_EQ(hidden.error().current_version, 0u);
  EXPECT_EQ(store_->head_position(), 1u);

  EXPECT_TRUE(run(Counter::Add{1}, {.caller = soumu}));
}

TEST_F(CommandRunnerTest, ARefusalOfTheDeciderAppendsNothing) {
  EXPECT_EQ(run(Counter::Add{1}).error().domain.kind, DomainError::Kind::not_found);
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}));
  auto refused = run(Counter::Add{101});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, CommandRejected::Kind::domain);
  EXPECT_EQ(refused.error().domain.rule, "over-100");
  EXPECT_EQ(refused.error().current_version, 1u);
  EXPECT_EQ(store_->read_stream("counter-c1").size(), 1u);
}

TEST_F(CommandRunnerTest, IfMatchOfAnotherVersionIsAPreconditionFailure) {
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}));
  ASSERT_TRUE(run(Counter::Add{1}, {.if_match = 1}));
  auto stale = run(Counter::Add{1}, {.if_match = 1});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, CommandRejected::Kind::precondition_failed);
  EXPECT_EQ(stale.error().current_version, 2u);
  EXPECT_EQ(stale.error().message, "If-Match names version 1 but the counter is at version 2");
}

TEST_F(CommandRunnerTest, ARetryWithTheSameKeyAnswersAsTheFirstAndAppendsNothing) {
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}));
  const CommandContext keyed{.idempotency = eventstore::IdempotencyKey{"sato\nk1", "fp-1"}};
  auto first = run(Counter::Add{3}, keyed);
  ASSERT_TRUE(first);
  ASSERT_TRUE(run(Counter::Add{4}));
  auto again = run(Counter::Add{3}, keyed);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->state->value, 3);  // as the first answer left it, not as it is now
  EXPECT_EQ(again->position, first->position);
  EXPECT_EQ(store_->read_stream("counter-c1").size(), 3u);

  auto other =
      run(Counter::Add{9}, {.idempotency = eventstore::IdempotencyKey{"sato\nk1", "fp-2"}});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, CommandRejected::Kind::idempotency_key_reused);
}

// --- the states of recently used aggregates ---

TEST_F(CommandRunnerTest, ACommandStartsFromTheRememberedStateAndFoldsOnlyWhatCameSince) {
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}));
  ASSERT_TRUE(run(Counter::Add{2}));
  const auto before = repository_.cache_stats();
  ASSERT_TRUE(run(Counter::Add{3}));
  EXPECT_EQ(repository_.cache_stats().hits, before.hits + 1);
  EXPECT_EQ(repository_.cache_stats().entries, 1u);
  EXPECT_EQ(repository_.load("c1").value, 5);
}

TEST_F(CommandRunnerTest, ACommandOnAKeptStateIsDecidedWithoutAReadUnlessIfMatchAsksForOne) {
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}));
  const auto blocking_steps = [this] {
    std::lock_guard lock(workers_mutex_);
    return workers_.size();
  };
  const auto before = blocking_steps();
  ASSERT_TRUE(run(Counter::Add{2}));
  EXPECT_EQ(blocking_steps(), before);  // no step went to the blocking runner
  ASSERT_TRUE(run(Counter::Add{2}, {.if_match = 2}));
  EXPECT_EQ(blocking_steps(), before + 1);  // If-Match is checked against the stream as read
}

TEST_F(CommandRunnerTest, AnotherWritersEventsBehindTheRememberedStateAreFoldedIn) {
  // Given the counter remembered at version 2,
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}));
  ASSERT_TRUE(run(Counter::Add{2}));
  // when another writer (another process on the same store, say) appends version 3,
  eventstore::AppendRequest other;
  other.stream_id = "counter-c1";
  other.expected = eventstore::ExpectedVersion::exact(2);
  other.events.push_back(Counter::encode({"test.Added", "40"}));
  other.metadata.tenants = {"soumu"};
  ASSERT_TRUE(store_->append(std::move(other)));
  // then the next command is decided on version 3 and appends version 4.
  auto added = run(Counter::Add{1});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->state->value, 43);
  EXPECT_EQ(added->state->version, 4u);
  // The stream says the same as the remembered state, read afresh without any cache.
  Repository<Counter> fresh(*store_, {.cached_states = 0});
  EXPECT_EQ(fresh.load("c1").value, 43);
  EXPECT_EQ(fresh.cache_stats().entries, 0u);
}

TEST_F(CommandRunnerTest, AStateAtAnEarlierVersionIsReadFromTheStreamNotTheCache) {
  ASSERT_TRUE(run(Counter::Open{"c1", "soumu"}));
  ASSERT_TRUE(run(Counter::Add{2}));
  ASSERT_TRUE(run(Counter::Add{3}));
  EXPECT_EQ(repository_.load("c1", 2).value, 2);
  EXPECT_EQ(repository_.load("c1").value, 5);
}

TEST(StateCache, KeepsTheMostRecentlyUsedAndNeverGoesBackAVersion) {
  StateCache<int> cache(2);
  cache.remember("a", std::make_shared<const int>(10), 1);
  cache.remember("b", std::make_shared<const int>(20), 1);
  ASSERT_TRUE(cache.find("a"));                             // a is now the most recently used
  cache.remember("c", std::make_shared<const int>(30), 1);  // b goes
  EXPECT_FALSE(cache.find("b"));
  EXPECT_EQ(*cache.find("a")->first, 10);
  EXPECT_EQ(*cache.find("c")->first, 30);

  cache.remember("a", std::make_shared<const int>(12), 3);
  // A slower thread with an older state: ignored.
  cache.remember("a", std::make_shared<const int>(11), 2);
  EXPECT_EQ(*cache.find("a")->first, 12);
  EXPECT_EQ(cache.find("a")->second, 3u);
  EXPECT_EQ(cache.stats().entries, 2u);
  EXPECT_EQ(cache.stats().capacity, 2u);
}

TEST(StateCache, WithNoCapacityRemembersNothing) {
  StateCache<int> cache(0);
  cache.remember("a", std::make_shared<const int>(10), 1);
  EXPECT_FALSE(cache.find("a"));
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(HttpCommands, RefusalsMapToProblemsNamingTheAggregate) {
  const auto rule =
      rejection_problem({CommandRejected::Kind::domain,
                         {DomainError::Kind::rule_violated, "over-100", "stops at 100", {}},
                         7,
                         ""},
                        "counter");
  EXPECT_EQ(rule.status, 409);
  EXPECT_EQ(rule.type, http::problem_type("over-100"));
  EXPECT_EQ(rule.title, "The counter's lifecycle does not allow this");
  EXPECT_EQ(rule.extensions.at("current_version"), 7);
  EXPECT_EQ(rejection_problem(
                {CommandRejected::Kind::domain,
                 {DomainError::Kind::invalid_fields, "", "", {{"amount", "must be positive"}}},
                 0,
                 ""},
                "counter")
                .status,
            422);
  EXPECT_EQ(
      rejection_problem({CommandRejected::Kind::precondition_failed, {}, 2, "m"}, "counter").status,
      412);
  EXPECT_EQ(rejection_problem({CommandRejected::Kind::conflict, {}, 0, "m"}, "counter").status,
            409);
  EXPECT_EQ(
      rejection_problem({CommandRejected::Kind::idempotency_key_reused, {}, 0, "m"}, "counter")
          .status,
      422);
  EXPECT_EQ(
      rejection_problem({CommandRejected::Kind::storage_failure, {}, 0, "m"}, "counter").status,
      503);
}

TEST(HttpCommands, PreferReturnMinimalIsFoundAmongOtherPreferences) {
  auto with = [](std::string prefer) {
    http::Request request;
    request.headers["Prefer"] = std::move(prefer);
    return prefers_minimal(request);
  };
  EXPECT_TRUE(with("return=minimal"));
  EXPECT_TRUE(with("respond-async, RETURN=MINIMAL; foo=bar"));
  EXPECT_FALSE(with("return=representation"));
  EXPECT_FALSE(with("return=minimalist"));
  EXPECT_FALSE(prefers_minimal(http::Request{}));
  EXPECT_EQ(minimal_body("i-1", 3, 17), R"({"id":"i-1","position":17,"version":3})");
}

TEST(HttpCommands, IfMatchTakesAVersionETag) {
  http::Request request;
  request.headers["If-Match"] = "W/\"3\"";
  EXPECT_EQ(parse_if_match(request, "counter").value(), 3u);
  http::Request bad;
  bad.headers["If-Match"] = "\"three\"";
  auto refused = parse_if_match(bad, "counter");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("the counter's version"), std::string::npos);
  EXPECT_EQ(etag(3), "\"3\"");
}

}  // namespace
}  // namespace opsdesk::aggregate
