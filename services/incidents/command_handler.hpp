#pragma once
// Runs one incident command end to end: load the stream, check If-Match, decide, append
// atomically with the expected version, retry on a concurrent writer, honour Idempotency-Key.
// Knows nothing of HTTP; the API maps its outcomes to status codes.
//
// It never holds a thread through the fsync: the append is queued and the outcome goes to a
// callback. Reading the store (the incident's stream, an idempotency record) may block, so those
// steps run through the caller's BlockingRunner; a detection without an Idempotency-Key reads
// nothing and is decided and queued on the calling thread.

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "libs/core/clock.hpp"
#include "services/incidents/domain/commands.hpp"
#include "services/incidents/domain/decider.hpp"
#include "services/incidents/incident_index.hpp"
#include "services/incidents/incident_repository.hpp"

namespace opsdesk::incidents {

struct CommandContext {
  std::string actor;                      // `sub` of the caller
  std::string correlation_id;             // request id, or the caller's correlation id
  std::optional<std::uint64_t> if_match;  // expected version from If-Match
  std::optional<eventstore::IdempotencyKey> idempotency;
};

struct CommandAccepted {
  IncidentState state;         // after the command (for a replay: as the first response left it)
  std::uint64_t position = 0;  // log position the command reached
  bool replayed = false;
};

struct CommandRejected {
  enum class Kind {
    domain,                  // see `domain`
    precondition_failed,     // If-Match did not match `current_version`
    conflict,                // other writers kept winning; try again
    idempotency_key_reused,  // the key was first used for another request
    storage_failure,         // nothing was appended
  };
  Kind kind;
  DomainError domain{};
  std::uint64_t current_version = 0;
  std::string message;
};

using CommandOutcome = std::expected<CommandAccepted, CommandRejected>;
// Called once with the outcome: from the event store's syncer thread (after the append is
// durable, or refused) or from a thread of the BlockingRunner. It must return quickly and never
// block.
using CommandCallback = std::function<void(CommandOutcome)>;
// Runs `work` on a thread where blocking (RocksDB reads) is allowed.
using BlockingRunner = std::function<void(std::function<void()> work)>;

class CommandHandler {
 public:
  CommandHandler(IncidentRepository& repository, IncidentIndex& index)
      : repository_(repository), index_(index) {}

  // `now` is the server time the command is decided at. Returns at once; `done` follows.
  void execute(std::string incident_id, IncidentCommand command, core::Instant now,
               CommandContext context, BlockingRunner run_blocking, CommandCallback done);

 private:
  struct Job;
  // Each of these runs where blocking is allowed, except decide_and_append when nothing had to
  // be read.
  void start(const std::shared_ptr<Job>& job);
  void attempt(const std::shared_ptr<Job>& job);
  void decide_and_append(const std::shared_ptr<Job>& job, IncidentState before);
  // On the syncer thread.
  void on_appended(const std::shared_ptr<Job>& job, IncidentState after,
                   eventstore::AppendOutcome appended);
  std::optional<CommandOutcome> replay(const CommandContext& context) const;
  // The answer a key's first request got (a read: the state at its last version).
  CommandAccepted first_answer(const std::string& stream_id, std::uint64_t last_version,
                               std::uint64_t last_position) const;

  IncidentRepository& repository_;
  IncidentIndex& index_;
};

}  // namespace opsdesk::incidents
