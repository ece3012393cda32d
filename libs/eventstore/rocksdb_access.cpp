// RocksDB read helpers shared by the writer and the store's readers (see rocksdb_access.hpp).

#include "libs/eventstore/rocksdb_access.hpp"

#include <stdexcept>

#include "libs/eventstore/key_layout.hpp"

namespace opsdesk::eventstore::detail {

void check(const rocksdb::Status& status, std::string_view what) {
  if (!status.ok())
    throw std::runtime_error("event store: " + std::string(what) + ": " + status.ToString());
}

std::optional<std::string> get_value(rocksdb::DB& db, const std::string& key) {
  std::string value;
  auto status = db.Get(rocksdb::ReadOptions(), key, &value);
  if (status.IsNotFound()) return std::nullopt;
  check(status, "read");
  return value;
}

std::uint64_t read_stream_head(rocksdb::DB& db, std::string_view stream_id) {
  auto value = get_value(db, head_key(stream_id));
  if (!value) return 0;
  auto version = decode_u64(*value);
  if (!version)
    throw std::runtime_error("event store: corrupted head of stream " + std::string(stream_id));
  return *version;
}

std::optional<IdempotencyRecord> read_idempotency_record(rocksdb::DB& db, std::string_view key) {
  auto value = get_value(db, idempotency_key(key));
  if (!value) return std::nullopt;
  IdempotencyRecord record;
  if (!record.ParseFromString(*value)) {
    throw std::runtime_error("event store: corrupted idempotency record " + std::string(key));
  }
  return record;
}

RecordedEvent parse_recorded_event(const std::string& bytes, std::uint64_t position) {
  RecordedEvent event;
  if (!event.ParseFromString(bytes)) {
    throw std::runtime_error("event store: corrupted log entry at position " +
                             std::to_string(position));
  }
  return event;
}

std::string serialize_snapshot(const StreamSnapshot& snapshot) {
  v1::StreamSnapshot record;
  record.set_version(snapshot.version);
  record.set_schema(snapshot.state.schema);
  record.set_state(snapshot.state.bytes);
  std::string out;
  if (!record.SerializeToString(&out))
    throw std::runtime_error("event store: cannot serialize a snapshot");
  return out;
}

std::optional<StreamSnapshot> parse_snapshot(const std::string& bytes) {
  v1::StreamSnapshot record;
  if (!record.ParseFromString(bytes) || record.version() == 0) return std::nullopt;
  return StreamSnapshot{record.version(),
                        {std::move(*record.mutable_schema()), std::move(*record.mutable_state())}};
}

}  // namespace opsdesk::eventstore::detail
