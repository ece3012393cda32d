#pragma once
// Decides the requests of one commit group in order, each against the store as it will be
// after the earlier accepted requests of the same group (stream heads and idempotency keys),
// so a group behaves exactly like the same appends done one by one. Builds the group's one
// WriteBatch. Writes nothing itself: if the batch is never written, the plan is just dropped.

#include <google/protobuf/timestamp.pb.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <unordered_map>

#include "libs/eventstore/event_store.hpp"

namespace opsdesk::eventstore::detail {

using eventstore::AppendOutcome;

class GroupPlanner {
 public:
  // `db` must hold exactly what is committed (the writer is its only writer);
  // `next_position` is the first free log position.
  GroupPlanner(rocksdb::DB& db, std::uint64_t next_position,
               google::protobuf::Timestamp recorded_at);

  // The request's outcome, final unless the batch fails to be written. Accepted requests add
  // their events, stream head and idempotency record to the batch.
  AppendOutcome add(const AppendRequest& request);

  rocksdb::WriteBatch& batch() { return batch_; }
  std::size_t appended_requests() const { return appended_requests_; }
  std::size_t appended_events() const { return appended_events_; }
  // The first free position once the batch is written.
  std::uint64_t next_position() const { return next_position_; }

 private:
  std::uint64_t current_version(const std::string& stream_id);
  std::optional<IdempotencyRecord> find_key(const std::string& key);

  rocksdb::DB& db_;
  std::uint64_t next_position_;
  google::protobuf::Timestamp recorded_at_;
  rocksdb::WriteBatch batch_;
  // What this group has already decided, on top of what RocksDB holds.
  std::unordered_map<std::string, std::uint64_t> heads_;
  std::unordered_map<std::string, IdempotencyRecord> keys_;
  std::size_t appended_requests_ = 0;
  std::size_t appended_events_ = 0;
};

}  // namespace opsdesk::eventstore::detail
