#pragma once
// The store's single writer thread. Appends queue up here; the thread takes every pending
// request (up to max_group_size), decides them in order, writes ONE WriteBatch with one fsync,
// publishes the new head and only then answers each caller. It is the only code that writes
// to RocksDB, and it never answers a caller before the batch holding its events is durable.

#include <rocksdb/db.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "libs/core/clock.hpp"
#include "libs/eventstore/append_metrics.hpp"
#include "libs/eventstore/commit_notifier.hpp"
#include "libs/eventstore/group_planner.hpp"

namespace opsdesk::eventstore::detail {

class GroupCommitWriter {
 public:
  struct Options {
    bool sync = true;
    std::size_t max_group_size = 1024;
  };

  // Starts the thread. The next log position is the notifier's head + 1. `metrics` may be null.
  GroupCommitWriter(rocksdb::DB& db, const core::Clock& clock, Options options,
                    std::shared_ptr<CommitNotifier> notifier, AppendMetrics* metrics);
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Blocks until the request is durable or refused. The request must already be validated.
  AppendOutcome submit(AppendRequest request);
  // Finishes every request queued so far, then ends the thread; later submits get
  // shutting_down. Idempotent.
  void stop();

 private:
  struct Pending {
    AppendRequest request;
    std::chrono::steady_clock::time_point enqueued_at;
    std::promise<AppendOutcome> done;
  };

  void run();
  void commit(std::vector<std::unique_ptr<Pending>>& group);
  // Decides the group and writes it; throws if RocksDB refuses (then nothing was appended).
  std::vector<AppendOutcome> decide_and_write(const std::vector<std::unique_ptr<Pending>>& group);

  rocksdb::DB& db_;
  const core::Clock& clock_;
  Options options_;
  std::shared_ptr<CommitNotifier> notifier_;
  AppendMetrics* metrics_;
  std::uint64_t next_position_;  // writer thread only; advances only after a durable write

  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<std::unique_ptr<Pending>> queue_;  // guarded by mutex_
  bool stopping_ = false;                       // guarded by mutex_
  std::thread thread_;                          // last: starts once everything above exists
};

}  // namespace opsdesk::eventstore::detail
