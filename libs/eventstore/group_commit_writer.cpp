// Queue, thread and commit loop of the single writer (see group_commit_writer.hpp).

#include "libs/eventstore/group_commit_writer.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "libs/eventstore/envelope.hpp"
#include "libs/eventstore/rocksdb_access.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::eventstore::detail {

namespace {

GroupCommitWriter::Options normalized(GroupCommitWriter::Options options) {
  options.max_group_size = std::max<std::size_t>(options.max_group_size, 1);
  return options;
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(rocksdb::DB& db, const core::Clock& clock, Options options,
                                     std::shared_ptr<CommitNotifier> notifier,
                                     AppendMetrics* metrics)
    : db_(db),
      clock_(clock),
      options_(normalized(options)),
      notifier_(std::move(notifier)),
      metrics_(metrics),
      next_position_(notifier_->head() + 1),
      thread_([this] { run(); }) {}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

AppendOutcome GroupCommitWriter::submit(AppendRequest request) {
  auto pending = std::make_unique<Pending>(
      Pending{std::move(request), std::chrono::steady_clock::now(), std::promise<AppendOutcome>()});
  // Only the future stays with the caller: the writer owns (and frees) the Pending.
  auto done = pending->done.get_future();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return std::unexpected(
          AppendError{errc::shutting_down, "the event store is closing; nothing was appended"});
    }
    queue_.push_back(std::move(pending));
  }
  queued_.notify_one();
  return done.get();
}

void GroupCommitWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void GroupCommitWriter::run() {
  std::vector<std::unique_ptr<Pending>> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
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
  std::vector<AppendOutcome> outcomes;
  try {
    outcomes = decide_and_write(group);
  } catch (const std::exception& e) {
    // Nothing of the group reached RocksDB and next_position_ did not move: the plan (heads,
    // keys, positions) is dropped, so the next group starts from the durable state again.
    observability::log_error("event store commit failed; the whole group is refused",
                             {{"error", e.what()}, {"appends", group.size()}});
    outcomes.assign(
        group.size(),
        AppendOutcome(std::unexpect, AppendError{errc::storage_failure,
                                                 std::string("the event store could not write: ") +
                                                     e.what() + "; nothing was appended"}));
  }

  const auto now = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (metrics_ != nullptr) {
      metrics_->record_outcome(outcomes[i]);
      metrics_->record_duration(now - group[i]->enqueued_at);
    }
    group[i]->done.set_value(std::move(outcomes[i]));
  }
}

std::vector<AppendOutcome> GroupCommitWriter::decide_and_write(
    const std::vector<std::unique_ptr<Pending>>& group) {
  GroupPlanner planner(db_, next_position_, to_timestamp(clock_.now()));
  std::vector<AppendOutcome> outcomes;
  outcomes.reserve(group.size());
  for (const auto& pending : group) outcomes.push_back(planner.add(pending->request));
  // A group of only refusals and replays changes nothing: no write, no fsync.
  if (planner.appended_requests() == 0) return outcomes;

  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  check(db_.Write(write_options, &planner.batch()), "group commit");

  next_position_ = planner.next_position();
  // Published before any caller is answered, so an acknowledged append is always visible.
  notifier_->publish(next_position_ - 1);
  if (metrics_ != nullptr)
    metrics_->record_commit(planner.appended_requests(), planner.appended_events());
  return outcomes;
}

}  // namespace opsdesk::eventstore::detail
