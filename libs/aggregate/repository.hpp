#pragma once
// Loads an aggregate's state from its stream (a fold of evolve over its decoded events) and
// appends what its decider decided with the expected version: the event store edge of a
// command service. Two things spare a command on a long stream from folding all of it:
//   - the states of recently used aggregates are kept in memory (state_cache.hpp), so a
//     command folds only what the stream gained since;
//   - every `snapshot_every` events, the stream's state is kept beside it in the store
//     (EventStore's StreamSnapshot, written in the same atomic write as the append that
//     crosses the boundary), so after a restart or an eviction a load reads the snapshot and
//     folds only the events after it. A snapshot of another schema (the state's code changed,
//     A::kStateSchema) or one that does not decode is ignored: the stream is folded from its
//     start and a new snapshot written.
// Neither is a second source of truth: both are the state at a version whose events never
// change, and an append still names the version it was decided on.

#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "libs/aggregate/aggregate.hpp"
#include "libs/aggregate/state_cache.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::aggregate {

// A snapshot every 100 events: a load after a restart folds at most 99 events (well under a
// millisecond), and an incident's snapshot (a few KiB to tens of KiB) adds a few percent to what
// its stream writes.
inline constexpr std::uint64_t kDefaultSnapshotEvery = 100;

struct RepositoryOptions {
  std::size_t cached_states = kDefaultCachedStates;      // 0: keep none in memory
  std::uint64_t snapshot_every = kDefaultSnapshotEvery;  // 0: no snapshots
};

// Since the start of the process.
struct SnapshotStats {
  std::uint64_t loads_from_snapshot = 0;  // loads that started from a stored snapshot
  std::uint64_t snapshots_ignored = 0;    // of another schema, or not decodable
  std::uint64_t snapshots_written = 0;    // with an append or after a long fold
  std::uint64_t events_folded = 0;        // events read from the store and folded by loads
};

template <Aggregate A>
class Repository {
 public:
  using State = typename A::State;
  using Event = typename A::Event;

  explicit Repository(eventstore::EventStore& store, RepositoryOptions options = {})
      : store_(store), snapshot_every_(options.snapshot_every), cache_(options.cached_states) {}

  // The state after the first `up_to_version` events (all of them by default); version 0 when
  // the aggregate does not exist. Throws on an undecodable stored event (a corrupted store).
  State load(const std::string& id, std::uint64_t up_to_version = UINT64_MAX) const {
    const bool latest = up_to_version == UINT64_MAX;
    std::optional<State> start = latest ? kept(id) : std::nullopt;
    const bool from_memory = start.has_value();
    if (!start) start = from_snapshot(id, up_to_version);
    State state = std::move(start).value_or(State{});

    const std::uint64_t start_version = A::version(state);
    const std::size_t max_count =
        latest ? SIZE_MAX : static_cast<std::size_t>(up_to_version - start_version);
    std::uint64_t folded = 0;
    for (const auto& record : store_.read_stream(A::stream_id(id), start_version + 1, max_count)) {
      auto event = A::decode(record);
      if (!event) throw std::runtime_error("stream " + record.stream_id() + ": " + event.error());
      state = A::evolve(std::move(state), *event);
      ++folded;
    }
    events_folded_.fetch_add(folded, std::memory_order_relaxed);
    if (latest && (folded > 0 || !from_memory)) remember(std::make_shared<const State>(state));
    // A long fold that no snapshot spared (none yet, an old schema, an eviction from memory
    // with none written since): keep its result for the next load.
    if (!from_memory && snapshot_every_ > 0 && folded >= snapshot_every_) write_snapshot(state);
    return state;
  }

  // The append of what the decider decided on the state at `version_before` (0: no stream
  // yet), which made `after`. It carries `after` as the stream's snapshot when it crosses a
  // multiple of `snapshot_every`.
  eventstore::AppendRequest append_request(std::uint64_t version_before, const State& after,
                                           const std::vector<Event>& events,
                                           eventstore::EventMetadata metadata,
                                           std::optional<eventstore::IdempotencyKey> idempotency) {
    eventstore::AppendRequest request;
    request.stream_id = A::stream_id(A::id(after));
    request.expected = version_before > 0 ? eventstore::ExpectedVersion::exact(version_before)
                                          : eventstore::ExpectedVersion::no_stream();
    for (const auto& event : events) request.events.push_back(A::encode(event));
    metadata.tenants = A::tenants(after);
    request.metadata = std::move(metadata);
    request.idempotency = std::move(idempotency);
    if (snapshot_every_ > 0 &&
        version_before / snapshot_every_ != A::version(after) / snapshot_every_) {
      request.snapshot = encoded(after);
    }
    return request;
  }

  // Queues it; `done` gets the store's outcome (see EventStore::append_async: it runs on the
  // store's thread and must not block).
  void append(eventstore::AppendRequest request, eventstore::AppendCallback done) {
    if (!request.snapshot) {
      store_.append_async(std::move(request), std::move(done));
      return;
    }
    store_.append_async(std::move(request),
                        [this, done = std::move(done)](eventstore::AppendOutcome outcome) {
                          if (outcome && !outcome->replayed)
                            snapshots_written_.fetch_add(1, std::memory_order_relaxed);
                          done(std::move(outcome));
                        });
  }

  // The kept state of an aggregate, as its last command here left it, without reading the
  // store: possibly behind the stream (another writer), which an append naming its version
  // finds out. Empty when none is kept.
  std::optional<State> kept(const std::string& id) const {
    auto cached = cache_.find(A::stream_id(id));
    if (!cached) return std::nullopt;
    return *cached->first;
  }

  // The stream's state at its version (as a successful append left it, or as read): the next
  // command starts from it.
  void remember(std::shared_ptr<const State> appended) const {
    const auto stream_id = A::stream_id(A::id(*appended));
    const auto version = A::version(*appended);
    cache_.remember(stream_id, std::move(appended), version);
  }

  StateCacheStats cache_stats() const { return cache_.stats(); }
  SnapshotStats snapshot_stats() const {
    return {loads_from_snapshot_.load(std::memory_order_relaxed),
            snapshots_ignored_.load(std::memory_order_relaxed),
            snapshots_written_.load(std::memory_order_relaxed),
            events_folded_.load(std::memory_order_relaxed)};
  }

  eventstore::EventStore& store() { return store_; }
  const eventstore::EventStore& store() const { return store_; }

 private:
  static eventstore::EncodedState encoded(const State& state) {
    return {std::string(A::kStateSchema), A::encode_state(state)};
  }

  // The stream's snapshot as a state, if one is kept at or before `up_to_version` in this
  // aggregate's schema and decodes.
  std::optional<State> from_snapshot(const std::string& id, std::uint64_t up_to_version) const {
    if (snapshot_every_ == 0) return std::nullopt;
    const std::string stream = A::stream_id(id);
    auto snapshot = store_.read_snapshot(stream);
    if (!snapshot || snapshot->version > up_to_version) return std::nullopt;
    if (snapshot->state.schema != A::kStateSchema) {
      snapshots_ignored_.fetch_add(1, std::memory_order_relaxed);
      return std::nullopt;
    }
    auto state = A::decode_state(snapshot->state.bytes);
    if (!state || A::version(*state) != snapshot->version) {
      snapshots_ignored_.fetch_add(1, std::memory_order_relaxed);
      observability::log_warn(
          "stream snapshot does not decode; the stream is folded instead",
          {{"stream", stream},
           {"error", state ? "its state is at another version than the snapshot" : state.error()}});
      return std::nullopt;
    }
    loads_from_snapshot_.fetch_add(1, std::memory_order_relaxed);
    return std::move(*state);
  }

  void write_snapshot(const State& state) const {
    const std::string stream = A::stream_id(A::id(state));
    auto written = store_.write_snapshot(stream, {A::version(state), encoded(state)});
    if (written) {
      snapshots_written_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    // Nothing is lost: the next load folds the stream again.
    observability::log_warn("stream snapshot not written",
                            {{"stream", stream}, {"error", written.error()}});
  }

  eventstore::EventStore& store_;
  const std::uint64_t snapshot_every_;
  mutable StateCache<State> cache_;
  mutable std::atomic<std::uint64_t> loads_from_snapshot_{0};
  mutable std::atomic<std::uint64_t> snapshots_ignored_{0};
  mutable std::atomic<std::uint64_t> snapshots_written_{0};
  mutable std::atomic<std::uint64_t> events_folded_{0};
};

}  // namespace opsdesk::aggregate
