#pragma once
// Builds the RecordedEvent envelope the store writes for each appended event, and converts
// between core::Instant and protobuf Timestamps. Pure: the caller supplies ids, numbers and
// time, so the writer stays the only place that decides them.

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>

#include "libs/core/instant.hpp"
#include "libs/eventstore/event_store.hpp"

namespace opsdesk::eventstore::detail {

google::protobuf::Timestamp to_timestamp(core::Instant at);
core::Instant from_timestamp(const google::protobuf::Timestamp& at);

struct EnvelopeNumbers {
  std::uint64_t stream_version = 0;
  std::uint64_t log_position = 0;
};

RecordedEvent make_envelope(std::string event_id, const std::string& stream_id,
                            EnvelopeNumbers numbers, const NewEvent& event,
                            const EventMetadata& metadata,
                            const google::protobuf::Timestamp& recorded_at);

}  // namespace opsdesk::eventstore::detail
