#pragma once
// Loads an incident's state from its stream and appends what the decider decided: the event
// store edge of the service. Stream names are the contract's ("incident-<uuidv7>").

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "libs/eventstore/event_store.hpp"
#include "services/incidents/domain/events.hpp"
#include "services/incidents/domain/state.hpp"

namespace opsdesk::incidents {

class IncidentRepository {
 public:
  explicit IncidentRepository(eventstore::EventStore& store) : store_(store) {}

  // The state after the first `up_to_version` events (all of them by default); version 0 when
  // the incident does not exist. Throws on an undecodable stored event (a corrupted store).
  IncidentState load(const std::string& incident_id,
                     std::uint64_t up_to_version = UINT64_MAX) const;

  // Queues the append of what the decider decided on `before`; `done` gets the store's outcome
  // (see EventStore::append_async: it runs on the store's thread and must not block).
  void append(const IncidentState& before, const IncidentState& after,
              const std::vector<IncidentEvent>& events, eventstore::EventMetadata metadata,
              std::optional<eventstore::IdempotencyKey> idempotency,
              eventstore::AppendCallback done);

  eventstore::EventStore& store() { return store_; }

 private:
  eventstore::EventStore& store_;
};

}  // namespace opsdesk::incidents
