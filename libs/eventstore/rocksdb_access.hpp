#pragma once
// Small helpers over the RocksDB API for the store's reads: a missing key is a value
// (nullopt), anything else RocksDB reports (I/O error, corruption) is an exception, since it
// means the store is gone or damaged, not that the caller did something wrong.

#include <rocksdb/db.h>

#include <optional>
#include <string>
#include <string_view>

#include "libs/eventstore/event_store.hpp"

namespace opsdesk::eventstore::detail {

// Throws std::runtime_error naming `what` unless the status is ok.
void check(const rocksdb::Status& status, std::string_view what);

std::optional<std::string> get_value(rocksdb::DB& db, const std::string& key);

// The stream's current version from its head record; 0 when the stream does not exist.
std::uint64_t read_stream_head(rocksdb::DB& db, std::string_view stream_id);
std::optional<IdempotencyRecord> read_idempotency_record(rocksdb::DB& db, std::string_view key);
RecordedEvent parse_recorded_event(const std::string& bytes, std::uint64_t position);

// A snapshot record's bytes and back; a record that does not parse reads as none.
std::string serialize_snapshot(const StreamSnapshot& snapshot);
std::optional<StreamSnapshot> parse_snapshot(const std::string& bytes);

}  // namespace opsdesk::eventstore::detail
