#pragma once
// A domain event (one alternative of a contract's variant of protobuf messages) as the event
// store records it, and its payload as JSON for GET …/events: the same for every command
// service. The record's `type` is the protobuf full name, so any consumer decodes the payload
// with the published contract (proto-schemas/decode_variant.hpp).

#include <google/protobuf/util/json_util.h>

#include <string>
#include <variant>

#include "libs/core/instant.hpp"
#include "libs/eventstore/event_store.hpp"
#include "proto-schemas/decode_variant.hpp"

namespace opsdesk::aggregate {

// `occurred_at`: when it happened in the world (the contract's occurred_at of the event).
template <typename Variant>
eventstore::NewEvent to_new_event(const Variant& event, core::Instant occurred_at) {
  eventstore::NewEvent out;
  out.type = proto::type_name_of(event);
  out.occurred_at = occurred_at;
  std::visit([&](const auto& message) { message.SerializeToString(&out.payload); }, event);
  return out;
}

// The payload with the schema's snake_case field names, every field printed.
template <typename Variant>
std::string payload_json(const Variant& event) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  std::visit(
      [&](const auto& message) {
        (void)google::protobuf::util::MessageToJsonString(message, &json, options);
      },
      event);
  return json;
}

}  // namespace opsdesk::aggregate
