#pragma once
// The store's single writer thread. Appends queue up here; the thread takes every pending
// request (up to max_group_size), decides them in order and writes ONE WriteBatch. It is the
// only code that writes to RocksDB, and no caller is answered before the batch holding its
// events is durable.
//
// With sync on, durability is pipelined: the writer writes a group without waiting for the disk
// and hands it to a second thread, the syncer, which fsyncs the WAL (DB::SyncWAL) for every
// group written so far, publishes the new head and only then answers those groups' callers.
// Meanwhile the writer already decides and writes the next group: the fsync (I/O wait) overlaps
// with the CPU work of the next group instead of stalling it. The WAL is one sequential file,
// so a crash keeps a prefix of it: a group decided on an earlier group's not-yet-synced events
// is acknowledged only after a sync that covers both.

#include <rocksdb/db.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "libs/core/clock.hpp"
#include "libs/eventstore/append_metrics.hpp"
#include "libs/eventstore/commit_notifier.hpp"
#include "libs/eventstore/disk_reserve.hpp"
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
                    std::shared_ptr<CommitNotifier> notifier, AppendMetrics* metrics,
                    DiskReserve reserve);
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues the request (which must already be validated) and takes `done`, which the syncer
  // (or the writer, when sync is off) calls once the group holding the request is durable or
  // refused. When the store is closing or broken, nothing is queued, `done` is left with the
  // caller and the refusal is returned.
  std::optional<AppendError> submit(AppendRequest request, AppendCallback& done);
  // Finishes every request queued so far, then ends the thread; later submits get
  // shutting_down. Idempotent.
  void stop();
  // Why the store refuses appends for good (a failed fsync), or nothing. Thread-safe.
  std::optional<std::string> broken() const;
  // Why the store refuses appends for now (RocksDB refused a write: a full disk, say), or
  // nothing. The writer asks RocksDB to resume every second and accepts appends again once it
  // has. Thread-safe.
  std::optional<std::string> unavailable() const;

 private:
  struct Pending {
    AppendRequest request;
    std::chrono::steady_clock::time_point enqueued_at;
    AppendCallback done;
  };

  // A group written to RocksDB (without fsync) whose callers wait for the syncer.
  struct Written {
    std::vector<std::unique_ptr<Pending>> group;
    std::vector<AppendOutcome> outcomes;
    std::size_t appended_requests = 0;
    std::size_t appended_events = 0;
    std::uint64_t head = 0;  // the log's last position once this group is durable
  };

  void run();
  void commit(std::vector<std::unique_ptr<Pending>>& group);
  // While unavailable: asks RocksDB to resume (DB::Resume, which flushes what it holds and
  // starts a new WAL) once the disk has its reserve; appends are accepted again once it has.
  void try_resume();
  // Decides the group and writes it, without fsync; throws if RocksDB refuses (then nothing
  // was appended).
  Written decide_and_write(const std::vector<std::unique_ptr<Pending>>& group);
  void run_syncer();
  // Answers every caller of the group (after publishing its head when it appended anything).
  void answer(Written& written);
  static void deliver(Pending& pending, AppendOutcome outcome);

  bool pipelined() const { return options_.sync; }

  rocksdb::DB& db_;
  const core::Clock& clock_;
  const DiskReserve reserve_;
  Options options_;
  std::shared_ptr<CommitNotifier> notifier_;
  AppendMetrics* metrics_;
  std::uint64_t next_position_;  // writer thread only; advances only after a durable write

  mutable std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<std::unique_ptr<Pending>> queue_;  // guarded by mutex_
  bool stopping_ = false;                       // guarded by mutex_

  std::mutex sync_mutex_;
  std::condition_variable written_;
  std::deque<Written> unsynced_;  // guarded by sync_mutex_
  bool writer_done_ = false;      // guarded by sync_mutex_
  // Set by the syncer when an fsync failed: every later append is refused (guarded by mutex_).
  std::string broken_;
  // Set by the writer when RocksDB refused a write, cleared when it resumed (guarded by mutex_).
  std::string unavailable_;

  // Last: they start once everything above exists. The syncer runs only when pipelined.
  std::thread syncer_;
  std::thread thread_;
};

}  // namespace opsdesk::eventstore::detail
