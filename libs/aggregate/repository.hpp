#pragma once
// Loads an aggregate's state from its stream (a fold of evolve over its decoded events) and
// appends what its decider decided with the expected version: the event store edge of a
// command service.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "libs/aggregate/aggregate.hpp"
#include "libs/eventstore/event_store.hpp"

namespace opsdesk::aggregate {

template <Aggregate A>
class Repository {
 public:
  using State = typename A::State;
  using Event = typename A::Event;

  explicit Repository(eventstore::EventStore& store) : store_(store) {}

  // The state after the first `up_to_version` events (all of them by default); version 0 when
  // the aggregate does not exist. Throws on an undecodable stored event (a corrupted store).
  State load(const std::string& id, std::uint64_t up_to_version = UINT64_MAX) const {
    State state{};
    const std::size_t max_count =
        up_to_version == UINT64_MAX ? SIZE_MAX : static_cast<std::size_t>(up_to_version);
    for (const auto& record : store_.read_stream(A::stream_id(id), 1, max_count)) {
      auto event = A::decode(record);
      if (!event) throw std::runtime_error("stream " + record.stream_id() + ": " + event.error());
      state = A::evolve(std::move(state), *event);
    }
    return state;
  }

  // Queues the append of what the decider decided on `before` (no stream yet, or exactly its
  // version); `done` gets the store's outcome (see EventStore::append_async: it runs on the
  // store's thread and must not block).
  void append(const State& before, const State& after, const std::vector<Event>& events,
              eventstore::EventMetadata metadata,
              std::optional<eventstore::IdempotencyKey> idempotency,
              eventstore::AppendCallback done) {
    eventstore::AppendRequest request;
    request.stream_id = A::stream_id(A::id(after));
    request.expected = A::version(before) > 0
                           ? eventstore::ExpectedVersion::exact(A::version(before))
                           : eventstore::ExpectedVersion::no_stream();
    for (const auto& event : events) request.events.push_back(A::encode(event));
    metadata.tenants = A::tenants(after);
    request.metadata = std::move(metadata);
    request.idempotency = std::move(idempotency);
    store_.append_async(std::move(request), std::move(done));
  }

  eventstore::EventStore& store() { return store_; }
  const eventstore::EventStore& store() const { return store_; }

 private:
  eventstore::EventStore& store_;
};

}  // namespace opsdesk::aggregate
