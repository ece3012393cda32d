#include "services/incidents/event_codec.hpp"

#include <google/protobuf/util/json_util.h>

#include <utility>

namespace opsdesk::incidents {

namespace {

// Tries each alternative of the variant in turn: the one whose full name matches the record.
template <std::size_t... I>
std::expected<IncidentEvent, std::string> decode_as(const eventstore::RecordedEvent& record,
                                                    std::index_sequence<I...>) {
  std::expected<IncidentEvent, std::string> result =
      std::unexpected("unknown incident event type '" + record.type() + "'");
  auto try_one = [&]<std::size_t N>() {
    using Message = std::variant_alternative_t<N, IncidentEvent>;
    if (record.type() != Message::descriptor()->full_name()) return false;
    Message message;
    if (message.ParseFromString(record.payload())) {
      result = IncidentEvent{std::in_place_index<N>, std::move(message)};
    } else {
      result = std::unexpected("payload of " + record.type() + " at log position " +
                               std::to_string(record.log_position()) + " does not parse");
    }
    return true;
  };
  (try_one.template operator()<I>() || ...);
  return result;
}

}  // namespace

eventstore::NewEvent encode(const IncidentEvent& event) {
  eventstore::NewEvent out;
  out.type = type_name(event);
  out.occurred_at = occurred_at(event);
  std::visit([&](const auto& message) { message.SerializeToString(&out.payload); }, event);
  return out;
}

std::expected<IncidentEvent, std::string> decode(const eventstore::RecordedEvent& record) {
  return decode_as(record, std::make_index_sequence<std::variant_size_v<IncidentEvent>>{});
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
