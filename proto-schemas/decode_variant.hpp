#pragma once
// Decodes a recorded event into the one alternative of a domain's event variant whose protobuf
// full name is the record's type: the same for every published contract
// (services/<name>/contract/). Header-only; protobuf and the envelope only.

#include <expected>
#include <string>
#include <utility>
#include <variant>

#include "opsdesk/eventstore/v1/recorded_event.pb.h"

namespace opsdesk::proto {

// Fails, with the reason, for a type the variant does not have (a newer producer: upgrade the
// reader) or a payload that does not parse. `domain` names the contract in that reason.
template <typename Variant>
std::expected<Variant, std::string> decode_variant(
    const opsdesk::eventstore::v1::RecordedEvent& record, const std::string& domain) {
  std::expected<Variant, std::string> result =
      std::unexpected("'" + record.type() + "' is not an event type of the " + domain +
                      " contract this reader was built with");
  auto try_all = [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto try_one = [&]<std::size_t N>() {
      using Message = std::variant_alternative_t<N, Variant>;
      if (record.type() != Message::descriptor()->full_name()) return false;
      Message message;
      if (message.ParseFromString(record.payload())) {
        result = Variant{std::in_place_index<N>, std::move(message)};
      } else {
        result = std::unexpected("the payload of " + record.type() + " does not parse");
      }
      return true;
    };
    (try_one.template operator()<I>() || ...);
  };
  try_all(std::make_index_sequence<std::variant_size_v<Variant>>{});
  return result;
}

// The protobuf full name of the event a variant holds, e.g.
// "opsdesk.incidents.v1.IncidentDetected" (the envelope's type, the CloudEvents ce_type).
template <typename Variant>
std::string type_name_of(const Variant& event) {
  return std::visit([](const auto& e) { return std::string(e.GetDescriptor()->full_name()); },
                    event);
}

}  // namespace opsdesk::proto
