#pragma once
// Loads an aggregate's state from its stream (a fold of evolve over its decoded events) and
// appends what its decider decided with the expected version: the event store edge of a
// command service. The states of recently used aggregates are kept (state_cache.hpp), so a
// command on a long stream folds only what the stream gained since.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "libs/aggregate/aggregate.hpp"
#include "libs/aggregate/state_cache.hpp"
#include "libs/eventstore/event_store.hpp"

namespace opsdesk::aggregate {

template <Aggregate A>
class Repository {
 public:
  using State = typename A::State;
  using Event = typename A::Event;

  // Keeps the states of up to `cached_states` aggregates (0: none).
  explicit Repository(eventstore::EventStore& store,
                      std::size_t cached_states = kDefaultCachedStates)
      : store_(store), cache_(cached_states) {}

  // The state after the first `up_to_version` events (all of them by default); version 0 when
  // the aggregate does not exist. Throws on an undecodable stored event (a corrupted store).
  State load(const std::string& id, std::uint64_t up_to_version = UINT64_MAX) const {
    const bool latest = up_to_version == UINT64_MAX;
    State state = latest ? kept(id).value_or(State{}) : State{};
    const std::size_t max_count = latest ? SIZE_MAX : static_cast<std::size_t>(up_to_version);
    bool folded = false;
    for (const auto& record :
         store_.read_stream(A::stream_id(id), A::version(state) + 1, max_count)) {
      auto event = A::decode(record);
      if (!event) throw std::runtime_error("stream " + record.stream_id() + ": " + event.error());
      state = A::evolve(std::move(state), *event);
      folded = true;
    }
    if (folded && latest) remember(state);
    return state;
  }

  // The append of what the decider decided on the state at `version_before` (0: no stream
  // yet), which made `after`.
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
    return request;
  }

  // Queues it; `done` gets the store's outcome (see EventStore::append_async: it runs on the
  // store's thread and must not block).
  void append(eventstore::AppendRequest request, eventstore::AppendCallback done) {
    store_.append_async(std::move(request), std::move(done));
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
  void remember(const State& appended) const {
    cache_.remember(A::stream_id(A::id(appended)), appended, A::version(appended));
  }

  StateCacheStats cache_stats() const { return cache_.stats(); }

  eventstore::EventStore& store() { return store_; }
  const eventstore::EventStore& store() const { return store_; }

 private:
  eventstore::EventStore& store_;
  mutable StateCache<State> cache_;
};

}  // namespace opsdesk::aggregate
