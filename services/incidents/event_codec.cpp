#include "services/incidents/event_codec.hpp"

#include <google/protobuf/util/json_util.h>

namespace opsdesk::incidents {

eventstore::NewEvent encode(const IncidentEvent& event) {
  eventstore::NewEvent out;
  out.type = type_name(event);
  out.occurred_at = occurred_at(event);
  std::visit([&](const auto& message) { message.SerializeToString(&out.payload); }, event);
  return out;
}

std::string payload_json(const IncidentEvent& event) {
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

}  // namespace opsdesk::incidents
