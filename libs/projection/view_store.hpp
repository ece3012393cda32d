#pragma once
// A projection's RocksDB: its view, its feed checkpoints, the last applied version of every
// stream (for de-duplication) and the per-domain position watermarks (for read-your-writes),
// all changed together in one WriteBatch per delivered batch. A crash therefore never applies
// an event twice or skips one. The view can always be rebuilt from the events, so writes are
// not fsync'd (RocksDB's WAL still survives a killed process).

#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "libs/eventstore/disk_reserve.hpp"
#include "libs/projection/event_feed.hpp"
#include "libs/projection/position_watermark.hpp"
#include "libs/projection/projection.hpp"

namespace rocksdb {
class DB;
class WriteBatch;
}  // namespace rocksdb

namespace opsdesk::projection {

// RocksDB refused to write a batch (a full disk, say): nothing of it was applied.
class ViewStoreWriteFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ViewStore {
 public:
  // Opens (creating) the view at `path`. A view written by another schema version of the
  // projection is wiped first (the runtime then rebuilds it from the feed); see rebuilt_on_open().
  // Batches wait (ViewStoreWriteFailed) while the disk has less than `min_free_bytes` free
  // (see libs/eventstore/disk_reserve.hpp).
  static std::expected<std::unique_ptr<ViewStore>, std::string> open(
      const std::filesystem::path& path, const Projection& projection,
      std::uint64_t min_free_bytes = eventstore::kDefaultMinFreeBytes);
  ~ViewStore();

  bool rebuilt_on_open() const { return rebuilt_on_open_; }
  Checkpoints checkpoints() const;

  struct ApplyStats {
    std::size_t applied = 0;
    std::size_t duplicates = 0;
    // What the batch stored: each key once, with its last value or its deletion (bookkeeping
    // keys included).
    std::size_t keys_written = 0;
    std::size_t keys_erased = 0;
  };
  // Applies the batch through the projection, skipping events whose (stream, version) was
  // already applied, and stores checkpoints and watermarks with the changes.
  ApplyStats apply(const std::vector<FeedEvent>& batch, Projection& projection);

  // Everything forgotten: the view, checkpoints, versions, watermarks (a rebuild starts here).
  void reset();
  // For a rebuild from scratch (opsdesk replay): batches skip RocksDB's write-ahead log, which
  // would write every byte a second time, until flush() writes them to the view's files. A crash
  // meanwhile leaves the view as of its last flush, a prefix of its batches with their
  // checkpoints (one column family), from which the read model goes on or a replay starts over.
  void write_without_log() { write_ahead_log_ = false; }
  // Writes what the view holds in memory to its files.
  void flush();
  // After ViewStoreWriteFailed: asks RocksDB to resume writing (it does once the disk has
  // room); true once it has.
  bool try_resume();

  std::uint64_t watermark(const std::string& domain) const;
  // A digest of the view itself (not checkpoints or bookkeeping): two views built from the same
  // events have the same checksum, whatever their feeds, batches or crashes.
  std::string checksum() const;
  const ViewReader& reader() const { return *reader_; }

 private:
  ViewStore(std::unique_ptr<rocksdb::DB> db, std::string schema_tag,
            eventstore::DiskReserve reserve);
  void load_watermarks();
  void write_schema_tag();

  std::unique_ptr<rocksdb::DB> db_;
  // Cleared and refilled by each apply: its buffer (megabytes in a replay) is kept from one batch
  // to the next instead of being allocated and faulted in afresh for each.
  std::unique_ptr<rocksdb::WriteBatch> write_batch_;
  std::string schema_tag_;
  eventstore::DiskReserve reserve_;
  bool rebuilt_on_open_ = false;
  bool write_ahead_log_ = true;
  std::unique_ptr<ViewReader> reader_;
  mutable std::mutex watermarks_mutex_;
  std::map<std::string, PositionWatermark> watermarks_;
};

}  // namespace opsdesk::projection
