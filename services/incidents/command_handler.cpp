#include "services/incidents/command_handler.hpp"

#include <utility>

namespace opsdesk::incidents {

namespace {

// Without If-Match, a command lost to a concurrent writer is decided again on the new state;
// after this many losses the caller is told to retry.
constexpr int kMaxAttempts = 5;

std::unexpected<CommandRejected> rejected(CommandRejected::Kind kind, std::string message,
                                          std::uint64_t current_version = 0) {
  return std::unexpected(CommandRejected{kind, {}, current_version, std::move(message)});
}

std::unexpected<CommandRejected> key_reused() {
  return rejected(CommandRejected::Kind::idempotency_key_reused,
                  "this Idempotency-Key was already used for a different request; use a new key");
}

}  // namespace

// One command on its way through the attempts: what it was asked, where its blocking steps
// run and whom to tell.
struct CommandHandler::Job {
  std::string incident_id;
  IncidentCommand command;
  core::Instant now;
  CommandContext context;
  BlockingRunner run_blocking;
  CommandCallback done;
  int attempt = 1;

  bool creates() const { return std::holds_alternative<DetectIncident>(command); }
};

void CommandHandler::execute(std::string incident_id, IncidentCommand command, core::Instant now,
                             CommandContext context, BlockingRunner run_blocking,
                             CommandCallback done) {
  auto job =
      std::make_shared<Job>(Job{std::move(incident_id), std::move(command), now, std::move(context),
                                std::move(run_blocking), std::move(done)});
  // A detection names an id the server just minted: its stream cannot exist yet, so there is
  // nothing to read (the no-stream expectation of the append still guards against a clash).
  // Only an Idempotency-Key would need a read first.
  if (job->creates() && !job->context.idempotency) {
    decide_and_append(job, IncidentState{});
    return;
  }
  job->run_blocking([this, job] { start(job); });
}

std::optional<CommandOutcome> CommandHandler::replay(const CommandContext& context) const {
  if (!context.idempotency) return std::nullopt;
  auto record = repository_.store().find_idempotency_key(context.idempotency->key);
  if (!record) return std::nullopt;
  if (record->fingerprint() != context.idempotency->fingerprint) return key_reused();
  return first_answer(record->stream_id(), record->last_version(), record->last_position());
}

CommandAccepted CommandHandler::first_answer(const std::string& stream_id,
                                             std::uint64_t last_version,
                                             std::uint64_t last_position) const {
  auto state = repository_.load(incident_id_of(stream_id), last_version);
  return CommandAccepted{std::move(state), last_position, true};
}

void CommandHandler::start(const std::shared_ptr<Job>& job) {
  if (auto earlier = replay(job->context)) {
    job->done(std::move(*earlier));
    return;
  }
  attempt(job);
}

void CommandHandler::attempt(const std::shared_ptr<Job>& job) {
  auto before =
      job->creates() && job->attempt == 1 ? IncidentState{} : repository_.load(job->incident_id);
  decide_and_append(job, std::move(before));
}

void CommandHandler::decide_and_append(const std::shared_ptr<Job>& job, IncidentState before) {
  const auto& context = job->context;
  if (context.if_match && *context.if_match != before.version && before.exists()) {
    job->done(rejected(CommandRejected::Kind::precondition_failed,
                       "If-Match names version " + std::to_string(*context.if_match) +
                           " but the incident is at version " + std::to_string(before.version),
                       before.version));
    return;
  }
  auto events = decide(before, job->command, job->now);
  if (!events) {
    job->done(std::unexpected(
        CommandRejected{CommandRejected::Kind::domain, events.error(), before.version, {}}));
    return;
  }

  auto after = before;
  for (const auto& event : *events) after = evolve(std::move(after), event);

  eventstore::EventMetadata metadata;
  metadata.actor = context.actor;
  metadata.correlation_id = context.correlation_id;
  metadata.causation_id = context.correlation_id;
  repository_.append(before, after, *events, std::move(metadata), context.idempotency,
                     [this, job, after](eventstore::AppendOutcome appended) mutable {
                       on_appended(job, std::move(after), std::move(appended));
                     });
}

void CommandHandler::on_appended(const std::shared_ptr<Job>& job, IncidentState after,
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
    // On the syncer thread: the index's lock is short for writers, but a list() scanning for a
    // rare filter holds it through its scan (in memory, no I/O), and the syncer waits that long.
    index_.upsert(after);
    job->done(CommandAccepted{std::move(after), appended->last_position, false});
    return;
  }
  switch (appended.error().code) {
    case eventstore::errc::wrong_expected_version:
      if (job->context.if_match) {
        job->done(
            rejected(CommandRejected::Kind::precondition_failed,
                     "the incident changed while this command was decided; it is now at version " +
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
      job->done(rejected(
          CommandRejected::Kind::conflict,
          "the incident kept changing while this command was decided; read it again and retry"));
      return;
    case eventstore::errc::idempotency_key_reused:
      job->done(key_reused());
      return;
    default:
      job->done(rejected(CommandRejected::Kind::storage_failure, appended.error().message));
      return;
  }
}

}  // namespace opsdesk::incidents
