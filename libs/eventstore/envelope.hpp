#pragma once
// Builds the RecordedEvent envelope the store writes for each appended event. Pure: the caller
// supplies ids, numbers and time, so the writer stays the only place that decides them.

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>

#include "libs/core/instant.hpp"
#include "libs/eventstore/event_store.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::eventstore::detail {

using proto::from_timestamp;
using proto::to_timestamp;

struct EnvelopeNumbers {
  std::uint64_t stream_version = 0;
  std::uint64_t log_position = 0;
};

RecordedEvent make_envelope(std::string event_id, const std::string& stream_id,
                            EnvelopeNumbers numbers, const NewEvent& event,
                            const EventMetadata& metadata,
                            const google::protobuf::Timestamp& recorded_at);

}  // namespace opsdesk::eventstore::detail
