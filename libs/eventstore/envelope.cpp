// Envelope construction and Instant <-> Timestamp conversion for the event store.

#include "libs/eventstore/envelope.hpp"

#include <utility>

namespace opsdesk::eventstore::detail {

google::protobuf::Timestamp to_timestamp(core::Instant at) {
  const std::int64_t micros = core::to_unix_micros(at);
  // Timestamp wants nanos in [0, 1e9) even before 1970, so round the seconds down.
  std::int64_t seconds = micros / 1'000'000;
  std::int64_t rest = micros % 1'000'000;
  if (rest < 0) {
    seconds -= 1;
    rest += 1'000'000;
  }
  google::protobuf::Timestamp out;
  out.set_seconds(seconds);
  out.set_nanos(static_cast<std::int32_t>(rest * 1000));
  return out;
}

core::Instant from_timestamp(const google::protobuf::Timestamp& at) {
  return core::from_unix_micros(at.seconds() * 1'000'000 + at.nanos() / 1000);
}

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
