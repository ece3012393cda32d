#include "libs/projection/view_store.hpp"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <charconv>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "libs/eventstore/rocksdb_log.hpp"
#include "libs/eventstore/rocksdb_open.hpp"

namespace opsdesk::projection {

namespace {

// Key layout (one column family):
//   m:schema                     -> "<projection name>@<schema version>"
//   c:<checkpoint key>           -> next offset (decimal)
//   s:<stream id>                -> last applied stream version (decimal)
//   w:<domain>                   -> position watermark (decimal)
//   p:<domain>\0<position, 8 bytes big-endian> -> "" (applied above the watermark)
//   v:<projection's own key>     -> the projection's value
constexpr std::string_view kSchemaKey = "m:schema";
constexpr std::string_view kCheckpointPrefix = "c:";
constexpr std::string_view kStreamPrefix = "s:";
constexpr std::string_view kWatermarkPrefix = "w:";
constexpr std::string_view kPendingPrefix = "p:";
constexpr std::string_view kViewPrefix = "v:";

void check(const rocksdb::Status& status, const char* what) {
  if (!status.ok())
    throw std::runtime_error(std::string("projection view store: ") + what + ": " +
                             status.ToString());
}

std::string number_text(std::uint64_t n) { return std::to_string(n); }

std::uint64_t parse_number(std::string_view text) {
  std::uint64_t n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

std::string pending_key(const std::string& domain, std::uint64_t position) {
  std::string key(kPendingPrefix);
  key += domain;
  key += '\0';
  for (int shift = 56; shift >= 0; shift -= 8) key += static_cast<char>((position >> shift) & 0xff);
  return key;
}

bool starts_with(const rocksdb::Slice& key, std::string_view prefix) {
  return key.size() >= prefix.size() && std::string_view(key.data(), prefix.size()) == prefix;
}

void scan_db(rocksdb::Iterator& it, std::string_view prefix,
             const std::function<bool(std::string_view, std::string_view)>& visit,
             std::string_view from = {}) {
  const std::string start = std::string(prefix) + std::string(from);
  for (it.Seek(start); it.Valid() && starts_with(it.key(), prefix); it.Next()) {
    std::string_view key(it.key().data() + prefix.size(), it.key().size() - prefix.size());
    if (!visit(key, std::string_view(it.value().data(), it.value().size()))) break;
  }
  check(it.status(), "scan");
}

// Committed view state, for queries.
class DbReader final : public ViewReader {
 public:
  explicit DbReader(rocksdb::DB& db) : db_(db) {}
  std::optional<std::string> get(std::string_view key) const override {
    std::string value;
    auto status =
        db_.Get(rocksdb::ReadOptions(), std::string(kViewPrefix) + std::string(key), &value);
    if (status.IsNotFound()) return std::nullopt;
    check(status, "get");
    return value;
  }
  void scan(std::string_view prefix,
            const std::function<bool(std::string_view, std::string_view)>& visit) const override {
    std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions()));
    scan_db(*it, std::string(kViewPrefix) + std::string(prefix), visit);
  }
  void scan_from(
      std::string_view prefix, std::string_view from,
      const std::function<bool(std::string_view, std::string_view)>& visit) const override {
    std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions()));
    scan_db(*it, std::string(kViewPrefix) + std::string(prefix), visit, from);
  }

 private:
  rocksdb::DB& db_;
};

// The batch being applied, read through to the committed state: a projection sees its own
// writes of earlier events in the same batch. The changes are held in memory and only each key's
// last value goes into the WriteBatch: the same keys (counters, a busy incident's row) change
// many times in one batch, and a WriteBatchWithIndex would index, and the memtable insert, every
// one of those versions.
class BatchWriter final : public ViewWriter {
 public:
  explicit BatchWriter(rocksdb::DB& db) : db_(db) {}
  std::optional<std::string> get(std::string_view key) const override {
    return raw_get(view_key(key));
  }
  void scan(std::string_view prefix,
            const std::function<bool(std::string_view, std::string_view)>& visit) const override {
    // Merge the committed keys with the batch's changes, in key order; a change wins.
    const std::string full = view_key(prefix);
    std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions()));
    it->Seek(full);
    auto change = changes_.lower_bound(full);
    auto db_in = [&] { return it->Valid() && starts_with(it->key(), full); };
    auto change_in = [&] { return change != changes_.end() && change->first.starts_with(full); };
    auto strip = [&](std::string_view key) { return key.substr(full.size()); };
    while (db_in() || change_in()) {
      const int order = !change_in() ? -1
                        : !db_in()   ? 1
                                     : it->key().compare(rocksdb::Slice(change->first));
      bool go_on = true;
      if (order < 0) {
        go_on = visit(strip(it->key().ToStringView()), it->value().ToStringView());
        it->Next();
      } else {
        if (change->second.value) go_on = visit(strip(change->first), *change->second.value);
        if (order == 0) it->Next();
        ++change;
      }
      if (!go_on) break;
    }
    check(it->status(), "scan");
  }
  void put(std::string_view key, std::string_view value) override { raw_put(view_key(key), value); }
  void erase(std::string_view key) override { raw_erase(view_key(key)); }
  void put_new(std::string_view key, std::string_view value) override {
    auto [change, created] = find_or_add(view_key(key));
    change.value = value;
    if (created) change.fresh = true;
  }
  void append(std::string_view key, std::string_view bytes) override {
    const std::string full = view_key(key);
    if (auto found = change_of_.find(full); found != change_of_.end()) {
      auto& value = found->second->value;
      if (!value) value.emplace();
      value->append(bytes);
      return;
    }
    auto value = raw_get(full).value_or(std::string());
    value.append(bytes);
    find_or_add(full).first.value = std::move(value);
  }

  std::optional<std::string> raw_get(const std::string& key) const {
    if (auto change = change_of_.find(key); change != change_of_.end())
      return change->second->value;
    std::string value;
    auto status = db_.Get(rocksdb::ReadOptions(), key, &value);
    if (status.IsNotFound()) return std::nullopt;
    check(status, "get");
    return value;
  }
  void raw_put(std::string key, std::string_view value) {
    find_or_add(std::move(key)).first.value = value;
  }
  void raw_erase(std::string key) {
    if (auto found = change_of_.find(key); found != change_of_.end() && found->second->fresh) {
      // Put in this batch under a name no stored view holds: there is nothing to delete.
      changes_.erase(changes_.find(key));
      change_of_.erase(found);
      return;
    }
    find_or_add(std::move(key)).first.value = std::nullopt;
  }

  void write_to(rocksdb::WriteBatch& batch, ViewStore::ApplyStats& stats) const {
    for (const auto& [key, change] : changes_) {
      check(change.value ? batch.Put(key, *change.value) : batch.Delete(key), "apply");
      ++(change.value ? stats.keys_written : stats.keys_erased);
    }
  }

 private:
  static std::string view_key(std::string_view key) {
    std::string out(kViewPrefix);
    out += key;
    return out;
  }

  struct Change {
    std::optional<std::string> value;  // nullopt: erased
    bool fresh = false;                // put_new: no stored view holds the key
  };

  // The key's change, and whether it was added just now.
  std::pair<Change&, bool> find_or_add(std::string key) {
    if (auto found = change_of_.find(key); found != change_of_.end())
      return {*found->second, false};
    auto& [stored_key, change] = *changes_.emplace(std::move(key), Change{}).first;
    change_of_.emplace(stored_key, &change);
    return {change, true};
  }

  rocksdb::DB& db_;
  // In key order for scans and the WriteBatch.
  std::map<std::string, Change> changes_;
  // The same changes by hash: most reads and writes of a batch hit keys it already changed
  // (counters, stream versions, a busy incident's row), and long keys sharing a prefix make the
  // map's comparisons costly. Keys are views of the map's (stable) node keys.
  std::unordered_map<std::string_view, Change*> change_of_;
};

}  // namespace

ViewStore::ViewStore(std::unique_ptr<rocksdb::DB> db, std::string schema_tag,
                     eventstore::DiskReserve reserve)
    : db_(std::move(db)),
      write_batch_(std::make_unique<rocksdb::WriteBatch>()),
      schema_tag_(std::move(schema_tag)),
      reserve_(std::move(reserve)),
      reader_(std::make_unique<DbReader>(*db_)) {}

ViewStore::~ViewStore() = default;

std::expected<std::unique_ptr<ViewStore>, std::string> ViewStore::open(
    const std::filesystem::path& path, const Projection& projection, std::uint64_t min_free_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return std::unexpected("cannot create " + path.string() + ": " + ec.message());
  rocksdb::Options options;
  options.create_if_missing = true;
  options.info_log = eventstore::structured_rocksdb_log(path.string());
  rocksdb::DB* raw = nullptr;
  auto status = rocksdb::DB::Open(options, path.string(), &raw);
  if (!status.ok())
    return std::unexpected(eventstore::describe_open_failure("the projection view", path, status));
  std::unique_ptr<ViewStore> store(
      new ViewStore(std::unique_ptr<rocksdb::DB>(raw),
                    projection.name() + "@" + std::to_string(projection.schema_version()),
                    eventstore::DiskReserve(nullptr, path.string(), min_free_bytes)));
  std::string stored;
  auto found = store->db_->Get(rocksdb::ReadOptions(), std::string(kSchemaKey), &stored);
  if (found.ok() && stored != store->schema_tag_) {
    store->reset();
    store->rebuilt_on_open_ = true;
  } else if (found.IsNotFound()) {
    store->write_schema_tag();
  }
  store->load_watermarks();
  return store;
}

void ViewStore::write_schema_tag() {
  check(db_->Put(rocksdb::WriteOptions(), std::string(kSchemaKey), schema_tag_), "write schema");
}

void ViewStore::reset() {
  rocksdb::WriteBatch batch;
  // Every key of this store starts with a lower-case letter and ':'.
  check(batch.DeleteRange(std::string("\x00", 1), std::string("\xff")), "reset");
  check(db_->Write(rocksdb::WriteOptions(), &batch), "reset");
  write_schema_tag();
  std::lock_guard lock(watermarks_mutex_);
  watermarks_.clear();
}

void ViewStore::load_watermarks() {
  std::map<std::string, PositionWatermark> loaded;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  std::map<std::string, std::uint64_t> marks;
  scan_db(*it, kWatermarkPrefix, [&](std::string_view domain, std::string_view value) {
    marks[std::string(domain)] = parse_number(value);
    return true;
  });
  std::map<std::string, std::set<std::uint64_t>> pending;
  scan_db(*it, kPendingPrefix, [&](std::string_view key, std::string_view) {
    auto zero = key.find('\0');
    std::uint64_t position = 0;
    for (char c : key.substr(zero + 1)) position = position << 8 | static_cast<unsigned char>(c);
    pending[std::string(key.substr(0, zero))].insert(position);
    return true;
  });
  for (auto& [domain, mark] : marks) loaded[domain] = PositionWatermark(mark, pending[domain]);
  std::lock_guard lock(watermarks_mutex_);
  watermarks_ = std::move(loaded);
}

Checkpoints ViewStore::checkpoints() const {
  Checkpoints out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  scan_db(*it, kCheckpointPrefix, [&](std::string_view key, std::string_view value) {
    out[std::string(key)] = parse_number(value);
    return true;
  });
  return out;
}

ViewStore::ApplyStats ViewStore::apply(const std::vector<FeedEvent>& batch,
                                       Projection& projection) {
  ApplyStats stats;
  if (batch.empty()) return stats;
  BatchWriter writer(*db_);

  std::map<std::string, PositionWatermark> marks;
  {
    std::lock_guard lock(watermarks_mutex_);
    marks = watermarks_;
  }
  const auto before = marks;
  std::map<std::string, std::uint64_t> checkpoints;

  projection.begin_batch();
  for (const auto& item : batch) {
    const auto& event = item.envelope;
    const std::string version_key = std::string(kStreamPrefix) + event.stream_id();
    auto last = writer.raw_get(version_key);
    if (last && parse_number(*last) >= event.stream_version()) {
      ++stats.duplicates;  // redelivered: already in the view
    } else {
      try {
        projection.apply(event, writer);
      } catch (const std::exception& e) {
        // Nothing of the batch is written: the view keeps its last stored state and offsets.
        throw EventNotApplied({item.domain, event.log_position(), event.stream_id(),
                               event.stream_version(), event.type(), e.what()});
      }
      writer.raw_put(version_key, number_text(event.stream_version()));
      ++stats.applied;
    }
    marks[item.domain].mark(event.log_position());
    checkpoints[item.checkpoint_key] = item.next_offset;
  }
  try {
    projection.end_batch(writer);
  } catch (const std::exception& e) {
    throw EventNotApplied(ProjectionStop{.reason = std::string("ending a batch: ") + e.what()});
  }

  for (const auto& [key, offset] : checkpoints) {
    writer.raw_put(std::string(kCheckpointPrefix) + key, number_text(offset));
  }
  for (const auto& [domain, mark] : marks) {
    writer.raw_put(std::string(kWatermarkPrefix) + domain, number_text(mark.watermark()));
    const auto old = before.find(domain);
    const std::set<std::uint64_t> empty;
    const auto& old_pending = old == before.end() ? empty : old->second.pending();
    for (auto position : old_pending) {
      if (!mark.pending().contains(position)) writer.raw_erase(pending_key(domain, position));
    }
    for (auto position : mark.pending()) {
      if (!old_pending.contains(position)) writer.raw_put(pending_key(domain, position), "");
    }
  }
  write_batch_->Clear();
  writer.write_to(*write_batch_, stats);
  if (auto shortfall = reserve_.shortfall())
    throw ViewStoreWriteFailed("projection view store: " + *shortfall);
  rocksdb::WriteOptions write_options;
  write_options.disableWAL = !write_ahead_log_;
  if (auto written = db_->Write(write_options, write_batch_.get()); !written.ok())
    throw ViewStoreWriteFailed("projection view store: apply: " + written.ToString());

  std::lock_guard lock(watermarks_mutex_);
  watermarks_ = std::move(marks);
  return stats;
}

void ViewStore::flush() { check(db_->Flush(rocksdb::FlushOptions()), "flush"); }

bool ViewStore::try_resume() { return !reserve_.shortfall() && db_->Resume().ok(); }

std::string ViewStore::checksum() const {
  // FNV-1a over every key and value, with their lengths so that boundaries count.
  std::uint64_t hash = 14695981039346656037ull;
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : std::to_string(bytes.size()) + ":") hash = (hash ^ c) * 1099511628211ull;
    for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ull;
  };
  std::uint64_t keys = 0;
  reader_->scan("", [&](std::string_view key, std::string_view value) {
    mix(key);
    mix(value);
    ++keys;
    return true;
  });
  char text[40];
  std::snprintf(text, sizeof text, "%016llx/%llu", static_cast<unsigned long long>(hash),
                static_cast<unsigned long long>(keys));
  return text;
}

std::uint64_t ViewStore::watermark(const std::string& domain) const {
  std::lock_guard lock(watermarks_mutex_);
  auto found = watermarks_.find(domain);
  return found == watermarks_.end() ? 0 : found->second.watermark();
}

}  // namespace opsdesk::projection
