// Envelope construction for the event store.

#include "libs/eventstore/envelope.hpp"

#include <utility>

namespace opsdesk::eventstore::detail {

RecordedEvent make_envelope(std::string event_id, const std::string& stream_id,
                            EnvelopeNumbers numbers, const NewEvent& event,
                            const EventMetadata& metadata,
                            const google::protobuf::Timestamp& recorded_at) {
  RecordedEvent out;
  out.set_event_id(std::move(event_id));
  out.set_stream_id(stream_id);
  out.set_stream_version(numbers.stream_version);
  out.set_log_position(numbers.log_position);
  out.set_type(event.type);
  *out.mutable_occurred_at() = to_timestamp(event.occurred_at);
  *out.mutable_recorded_at() = recorded_at;
  for (const auto& tenant : metadata.tenants) out.add_tenants(tenant);
  out.set_actor(metadata.actor);
  out.set_correlation_id(metadata.correlation_id);
  out.set_causation_id(metadata.causation_id);
  out.set_payload(event.payload);
  return out;
}

}  // namespace opsdesk::eventstore::detail
