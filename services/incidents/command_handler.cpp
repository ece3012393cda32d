#include "services/incidents/command_handler.hpp"

namespace opsdesk::incidents {

namespace {

// Without If-Match, a command lost to a concurrent writer is decided again on the new state;
// after this many losses the caller is told to retry.
constexpr int kMaxAttempts = 5;

std::unexpected<CommandRejected> rejected(CommandRejected::Kind kind, std::string message,
                                          std::uint64_t current_version = 0) {
  return std::unexpected(CommandRejected{kind, {}, current_version, std::move(message)});
}

}  // namespace

std::optional<std::expected<CommandAccepted, CommandRejected>> CommandHandler::replay(
    const CommandContext& context) const {
  if (!context.idempotency) return std::nullopt;
  auto record = repository_.store().find_idempotency_key(context.idempotency->key);
  if (!record) return std::nullopt;
  if (record->fingerprint() != context.idempotency->fingerprint) {
    return rejected(CommandRejected::Kind::idempotency_key_reused,
                    "this Idempotency-Key was already used for a different request; use a new key");
  }
  auto state = repository_.load(incident_id_of(record->stream_id()), record->last_version());
  return CommandAccepted{std::move(state), record->last_position(), true};
}

std::expected<CommandAccepted, CommandRejected> CommandHandler::execute(
    const std::string& incident_id, const IncidentCommand& command, core::Instant now,
    const CommandContext& context) {
  if (auto earlier = replay(context)) return *earlier;

  // A detection names an id the server just minted: its stream cannot exist yet, so there is
  // nothing to read (the no-stream expectation of the append still guards against a clash).
  const bool creates = std::holds_alternative<DetectIncident>(command);
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto before = creates && attempt == 1 ? IncidentState{} : repository_.load(incident_id);
    if (context.if_match && *context.if_match != before.version && before.exists()) {
      return rejected(CommandRejected::Kind::precondition_failed,
                      "If-Match names version " + std::to_string(*context.if_match) +
                          " but the incident is at version " + std::to_string(before.version),
                      before.version);
    }
    auto events = decide(before, command, now);
    if (!events)
      return std::unexpected(
          CommandRejected{CommandRejected::Kind::domain, events.error(), before.version, {}});

    auto after = before;
    for (const auto& event : *events) after = evolve(std::move(after), event);

    eventstore::EventMetadata metadata;
    metadata.actor = context.actor;
    metadata.correlation_id = context.correlation_id;
    metadata.causation_id = context.correlation_id;
    auto appended =
        repository_.append(before, after, *events, std::move(metadata), context.idempotency);
    if (appended) {
      if (appended->replayed) {
        // Another request with the same key won the race between our lookup and our append.
        auto state = repository_.load(incident_id_of(appended->stream_id), appended->last_version);
        return CommandAccepted{std::move(state), appended->last_position, true};
      }
      index_.upsert(after);
      return CommandAccepted{std::move(after), appended->last_position, false};
    }
    switch (appended.error().code) {
      case eventstore::errc::wrong_expected_version:
        if (context.if_match) {
          return rejected(
              CommandRejected::Kind::precondition_failed,
              "the incident changed while this command was decided; it is now at version " +
                  std::to_string(appended.error().actual_version),
              appended.error().actual_version);
        }
        continue;  // decide again on the newer state
      case eventstore::errc::idempotency_key_reused:
        return rejected(
            CommandRejected::Kind::idempotency_key_reused,
            "this Idempotency-Key was already used for a different request; use a new key");
      default:
        return rejected(CommandRejected::Kind::storage_failure, appended.error().message);
    }
  }
  return rejected(
      CommandRejected::Kind::conflict,
      "the incident kept changing while this command was decided; read it again and retry");
}

}  // namespace opsdesk::incidents
