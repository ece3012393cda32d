#pragma once
// Runs one command on an aggregate end to end: load its stream, check If-Match, decide,
// append atomically with the expected version, decide again on a concurrent writer's newer
// state, honour Idempotency-Key. Knows nothing of HTTP (http_commands.hpp maps the outcomes)
// nor of any domain (the aggregate's functions, see aggregate.hpp).
//
// It never holds a thread through the fsync: the append is queued and the outcome goes to a
// callback. Reading the store (the stream, an idempotency record) may block, so those steps
// run through the caller's BlockingRunner; a creating command without an Idempotency-Key, and
// one on an aggregate whose state is kept (repository.hpp), read nothing and are decided and
// queued on the calling thread.

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "libs/aggregate/aggregate.hpp"
#include "libs/aggregate/repository.hpp"
#include "libs/auth/principal.hpp"

namespace opsdesk::aggregate {

struct CommandContext {
  std::string actor{};                      // `sub` of the caller
  std::string correlation_id{};             // request id, or the caller's correlation id
  std::optional<std::uint64_t> if_match{};  // expected version from If-Match
  std::optional<eventstore::IdempotencyKey> idempotency{};
  // The checked caller: its tenants limit what it may change (an aggregate of none of them is
  // not found; a tenant the command names that it does not hold is forbidden).
  auth::Principal caller{};
};

template <typename State>
struct CommandAccepted {
  // After the command (for a replay: as the first response left it). Shared with the kept
  // states and never changed: a long aggregate's state is big, and the answer and the next
  // command start from the same one.
  std::shared_ptr<const State> state;
  std::uint64_t position = 0;  // log position the command reached
  bool replayed = false;
};

struct CommandRejected {
  enum class Kind {
    domain,                  // see `domain`
    precondition_failed,     // If-Match did not match `current_version`
    conflict,                // other writers kept winning; try again
    idempotency_key_reused,  // the key was first used for another request
    forbidden,               // the command names a tenant the caller does not hold
    storage_failure,         // nothing was appended
  };
  Kind kind;
  DomainError domain{};
  std::uint64_t current_version = 0;
  std::string message;
};

template <typename State>
using CommandOutcome = std::expected<CommandAccepted<State>, CommandRejected>;

// Runs `work` on a thread where blocking (RocksDB reads) is allowed.
using BlockingRunner = std::function<void(std::function<void()> work)>;

template <Aggregate A>
class CommandRunner {
 public:
  using State = typename A::State;
  using Command = typename A::Command;
  using Outcome = CommandOutcome<State>;
  // Called once with the outcome: from the event store's syncer thread (after the append is
  // durable, or refused) or from a thread of the BlockingRunner. It must return quickly and
  // never block.
  using Callback = std::function<void(Outcome)>;
  // Told of every state a command recorded, on the syncer thread (an in-memory index).
  using Recorded = std::function<void(const State&)>;

  CommandRunner(Repository<A>& repository, Recorded recorded = {})
      : repository_(repository), recorded_(std::move(recorded)) {}

  // execute, blocking the calling thread until the command is durable or refused, its blocking
  // work done on that thread: for process managers' passes on their own threads, never for an
  // HTTP handler.
  Outcome execute_and_wait(std::string id, Command command, core::Instant now,
                           CommandContext context) {
    std::promise<Outcome> done;
    auto outcome = done.get_future();
    execute(
        std::move(id), std::move(command), now, std::move(context),
        [](std::function<void()> work) { work(); },
        [&done](Outcome result) { done.set_value(std::move(result)); });
    return outcome.get();
  }

  // `now` is the server time the command is decided at. Returns at once; `done` follows.
  void execute(std::string id, Command command, core::Instant now, CommandContext context,
               BlockingRunner run_blocking, Callback done) {
    auto job = std::make_shared<Job>(Job{std::move(id), std::move(command), now, std::move(context),
                                         std::move(run_blocking), std::move(done)});
    // A creating command names an id the server just minted: its stream cannot exist yet, so
    // there is nothing to read (the no-stream expectation of the append still guards against
    // a clash). Only an Idempotency-Key would need a read first.
    if (job->creates() && !job->context.idempotency) {
      decide_and_append(job, State{});
      return;
    }
    // A kept state needs no read either: the append names its version, so a state behind the
    // stream costs a retry (which reads), never a wrong event. If-Match is checked against the
    // stream as read, so it takes the read.
    if (!job->context.idempotency && !job->context.if_match) {
      if (auto kept = repository_.kept(job->id)) {
        decide_and_append(job, std::move(*kept));
        return;
      }
    }
    job->run_blocking([this, job] { start(job); });
  }

 private:
  // Without If-Match, a command lost to a concurrent writer is decided again on the new
  // state; after this many losses the caller is told to retry.
  static constexpr int kMaxAttempts = 5;

  // One command on its way through the attempts: what it was asked, where its blocking steps
  // run and whom to tell.
  struct Job {
    std::string id;
    Command command;
    core::Instant now;
    CommandContext context;
    BlockingRunner run_blocking;
    Callback done;
    int attempt = 1;

    bool creates() const { return A::creates(command); }
  };

  static std::unexpected<CommandRejected> rejected(CommandRejected::Kind kind, std::string message,
                                                   std::uint64_t current_version = 0) {
    return std::unexpected(CommandRejected{kind, {}, current_version, std::move(message)});
  }

  static std::unexpected<CommandRejected> key_reused() {
    return rejected(CommandRejected::Kind::idempotency_key_reused,
                    "this Idempotency-Key was already used for a different request; use a new key");
  }

  static std::string noun() { return std::string(A::kNoun); }

  // Each of these runs where blocking is allowed, except decide_and_append when nothing had
  // to be read.
  void start(const std::shared_ptr<Job>& job) {
    if (auto earlier = replay(job->context)) {
      job->done(std::move(*earlier));
      return;
    }
    attempt(job);
  }

  void attempt(const std::shared_ptr<Job>& job) {
    auto before = job->creates() && job->attempt == 1 ? State{} : repository_.load(job->id);
    decide_and_append(job, std::move(before));
  }

  std::optional<Outcome> replay(const CommandContext& context) const {
    if (!context.idempotency) return std::nullopt;
    auto record = repository_.store().find_idempotency_key(context.idempotency->key);
    if (!record) return std::nullopt;
    if (record->fingerprint() != context.idempotency->fingerprint) return key_reused();
    return first_answer(record->stream_id(), record->last_version(), record->last_position());
  }

  // The answer a key's first request got (a read: the state at its last version).
  CommandAccepted<State> first_answer(const std::string& stream_id, std::uint64_t last_version,
                                      std::uint64_t last_position) const {
    auto state = repository_.load(A::id_of_stream(stream_id), last_version);
    return CommandAccepted<State>{std::make_shared<const State>(std::move(state)), last_position,
                                  true};
  }

  // Tenant scope, before anything about the aggregate is said (its version included): one of
  // none of the caller's tenants answers as an unknown id would.
  std::optional<CommandRejected> out_of_scope(const Job& job, const State& before) const {
    const auto& caller = job.context.caller;
    if (A::version(before) > 0 && !caller.can_see_any(A::tenants(before))) {
      return CommandRejected{CommandRejected::Kind::domain,
                             {DomainError::Kind::not_found, "", "no " + noun() + " " + job.id, {}},
                             0,
                             {}};
    }
    for (const auto& tenant : A::tenants_named(job.command)) {
      if (caller.can_see_tenant(tenant)) continue;
      return CommandRejected{CommandRejected::Kind::forbidden,
                             {},
                             0,
                             "the command is about tenant " + tenant +
                                 ", which the caller's token does not hold; it needs a token for " +
                                 tenant + " or for every tenant (\"*\")"};
    }
    return std::nullopt;
  }

  void decide_and_append(const std::shared_ptr<Job>& job, State before) {
    const auto& context = job->context;
    if (auto refused = out_of_scope(*job, before)) {
      job->done(std::unexpected(std::move(*refused)));
      return;
    }
    const std::uint64_t version = A::version(before);
    if (context.if_match && *context.if_match != version && version > 0) {
      job->done(rejected(CommandRejected::Kind::precondition_failed,
                         "If-Match names version " + std::to_string(*context.if_match) +
                             " but the " + noun() + " is at version " + std::to_string(version),
                         version));
      return;
    }
    auto events = A::decide(before, job->command, job->now);
    if (!events) {
      job->done(std::unexpected(
          CommandRejected{CommandRejected::Kind::domain, events.error(), version, {}}));
      return;
    }

    // `before` is not needed any more: evolve it in place (a long incident's state is big).
    State after = std::move(before);
    for (const auto& event : *events) after = A::evolve(std::move(after), event);

    eventstore::EventMetadata metadata;
    metadata.actor = context.actor;
    metadata.correlation_id = context.correlation_id;
    metadata.causation_id = context.correlation_id;
    auto request = repository_.append_request(version, after, *events, std::move(metadata),
                                              context.idempotency);
    repository_.append(std::move(request), [this, job, after = std::move(after)](
                                               eventstore::AppendOutcome appended) mutable {
      on_appended(job, std::move(after), std::move(appended));
    });
  }

  // On the syncer thread.
  void on_appended(const std::shared_ptr<Job>& job, State after,
                   eventstore::AppendOutcome appended) {
    if (appended) {
      if (appended->replayed) {
        // Another request with the same key won the race between our lookup and our append:
        // answer as it was answered, which takes a read.
        job->run_blocking([this, job, result = *appended] {
          job->done(first_answer(result.stream_id, result.last_version, result.last_position));
        });
        return;
      }
      auto shared = std::make_shared<const State>(std::move(after));
      repository_.remember(shared);
      if (recorded_) recorded_(*shared);
      job->done(CommandAccepted<State>{std::move(shared), appended->last_position, false});
      return;
    }
    switch (appended.error().code) {
      case eventstore::errc::wrong_expected_version:
        if (job->context.if_match) {
          job->done(rejected(CommandRejected::Kind::precondition_failed,
                             "the " + noun() +
                                 " changed while this command was decided; it is now at version " +
                                 std::to_string(appended.error().actual_version),
                             appended.error().actual_version));
          return;
        }
        if (job->attempt < kMaxAttempts) {
          // Decide again on the newer state, which takes a read.
          ++job->attempt;
          job->run_blocking([this, job] { attempt(job); });
          return;
        }
        job->done(rejected(CommandRejected::Kind::conflict,
                           "the " + noun() +
                               " kept changing while this command was decided; read it again "
                               "and retry"));
        return;
      case eventstore::errc::idempotency_key_reused:
        job->done(key_reused());
        return;
      default:
        job->done(rejected(CommandRejected::Kind::storage_failure, appended.error().message));
        return;
    }
  }

  Repository<A>& repository_;
  Recorded recorded_;
};

}  // namespace opsdesk::aggregate
