#pragma once
// A RocksDB event store: streams with optimistic concurrency, one global log (which is also the
// outbox the relay publishes from), and idempotency keys. An append returns only once its
// events are fsync'd; concurrent appends are group-committed (one WriteBatch per group, one
// fsync for every group written while the previous fsync ran; see group_commit_writer.hpp).
// Expected failures (conflicts, reused keys) are values, never exceptions.

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/core/clock.hpp"
#include "libs/core/instant.hpp"
#include "libs/observability/metrics.hpp"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"

namespace rocksdb {
class Env;
}

namespace opsdesk::eventstore {

using RecordedEvent = opsdesk::eventstore::v1::RecordedEvent;
using IdempotencyRecord = opsdesk::eventstore::v1::IdempotencyRecord;

// Versions and positions are 1-based: version 0 means "no stream", position 0 "empty log".
struct ExpectedVersion {
  enum class Kind { any, no_stream, exact };
  Kind kind = Kind::any;
  std::uint64_t version = 0;

  static ExpectedVersion any() { return {Kind::any, 0}; }
  static ExpectedVersion no_stream() { return {Kind::no_stream, 0}; }
  // exact(0) is the same as no_stream().
  static ExpectedVersion exact(std::uint64_t version) { return {Kind::exact, version}; }
};

struct NewEvent {
  std::string type;     // protobuf full name of the payload
  std::string payload;  // serialized protobuf
  core::Instant occurred_at;
};

struct EventMetadata {
  std::vector<std::string> tenants;  // empty = centre-wide
  std::string actor;
  std::string correlation_id;
  std::string causation_id;
};

struct IdempotencyKey {
  std::string key;  // caller-scoped, e.g. "<sub>:<Idempotency-Key header>"
  std::string
      fingerprint;  // identifies the request; the same key with another fingerprint is refused
};

// An aggregate's folded state in its own encoding. The store keeps the bytes without reading
// them; `schema` names the encoding and the folding code that made them (see StreamSnapshot).
struct EncodedState {
  std::string schema;  // not empty
  std::string bytes;
};

// A stream's state at one of its versions, kept beside the stream (one per stream, the latest
// written), so that a reader of a long stream folds only the events after `version`. Never a
// second source of truth: the events up to `version` never change, so it stays exact, and a
// reader that knows another schema (the state's code changed) folds the stream from its start.
struct StreamSnapshot {
  std::uint64_t version = 0;  // the stream's version the state is at
  EncodedState state;
};

struct AppendRequest {
  std::string stream_id;
  ExpectedVersion expected;
  std::vector<NewEvent> events;  // at least one
  EventMetadata metadata;
  std::optional<IdempotencyKey> idempotency;
  // The stream's state after these events: stored as its snapshot at the append's last version,
  // in the same atomic write as the events (so it can never be ahead of them).
  std::optional<EncodedState> snapshot;
};

struct AppendResult {
  std::string stream_id;
  std::uint64_t first_version = 0;
  std::uint64_t last_version = 0;
  std::uint64_t first_position = 0;
  std::uint64_t last_position = 0;
  bool replayed =
      false;  // the idempotency key was used before: nothing appended, first result returned
};

enum class errc {
  wrong_expected_version,  // actual_version says what the stream is at
  idempotency_key_reused,  // same key, different request fingerprint
  invalid_request,         // no events, empty stream id or type
  storage_failure,         // RocksDB refused the write; nothing was appended
  shutting_down,           // the store is closing; nothing was appended
};

struct AppendError {
  errc code;
  std::string message;
  std::uint64_t actual_version = 0;
};

using AppendOutcome = std::expected<AppendResult, AppendError>;
// Called exactly once with an append's outcome. It runs on the store's own thread (or, for a
// request refused before it was queued, on the caller's): it must return quickly and never
// block — hand real work to another thread.
using AppendCallback = std::function<void(AppendOutcome)>;

// The free space every RocksDB database keeps on its disk by default (disk_reserve.hpp).
inline constexpr std::uint64_t kDefaultMinFreeBytes = 64u << 20;

struct StoreOptions {
  std::filesystem::path path;
  // fsync every group commit. Only benchmarks measuring the non-durable path switch it off.
  bool sync = true;
  // Upper bound of appends folded into one group commit.
  std::size_t max_group_size = 1024;
  // Metrics for appends (counts, latency, group sizes); may be null.
  observability::Registry* metrics = nullptr;
  std::string metrics_store_label = "default";
  // Appends are refused (503) while the store's disk has less free space than this (see
  // disk_reserve.hpp); 0 turns the reserve off (tests of RocksDB's own full-disk handling).
  std::uint64_t min_free_bytes = kDefaultMinFreeBytes;
  // Tests only: the RocksDB environment the store reads and writes files through (to inject
  // disk failures); null: the default.
  rocksdb::Env* env = nullptr;
};

// Delivers log events in order on its own thread: first everything after the start position
// that is already in the log (catch-up), then each new event once it is durable (live).
// Destroying the subscription stops it and joins the thread.
class Subscription {
 public:
  virtual ~Subscription() = default;
  // Position of the last event handed to the callback (the start position before any).
  virtual std::uint64_t position() const = 0;
};

class EventStore {
 public:
  // Opens (creating if needed) the store at options.path. The error text says why it failed.
  static std::expected<std::unique_ptr<EventStore>, std::string> open(StoreOptions options,
                                                                      const core::Clock& clock);
  virtual ~EventStore() = default;

  // Blocks until the events are durable (or refused). Thread-safe.
  virtual AppendOutcome append(AppendRequest request) = 0;
  // Queues the append and returns at once; `done` gets the same outcome append() would have
  // returned, once the events are durable (or refused). For callers that must not hold a
  // thread through the fsync (an HTTP request answered from the callback). Thread-safe.
  virtual void append_async(AppendRequest request, AppendCallback done) = 0;

  virtual std::uint64_t stream_version(std::string_view stream_id) const = 0;
  virtual std::vector<RecordedEvent> read_stream(std::string_view stream_id,
                                                 std::uint64_t from_version = 1,
                                                 std::size_t max_count = SIZE_MAX) const = 0;
  // Events with log position >= from_position, in log order.
  virtual std::vector<RecordedEvent> read_log(std::uint64_t from_position,
                                              std::size_t max_count) const = 0;
  // Last durable position; 0 when the log is empty.
  virtual std::uint64_t head_position() const = 0;
  // Why the store refuses every append from now on (an fsync failed, so whether the last
  // events are stored is unknown until a restart recovers the log), or nothing while it is
  // healthy. Thread-safe; for readiness.
  virtual std::optional<std::string> failure() const = 0;
  // Why the store refuses appends for now (RocksDB could not write: a full disk, say), or
  // nothing. Reads go on; the store asks RocksDB to resume every second and accepts appends
  // again once it has, without a restart. Thread-safe; for readiness.
  virtual std::optional<std::string> unavailable() const = 0;
  virtual std::optional<IdempotencyRecord> find_idempotency_key(std::string_view key) const = 0;
  // Waits until head_position() >= position; false if the deadline passed first.
  virtual bool wait_for_position(std::uint64_t position,
                                 std::chrono::steady_clock::time_point deadline) const = 0;
  // Calls on_event for every event after `after_position` (0 = from the start), in log order.
  virtual std::unique_ptr<Subscription> subscribe(
      std::uint64_t after_position, std::function<void(const RecordedEvent&)> on_event) = 0;

  // Small named values that belong beside the log but never in it, e.g. an outbox relay's
  // acknowledged cursor. Kept under their own key prefix; write_meta is one fsync'd put, so a
  // value read back after a crash is one that write_meta returned for. Thread-safe.
  virtual std::optional<std::string> read_meta(std::string_view key) const = 0;
  // The error text says why RocksDB refused the write (or that the key is empty).
  virtual std::expected<void, std::string> write_meta(std::string_view key,
                                                      std::string_view value) = 0;

  // The stream's latest snapshot, if one was written (and is readable: a damaged record reads
  // as none, since the stream's events say the same). Thread-safe.
  virtual std::optional<StreamSnapshot> read_snapshot(std::string_view stream_id) const = 0;
  // Keeps `snapshot` as the stream's, unless the stream is not at its version yet (refused:
  // a snapshot is never ahead of its events) or a snapshot at a later version is kept already
  // (nothing to do). Not fsync'd: a snapshot lost in a crash is folded again. For a reader that
  // folded a long stream; an append carries its own (AppendRequest::snapshot). Thread-safe.
  virtual std::expected<void, std::string> write_snapshot(std::string_view stream_id,
                                                          const StreamSnapshot& snapshot) = 0;
};

}  // namespace opsdesk::eventstore
