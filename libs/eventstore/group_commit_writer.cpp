// Queue, thread and commit loop of the single writer (see group_commit_writer.hpp).

#include "libs/eventstore/group_commit_writer.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

#include "libs/eventstore/envelope.hpp"
#include "libs/eventstore/rocksdb_access.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::eventstore::detail {

namespace {

// How often a store that cannot write asks RocksDB to resume.
constexpr std::chrono::seconds kResumeInterval{1};

GroupCommitWriter::Options normalized(GroupCommitWriter::Options options) {
  options.max_group_size = std::max<std::size_t>(options.max_group_size, 1);
  return options;
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(rocksdb::DB& db, const core::Clock& clock, Options options,
                                     std::shared_ptr<CommitNotifier> notifier,
                                     AppendMetrics* metrics, DiskReserve reserve)
    : db_(db),
      clock_(clock),
      reserve_(std::move(reserve)),
      options_(normalized(options)),
      notifier_(std::move(notifier)),
      metrics_(metrics),
      next_position_(notifier_->head() + 1),
      syncer_(pipelined() ? std::thread([this] { run_syncer(); }) : std::thread()),
      thread_([this] { run(); }) {}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

std::optional<AppendError> GroupCommitWriter::submit(AppendRequest request, AppendCallback& done) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_)
      return AppendError{errc::shutting_down, "the event store is closing; nothing was appended"};
    if (!broken_.empty()) return AppendError{errc::storage_failure, broken_};
    if (!unavailable_.empty()) return AppendError{errc::storage_failure, unavailable_};
    queue_.push_back(std::make_unique<Pending>(
        Pending{std::move(request), std::chrono::steady_clock::now(), std::move(done)}));
  }
  queued_.notify_one();
  return std::nullopt;
}

void GroupCommitWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  if (thread_.joinable()) thread_.join();
  // The writer has handed over its last group: the syncer makes it durable, then ends.
  {
    std::lock_guard lock(sync_mutex_);
    writer_done_ = true;
  }
  written_.notify_one();
  if (syncer_.joinable()) syncer_.join();
}

std::optional<std::string> GroupCommitWriter::broken() const {
  std::lock_guard lock(mutex_);
  if (broken_.empty()) return std::nullopt;
  return broken_;
}

std::optional<std::string> GroupCommitWriter::unavailable() const {
  std::lock_guard lock(mutex_);
  if (unavailable_.empty()) return std::nullopt;
  return unavailable_;
}

void GroupCommitWriter::try_resume() {
  if (reserve_.shortfall() || !db_.Resume().ok()) return;
  {
    std::lock_guard lock(mutex_);
    unavailable_.clear();
  }
  if (metrics_ != nullptr) metrics_->set_writable(true);
  observability::log_warn("event store writes again; appends are accepted", {});
}

void GroupCommitWriter::run() {
  std::vector<std::unique_ptr<Pending>> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      // Unable to write: retry every second; appends queued before that happened are still
      // taken below and refused by the failed write's state (RocksDB's background error).
      const auto waiting_for_the_disk = [&] {
        return !unavailable_.empty() && queue_.empty() && !stopping_;
      };
      while (waiting_for_the_disk()) {
        if (queued_.wait_for(lock, kResumeInterval, [&] { return !waiting_for_the_disk(); })) break;
        lock.unlock();
        try_resume();
        lock.lock();
      }
      queued_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      // Stopping still drains the queue: those callers were accepted before the store closed.
      if (queue_.empty()) return;
      const std::size_t take = std::min(queue_.size(), options_.max_group_size);
      for (std::size_t i = 0; i < take; ++i) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit(group);
    group.clear();
  }
}

void GroupCommitWriter::commit(std::vector<std::unique_ptr<Pending>>& group) {
  Written written;
  try {
    written = decide_and_write(group);
    written.group = std::move(group);
  } catch (const std::exception& e) {
    // Nothing of the group reached RocksDB and next_position_ did not move: the plan (heads,
    // keys, positions) is dropped, so the next group starts from the durable state again.
    // RocksDB stops writing after such an error (a full disk, say) until it is resumed; so
    // does the store: appends are refused at the door, and the writer retries every second.
    const std::string reason = std::string("the event store cannot write (") + e.what() +
                               "); appends are refused until it can again, which it checks "
                               "every second";
    bool first = false;
    {
      std::lock_guard lock(mutex_);
      first = unavailable_.empty();
      unavailable_ = reason;
    }
    if (metrics_ != nullptr) metrics_->set_writable(false);
    if (first) {
      observability::log_error("event store cannot write; appends refused until it can",
                               {{"error", e.what()}, {"appends", group.size()}});
    }
    written = Written{std::move(group), {}, 0, 0, 0};
    written.outcomes.assign(
        written.group.size(),
        AppendOutcome(std::unexpect, AppendError{errc::storage_failure,
                                                 std::string("the event store could not write: ") +
                                                     e.what() + "; nothing was appended"}));
  }
  // Pipelined, every group is answered by the syncer, in order: even a group that appended
  // nothing (a replayed idempotency key, a conflict) may have been decided on an earlier
  // group's events that are not durable yet.
  if (pipelined()) {
    {
      std::lock_guard lock(sync_mutex_);
      unsynced_.push_back(std::move(written));
    }
    written_.notify_one();
    return;
  }
  // Without fsync (eventstore.sync=false) a written group is as done as it gets.
  if (metrics_ != nullptr && written.appended_requests > 0)
    metrics_->record_commit(written.appended_requests, written.appended_events);
  answer(written);
}

void GroupCommitWriter::run_syncer() {
  std::vector<Written> batch;
  for (;;) {
    {
      std::unique_lock lock(sync_mutex_);
      written_.wait(lock, [&] { return !unsynced_.empty() || writer_done_; });
      if (unsynced_.empty()) return;  // the writer is done and everything is answered
      for (auto& written : unsynced_) batch.push_back(std::move(written));
      unsynced_.clear();
    }
    // One fsync for every group written so far: the WAL holds them in order. Groups that
    // appended nothing need none (everything before them was synced by an earlier round).
    const bool any_appended = std::any_of(batch.begin(), batch.end(),
                                          [](const Written& w) { return w.appended_requests > 0; });
    const auto synced = any_appended ? db_.SyncWAL() : rocksdb::Status::OK();
    std::size_t appends = 0;
    std::size_t events = 0;
    for (auto& written : batch) {
      if (!synced.ok()) {
        // The events are in RocksDB but their durability is unknown, and later groups may
        // already build on them: refuse everything from here on rather than guess.
        const std::string message =
            "the event store could not make the write durable (" + synced.ToString() +
            "); the events may or may not be stored, and the store accepts no more appends";
        for (auto& outcome : written.outcomes)
          if (outcome) outcome = std::unexpected(AppendError{errc::storage_failure, message});
        written.head = 0;
        {
          std::lock_guard lock(mutex_);
          broken_ = message;
        }
        if (metrics_ != nullptr) metrics_->set_writable(false);
      }
      appends += written.appended_requests;
      events += written.appended_events;
    }
    if (!synced.ok())
      observability::log_error("event store fsync failed; appends refused from now on",
                               {{"error", synced.ToString()}});
    if (metrics_ != nullptr && synced.ok() && appends > 0) metrics_->record_commit(appends, events);
    for (auto& written : batch) answer(written);
    batch.clear();
  }
}

void GroupCommitWriter::answer(Written& written) {
  // Published before any caller is answered, so an acknowledged append is always visible.
  if (written.head > 0) notifier_->publish(written.head);
  const auto now = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < written.group.size(); ++i) {
    if (metrics_ != nullptr) {
      metrics_->record_outcome(written.outcomes[i]);
      metrics_->record_duration(now - written.group[i]->enqueued_at);
    }
    deliver(*written.group[i], std::move(written.outcomes[i]));
  }
}

void GroupCommitWriter::deliver(Pending& pending, AppendOutcome outcome) {
  // A callback that throws is the caller's bug; it must not take the writer down with it, nor
  // keep the rest of the group from its answers.
  try {
    pending.done(std::move(outcome));
  } catch (const std::exception& e) {
    observability::log_error("an append callback threw; ignored", {{"error", e.what()}});
  } catch (...) {
    observability::log_error("an append callback threw; ignored",
                             {{"error", "a non-standard exception"}});
  }
}

GroupCommitWriter::Written GroupCommitWriter::decide_and_write(
    const std::vector<std::unique_ptr<Pending>>& group) {
  GroupPlanner planner(db_, next_position_, to_timestamp(clock_.now()));
  Written written;
  written.outcomes.reserve(group.size());
  for (const auto& pending : group) written.outcomes.push_back(planner.add(pending->request));
  // A group of only refusals and replays changes nothing: no write, no fsync.
  if (planner.appended_requests() == 0) return written;

  // Refused before RocksDB meets a full disk (disk_reserve.hpp); the store then waits for space.
  if (auto shortfall = reserve_.shortfall()) throw std::runtime_error(*shortfall);
  // Never fsync'd here: with sync on, the syncer does it (run_syncer).
  check(db_.Write(rocksdb::WriteOptions(), &planner.batch()), "group commit");

  next_position_ = planner.next_position();
  written.appended_requests = planner.appended_requests();
  written.appended_events = planner.appended_events();
  written.head = next_position_ - 1;
  return written;
}

}  // namespace opsdesk::eventstore::detail
