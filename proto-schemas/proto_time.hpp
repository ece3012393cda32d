#pragma once
// Converting between opsdesk's instants and google.protobuf.Timestamp, the time type of every
// event schema. One place, so that precision (microseconds) is handled the same everywhere.

#include <google/protobuf/timestamp.pb.h>

#include "libs/core/instant.hpp"

namespace opsdesk::proto {

inline google::protobuf::Timestamp to_timestamp(core::Instant at) {
  const auto micros = core::to_unix_micros(at);
  auto seconds = micros / 1'000'000;
  auto remainder = micros % 1'000'000;
  if (remainder < 0) {  // Timestamp wants non-negative nanos
    remainder += 1'000'000;
    seconds -= 1;
  }
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<std::int32_t>(remainder * 1000));
  return ts;
}

inline core::Instant from_timestamp(const google::protobuf::Timestamp& ts) {
  return core::from_unix_micros(ts.seconds() * 1'000'000 + ts.nanos() / 1000);
}

}  // namespace opsdesk::proto
