#pragma once
// Runs one incident command end to end: load the stream, check If-Match, decide, append
// atomically with the expected version, retry on a concurrent writer, honour Idempotency-Key.
// Knows nothing of HTTP; the API maps its outcomes to status codes.

#include <cstdint>
#include <expected>
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

class CommandHandler {
 public:
  CommandHandler(IncidentRepository& repository, IncidentIndex& index)
      : repository_(repository), index_(index) {}

  // `now` is the server time the command is decided at.
  std::expected<CommandAccepted, CommandRejected> execute(const std::string& incident_id,
                                                          const IncidentCommand& command,
                                                          core::Instant now,
                                                          const CommandContext& context);

 private:
  std::optional<std::expected<CommandAccepted, CommandRejected>> replay(
      const CommandContext& context) const;

  IncidentRepository& repository_;
  IncidentIndex& index_;
};

}  // namespace opsdesk::incidents
