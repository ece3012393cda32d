#pragma once
// Readiness of a module built on a projection: ready while its runner applies events and its
// feed has caught up with what its source held when it joined (Kafka: partitions assigned and
// read to their end offsets of then); not ready when it stopped (an event it cannot decode, a
// broken store), naming the position and the reason. One rule for every read model and process
// manager.

#include <string>
#include <vector>

#include "libs/eventstore/event_store.hpp"
#include "libs/modules/module.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"

namespace opsdesk::modules {

// Details: the runner's status, and the position applied of each consumed domain
// (`applied_position` is the first domain's, `applied_positions` has them all).
Readiness projection_readiness(const projection::ProjectionRunner& runner,
                               const projection::ViewStore& view,
                               const std::vector<std::string>& domains);

// A module that writes an event store is not ready once the store refuses appends for good (a
// failed fsync): the reason names the store's failure. The serve loop applies it to every
// module's published store.
void require_healthy_store(Readiness& readiness, const eventstore::EventStore& store);

}  // namespace opsdesk::modules
