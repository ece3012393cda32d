#include "services/incidents/event_codec.hpp"

#include "libs/aggregate/event_records.hpp"

namespace opsdesk::incidents {

eventstore::NewEvent encode(const IncidentEvent& event) {
  return aggregate::to_new_event(event, occurred_at(event));
}

std::string payload_json(const IncidentEvent& event) { return aggregate::payload_json(event); }

}  // namespace opsdesk::incidents
