#pragma once
// The CloudEvents 1.0 Kafka protocol binding, binary mode, for opsdesk events: one function
// from a stored RecordedEvent to a Kafka record (key, headers, value) and one back. This is
// the public wire contract beside proto-schemas/: a header is never renamed or given another
// meaning, only added. Pure: no librdkafka calls, no I/O.
//
//   key                 stream id (per-aggregate order on one partition)
//   value               RecordedEvent.payload (the protobuf message named by ce_type)
//   ce_specversion      "1.0"
//   ce_id               event id (UUIDv7)
//   ce_type             protobuf full name, e.g. "opsdesk.incidents.v1.IncidentDetected"
//   ce_source           "/opsdesk/<domain>"
//   ce_subject          stream id
//   ce_time             occurred_at, RFC 3339 UTC
//   content-type        "application/protobuf"
//   extensions:
//   ce_streamversion    stream version (decimal)
//   ce_logposition      position in the source service's global log (decimal); consumers use
//                       it as the read-your-writes watermark
//   ce_recordedtime     recorded_at, RFC 3339 UTC
//   ce_tenant           tenant codes joined by ","; absent (or empty) means centre-wide
//   ce_correlationid, ce_causationid, ce_actor   absent when empty

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libs/eventstore/event_store.hpp"

namespace opsdesk::messaging {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view kSpecVersion = "1.0";
inline constexpr std::string_view kContentType = "application/protobuf";

struct KafkaRecord {
  std::string key;
  Headers headers;
  std::string value;
};

KafkaRecord to_kafka_record(const eventstore::RecordedEvent& event, std::string_view domain);

enum class DecodeErrc {
  missing_header,    // a required header is not there
  malformed_header,  // a header is there but its value is not what the contract allows
};

struct DecodeError {
  DecodeErrc code;
  std::string header;   // which header, e.g. "ce_streamversion"
  std::string message;  // "header ce_streamversion: 'x' is not a whole number"
};

struct DecodedRecord {
  std::string domain;  // from ce_source
  eventstore::RecordedEvent event;
};

// `key` may be absent (a record from a producer that sets none); when present it must equal
// ce_subject. A header that appears more than once counts by its last value.
std::expected<DecodedRecord, DecodeError> from_kafka_record(std::optional<std::string_view> key,
                                                            const Headers& headers,
                                                            std::string_view value);

}  // namespace opsdesk::messaging
