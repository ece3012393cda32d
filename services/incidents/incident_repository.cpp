#include "services/incidents/incident_repository.hpp"

#include <stdexcept>

#include "services/incidents/event_codec.hpp"

namespace opsdesk::incidents {

IncidentState IncidentRepository::load(const std::string& incident_id,
                                       std::uint64_t up_to_version) const {
  IncidentState state;
  const std::size_t max_count =
      up_to_version == UINT64_MAX ? SIZE_MAX : static_cast<std::size_t>(up_to_version);
  for (const auto& record : store_.read_stream(stream_id_of(incident_id), 1, max_count)) {
    auto event = decode(record);
    if (!event) throw std::runtime_error("stream " + record.stream_id() + ": " + event.error());
    state = evolve(std::move(state), *event);
  }
  return state;
}

void IncidentRepository::append(const IncidentState& before, const IncidentState& after,
                                const std::vector<IncidentEvent>& events,
                                eventstore::EventMetadata metadata,
                                std::optional<eventstore::IdempotencyKey> idempotency,
                                eventstore::AppendCallback done) {
  eventstore::AppendRequest request;
  request.stream_id = stream_id_of(after.id);
  request.expected = before.exists() ? eventstore::ExpectedVersion::exact(before.version)
                                     : eventstore::ExpectedVersion::no_stream();
  for (const auto& event : events) request.events.push_back(encode(event));
  metadata.tenants = after.affected_tenants;
  request.metadata = std::move(metadata);
  request.idempotency = std::move(idempotency);
  store_.append_async(std::move(request), std::move(done));
}

}  // namespace opsdesk::incidents
