#pragma once
// Moving CloudEvents records in and out of librdkafka's C structures: header lists for
// producing, and the key and headers of a consumed message. Copies only; never owns or frees
// a message.

#include <librdkafka/rdkafka.h>

#include <optional>
#include <string_view>

#include "libs/messaging/cloud_events.hpp"

namespace opsdesk::messaging {

// A new header list for rd_kafka_producev (which owns it once the call succeeds).
rd_kafka_headers_t* make_headers(const Headers& headers);

// The headers of a consumed message, in order; empty when it has none.
Headers headers_of(const rd_kafka_message_t& message);

// The key of a consumed message, or nothing when it has none.
std::optional<std::string_view> key_of(const rd_kafka_message_t& message);

// Decodes a consumed message with from_kafka_record.
std::expected<DecodedRecord, DecodeError> decode_message(const rd_kafka_message_t& message);

}  // namespace opsdesk::messaging
