// The EventStore over RocksDB: opening and recovery, request validation, and the readers.
// Appends go to the single GroupCommitWriter; readers go straight to RocksDB, where only the
// writer's fsync'd batches ever land. Closing finishes queued appends, stops subscriptions,
// then closes RocksDB, in that order.

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <future>
#include <limits>
#include <stdexcept>
#include <utility>

#include "libs/eventstore/append_metrics.hpp"
#include "libs/eventstore/commit_notifier.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/eventstore/group_commit_writer.hpp"
#include "libs/eventstore/key_layout.hpp"
#include "libs/eventstore/log_subscription.hpp"
#include "libs/eventstore/rocksdb_access.hpp"
#include "libs/eventstore/rocksdb_log.hpp"
#include "libs/eventstore/rocksdb_open.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::eventstore {

namespace {

using detail::AppendOutcome;

std::optional<AppendError> validate(const AppendRequest& request) {
  auto invalid = [](std::string message) {
    return AppendError{errc::invalid_request, std::move(message)};
  };
  if (request.stream_id.empty()) return invalid("stream_id must not be empty");
  if (request.events.empty()) return invalid("an append needs at least one event");
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    if (request.events[i].type.empty())
      return invalid("events[" + std::to_string(i) + "].type must not be empty");
  }
  if (request.idempotency && request.idempotency->key.empty())
    return invalid("the idempotency key must not be empty");
  if (request.snapshot && request.snapshot->schema.empty())
    return invalid("a snapshot needs the schema of its state");
  return std::nullopt;
}

rocksdb::Options db_options(rocksdb::Env* env, const std::string& path) {
  rocksdb::Options options;
  if (env != nullptr) options.env = env;
  options.create_if_missing = true;
  options.info_log = structured_rocksdb_log(path);
  // The WAL is the durability: every group is fsync'd there before anyone is answered. After
  // a crash, replay it up to the torn tail of the write that was in flight; every batch
  // before that tail was acknowledged and is intact.
  options.manual_wal_flush = false;
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  // Appends are small and sequential: a larger memtable means fewer flushes and fewer files.
  options.write_buffer_size = 32 << 20;
  options.max_background_jobs = 2;
  // Every append reads its stream's head, and a new stream's head is a key that exists
  // nowhere: bloom filters (in the memtable and in every table file) answer that miss without
  // searching the memtable's skip list or reading index blocks.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.memtable_whole_key_filtering = true;
  options.memtable_prefix_bloom_size_ratio = 0.02;
  // Within each record kind (the key's first byte) keys arrive in nearly ascending order: log
  // positions strictly, stream heads and indexes by their UUIDv7 ids. A per-kind insert hint
  // lets the memtable start each insert where the last one of its kind went, instead of
  // searching the skip list from the top; that search was the writer thread's largest cost.
  options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  return options;
}

// The last log key is the head: log keys are big-endian positions under one prefix.
std::uint64_t recover_head(rocksdb::DB& db) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions()));
  it->SeekForPrev(detail::log_key(std::numeric_limits<std::uint64_t>::max()));
  std::uint64_t head = 0;
  if (it->Valid()) head = detail::position_of_log_key(it->key().ToStringView()).value_or(0);
  detail::check(it->status(), "recover the head position");
  return head;
}

class RocksEventStore final : public EventStore {
 public:
  RocksEventStore(StoreOptions options, const core::Clock& clock, std::unique_ptr<rocksdb::DB> db,
                  std::uint64_t head)
      : options_(std::move(options)),
        db_(std::move(db)),
        notifier_(std::make_shared<detail::CommitNotifier>(head)),
        metrics_(options_.metrics == nullptr
                     ? nullptr
                     : std::make_unique<detail::AppendMetrics>(
                           *options_.metrics, options_.metrics_store_label, notifier_)),
        writer_(std::make_unique<detail::GroupCommitWriter>(
            *db_, clock, detail::GroupCommitWriter::Options{options_.sync, options_.max_group_size},
            notifier_, metrics_.get(),
            DiskReserve(options_.env, options_.path.string(), options_.min_free_bytes))) {}

  ~RocksEventStore() override {
    writer_->stop();
    notifier_->close_and_wait_for_threads();
    writer_.reset();
    auto status = db_->Close();
    if (!status.ok()) {
      observability::log_error("event store did not close cleanly",
                               {{"path", options_.path.string()}, {"error", status.ToString()}});
    }
  }

  AppendOutcome append(AppendRequest request) override {
    std::promise<AppendOutcome> answered;
    auto outcome = answered.get_future();
    append_async(std::move(request),
                 [&answered](AppendOutcome result) { answered.set_value(std::move(result)); });
    return outcome.get();
  }

  void append_async(AppendRequest request, AppendCallback done) override {
    if (auto error = validate(request)) {
      AppendOutcome refused = std::unexpected(std::move(*error));
      if (metrics_ != nullptr) metrics_->record_outcome(refused);
      done(std::move(refused));
      return;
    }
    if (auto refused = writer_->submit(std::move(request), done)) {
      // Refused at the door (closing, or broken by a failed fsync): the writer never saw it.
      AppendOutcome outcome = std::unexpected(std::move(*refused));
      if (metrics_ != nullptr) metrics_->record_outcome(outcome);
      done(std::move(outcome));
    }
  }

  std::uint64_t stream_version(std::string_view stream_id) const override {
    return detail::read_stream_head(*db_, stream_id);
  }

  std::vector<RecordedEvent> read_stream(std::string_view stream_id, std::uint64_t from_version,
                                         std::size_t max_count) const override {
    // Versions are dense (1..head), so the index keys are known without an iterator: two
    // MultiGets instead of building a RocksDB iterator, which dominated short-stream reads.
    const std::uint64_t first = std::max<std::uint64_t>(from_version, 1);
    const std::uint64_t head = detail::read_stream_head(*db_, stream_id);
    if (head < first || max_count == 0) return {};
    const std::uint64_t last =
        std::min<std::uint64_t>(head, first - 1 + std::min<std::uint64_t>(max_count, head));
    std::vector<std::string> index_keys;
    index_keys.reserve(last - first + 1);
    for (std::uint64_t version = first; version <= last; ++version) {
      index_keys.push_back(detail::stream_index_key(stream_id, version));
    }
    std::vector<rocksdb::Slice> index_slices(index_keys.begin(), index_keys.end());
    std::vector<std::string> index_values;
    auto index_statuses = db_->MultiGet(rocksdb::ReadOptions(), index_slices, &index_values);
    std::vector<std::string> log_keys;
    std::vector<std::uint64_t> positions;
    log_keys.reserve(index_values.size());
    positions.reserve(index_values.size());
    for (std::size_t i = 0; i < index_values.size(); ++i) {
      detail::check(index_statuses[i], "read stream index");
      auto position = detail::decode_u64(index_values[i]);
      if (!position)
        throw std::runtime_error("event store: corrupted index of stream " +
                                 std::string(stream_id));
      positions.push_back(*position);
      log_keys.push_back(detail::log_key(*position));
    }

    // Log entries are never deleted, so every indexed position is there.
    std::vector<rocksdb::Slice> keys(log_keys.begin(), log_keys.end());
    std::vector<std::string> values;
    auto statuses = db_->MultiGet(rocksdb::ReadOptions(), keys, &values);
    std::vector<RecordedEvent> events;
    events.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      detail::check(statuses[i], "read log entry " + std::to_string(positions[i]));
      events.push_back(detail::parse_recorded_event(values[i], positions[i]));
    }
    return events;
  }

  std::vector<RecordedEvent> read_log(std::uint64_t from_position,
                                      std::size_t max_count) const override {
    // Capped at the published head, so a log reader never runs ahead of wait_for_position().
    const std::uint64_t head = notifier_->head();
    from_position = std::max<std::uint64_t>(from_position, 1);
    std::vector<RecordedEvent> events;
    if (from_position > head || max_count == 0) return events;
    const std::string upper = detail::log_key(head + 1);
    rocksdb::Slice upper_bound(upper);
    rocksdb::ReadOptions read_options;
    read_options.iterate_upper_bound = &upper_bound;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options));
    for (it->Seek(detail::log_key(from_position)); it->Valid() && events.size() < max_count;
         it->Next()) {
      auto position = detail::position_of_log_key(it->key().ToStringView());
      if (!position) break;
      events.push_back(detail::parse_recorded_event(it->value().ToString(), *position));
    }
    detail::check(it->status(), "read log");
    return events;
  }

  std::uint64_t head_position() const override { return notifier_->head(); }
  std::optional<std::string> failure() const override { return writer_->broken(); }
  std::optional<std::string> unavailable() const override { return writer_->unavailable(); }

  std::optional<IdempotencyRecord> find_idempotency_key(std::string_view key) const override {
    return detail::read_idempotency_record(*db_, key);
  }

  bool wait_for_position(std::uint64_t position,
                         std::chrono::steady_clock::time_point deadline) const override {
    return notifier_->wait_for_position(position, deadline);
  }

  std::unique_ptr<Subscription> subscribe(
      std::uint64_t after_position, std::function<void(const RecordedEvent&)> on_event) override {
    return std::make_unique<detail::LogSubscription>(
        *this, notifier_, after_position, std::move(on_event), options_.metrics_store_label);
  }

  std::optional<std::string> read_meta(std::string_view key) const override {
    return detail::get_value(*db_, detail::meta_key(key));
  }

  std::expected<void, std::string> write_meta(std::string_view key,
                                              std::string_view value) override {
    if (key.empty()) return std::unexpected(std::string("the metadata key must not be empty"));
    // fsync'd whatever options_.sync says: metadata is written seldom (a relay batches its
    // cursor), and a value that is lost in a crash means work done twice (events published
    // again) after every restart.
    rocksdb::WriteOptions write_options;
    write_options.sync = true;
    auto status =
        db_->Put(write_options, detail::meta_key(key), rocksdb::Slice(value.data(), value.size()));
    if (!status.ok()) {
      return std::unexpected("cannot write metadata '" + std::string(key) +
                             "': " + status.ToString());
    }
    return {};
  }

  std::optional<StreamSnapshot> read_snapshot(std::string_view stream_id) const override {
    auto value = detail::get_value(*db_, detail::snapshot_key(stream_id));
    if (!value) return std::nullopt;
    auto snapshot = detail::parse_snapshot(*value);
    if (!snapshot) {
      observability::log_warn(
          "unreadable stream snapshot ignored; the stream is folded instead",
          {{"path", options_.path.string()}, {"stream", std::string(stream_id)}});
    }
    return snapshot;
  }

  std::expected<void, std::string> write_snapshot(std::string_view stream_id,
                                                  const StreamSnapshot& snapshot) override {
    const std::string name(stream_id);
    if (snapshot.state.schema.empty())
      return std::unexpected("the snapshot of stream " + name + " names no schema");
    const std::uint64_t head = detail::read_stream_head(*db_, stream_id);
    if (snapshot.version == 0 || snapshot.version > head) {
      return std::unexpected("the snapshot of stream " + name + " is at version " +
                             std::to_string(snapshot.version) + " but the stream is at " +
                             std::to_string(head));
    }
    // Another writer (an append carrying its snapshot) may have kept a later one meanwhile;
    // losing that race only means keeping the older, still exact, snapshot.
    if (auto kept = read_snapshot(stream_id); kept && kept->version >= snapshot.version) return {};
    auto status = db_->Put(rocksdb::WriteOptions(), detail::snapshot_key(stream_id),
                           detail::serialize_snapshot(snapshot));
    if (!status.ok())
      return std::unexpected("cannot write the snapshot of stream " + name + ": " +
                             status.ToString());
    return {};
  }

 private:
  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::shared_ptr<detail::CommitNotifier> notifier_;
  std::unique_ptr<detail::AppendMetrics> metrics_;
  std::unique_ptr<detail::GroupCommitWriter> writer_;
};

}  // namespace

std::expected<std::unique_ptr<EventStore>, std::string> EventStore::open(StoreOptions options,
                                                                         const core::Clock& clock) {
  if (options.path.empty()) return std::unexpected("the event store path is empty");
  std::error_code error;
  std::filesystem::create_directories(options.path, error);
  if (error) {
    return std::unexpected("cannot create the event store directory " + options.path.string() +
                           ": " + error.message());
  }
  rocksdb::DB* raw = nullptr;
  auto status = rocksdb::DB::Open(db_options(options.env, options.path.string()),
                                  options.path.string(), &raw);
  if (!status.ok()) {
    return std::unexpected(describe_open_failure("the event store", options.path, status));
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  std::uint64_t head = 0;
  try {
    head = recover_head(*db);
  } catch (const std::exception& e) {
    return std::unexpected(std::string(e.what()) + " (" + options.path.string() + ")");
  }
  return std::make_unique<RocksEventStore>(std::move(options), clock, std::move(db), head);
}

}  // namespace opsdesk::eventstore
