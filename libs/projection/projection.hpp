#pragma once
// A projection: a pure function from one event to changes in its own key-value view (or from a
// batch of them, for one that writes what a batch changed once at its end), plus a name and a
// schema version (bump it and the view is rebuilt from the events on start). The runtime feeds
// it, de-duplicates, and stores its changes with the feed checkpoints atomically; a projection
// never does I/O of its own and never sees an event twice.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "libs/eventstore/event_store.hpp"

namespace opsdesk::projection {

// Read access to a view: what queries use, and what apply() sees (including its own writes of
// the batch being applied).
class ViewReader {
 public:
  virtual ~ViewReader() = default;
  virtual std::optional<std::string> get(std::string_view key) const = 0;
  // Calls visit(key, value) for every key starting with `prefix`, in key order, until it
  // returns false.
  virtual void scan(
      std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>& visit) const = 0;
  // Like scan, starting at the first key at or after prefix + `from` (keys still without the
  // prefix). Readers over RocksDB seek there; the default skips.
  virtual void scan_from(
      std::string_view prefix, std::string_view from,
      const std::function<bool(std::string_view key, std::string_view value)>& visit) const {
    scan(prefix, [&](std::string_view key, std::string_view value) {
      return key < from || visit(key, value);
    });
  }
};

class ViewWriter : public ViewReader {
 public:
  virtual void put(std::string_view key, std::string_view value) = 0;
  virtual void erase(std::string_view key) = 0;
  // Puts a key that no stored view holds (one named by a log position, say). Erased again in
  // the same batch it leaves nothing to store, where an erase() must store its deletion.
  virtual void put_new(std::string_view key, std::string_view value) { put(key, value); }
  // Appends bytes to a key's value (an absent key starts empty). The runtime's batch appends in
  // place rather than copying the value out and back.
  virtual void append(std::string_view key, std::string_view bytes) {
    auto value = get(key).value_or(std::string());
    value += bytes;
    put(key, value);
  }
};

// Why a projection stopped applying events: the event it could not apply (unknown type, a
// payload that does not parse, a newer schema) and the reason. The view keeps the state and
// checkpoints of the last batch it stored; nothing after it is skipped or half-applied.
struct ProjectionStop {
  std::string domain{};  // empty when the failure was not in an event (a broken store)
  std::uint64_t position = 0;
  std::string stream_id{};
  std::uint64_t stream_version = 0;
  std::string type{};
  std::string reason{};

  // "stopped at incidents position 42 (opsdesk.incidents.v1.X, incident-… version 3): …"
  std::string describe() const;
};

// Thrown out of ViewStore::apply when the projection could not apply an event.
class EventNotApplied : public std::runtime_error {
 public:
  explicit EventNotApplied(ProjectionStop stop)
      : std::runtime_error(stop.describe()), stop_(std::move(stop)) {}
  const ProjectionStop& stop() const { return stop_; }

 private:
  ProjectionStop stop_;
};

class Projection {
 public:
  virtual ~Projection() = default;
  virtual std::string name() const = 0;
  virtual int schema_version() const = 0;
  // Applies one event (envelope with payload). Events of one stream arrive in version order.
  // An event it cannot apply (it does not decode, say) throws: the runtime then stops the
  // projection at that event rather than skip it.
  virtual void apply(const eventstore::RecordedEvent& event, ViewWriter& view) = 0;
  // The bounds of a batch, for a projection that carries what its events change across the
  // batch (rows parsed once, counters moved once) and writes it at the end: begin_batch before
  // the batch's first event, end_batch after its last and before the runtime stores the batch.
  // A batch that fails is not stored, and the next one begins afresh.
  virtual void begin_batch() {}
  virtual void end_batch(ViewWriter& view) { (void)view; }
};

}  // namespace opsdesk::projection
