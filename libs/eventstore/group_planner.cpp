// Per-group decisions of the writer: idempotency, expected version, versions and positions,
// and the WriteBatch (see group_planner.hpp).

#include "libs/eventstore/group_planner.hpp"

#include <stdexcept>

#include "libs/core/uuid.hpp"
#include "libs/eventstore/envelope.hpp"
#include "libs/eventstore/key_layout.hpp"
#include "libs/eventstore/rocksdb_access.hpp"

namespace opsdesk::eventstore::detail {

namespace {

bool version_matches(const ExpectedVersion& expected, std::uint64_t current) {
  switch (expected.kind) {
    case ExpectedVersion::Kind::any:
      return true;
    case ExpectedVersion::Kind::no_stream:
      return current == 0;
    case ExpectedVersion::Kind::exact:
      return current == expected.version;
  }
  return false;
}

std::string describe(const ExpectedVersion& expected) {
  switch (expected.kind) {
    case ExpectedVersion::Kind::any:
      return "any version";
    case ExpectedVersion::Kind::no_stream:
      return "no stream";
    case ExpectedVersion::Kind::exact:
      return "version " + std::to_string(expected.version);
  }
  return "?";
}

std::string serialize(const google::protobuf::MessageLite& message) {
  std::string out;
  if (!message.SerializeToString(&out))
    throw std::runtime_error("event store: cannot serialize a record");
  return out;
}

void put(rocksdb::WriteBatch& batch, const std::string& key, const std::string& value) {
  check(batch.Put(key, value), "batch put");
}

}  // namespace

GroupPlanner::GroupPlanner(rocksdb::DB& db, std::uint64_t next_position,
                           google::protobuf::Timestamp recorded_at)
    : db_(db), next_position_(next_position), recorded_at_(std::move(recorded_at)) {}

std::uint64_t GroupPlanner::current_version(const std::string& stream_id) {
  if (auto it = heads_.find(stream_id); it != heads_.end()) return it->second;
  return read_stream_head(db_, stream_id);
}

std::optional<IdempotencyRecord> GroupPlanner::find_key(const std::string& key) {
  if (auto it = keys_.find(key); it != keys_.end()) return it->second;
  return read_idempotency_record(db_, key);
}

AppendOutcome GroupPlanner::add(const AppendRequest& request) {
  // The key comes first: a retry must get its first answer even if the stream moved on since.
  if (request.idempotency) {
    if (auto record = find_key(request.idempotency->key)) {
      if (record->fingerprint() != request.idempotency->fingerprint) {
        return std::unexpected(AppendError{errc::idempotency_key_reused,
                                           "idempotency key \"" + request.idempotency->key +
                                               "\" was already used for a different request"});
      }
      return AppendResult{record->stream_id(),      record->first_version(), record->last_version(),
                          record->first_position(), record->last_position(), true};
    }
  }

  const std::uint64_t current = current_version(request.stream_id);
  if (!version_matches(request.expected, current)) {
    return std::unexpected(AppendError{errc::wrong_expected_version,
                                       "stream " + request.stream_id + " is at version " +
                                           std::to_string(current) + ", expected " +
                                           describe(request.expected),
                                       current});
  }

  const std::uint64_t count = request.events.size();
  AppendResult result{request.stream_id,          current + 1, current + count, next_position_,
                      next_position_ + count - 1, false};
  for (std::uint64_t i = 0; i < count; ++i) {
    const EnvelopeNumbers numbers{result.first_version + i, result.first_position + i};
    auto envelope = make_envelope(core::new_uuid_v7(), request.stream_id, numbers,
                                  request.events[i], request.metadata, recorded_at_);
    put(batch_, log_key(numbers.log_position), serialize(envelope));
    put(batch_, stream_index_key(request.stream_id, numbers.stream_version),
        encode_u64(numbers.log_position));
  }
  put(batch_, head_key(request.stream_id), encode_u64(result.last_version));
  heads_[request.stream_id] = result.last_version;
  if (request.snapshot) {
    put(batch_, snapshot_key(request.stream_id),
        serialize_snapshot({result.last_version, *request.snapshot}));
  }

  if (request.idempotency) {
    IdempotencyRecord record;
    record.set_fingerprint(request.idempotency->fingerprint);
    record.set_stream_id(result.stream_id);
    record.set_first_version(result.first_version);
    record.set_last_version(result.last_version);
    record.set_first_position(result.first_position);
    record.set_last_position(result.last_position);
    put(batch_, idempotency_key(request.idempotency->key), serialize(record));
    keys_[request.idempotency->key] = std::move(record);
  }

  next_position_ += count;
  ++appended_requests_;
  appended_events_ += count;
  return result;
}

}  // namespace opsdesk::eventstore::detail
