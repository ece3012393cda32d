#pragma once
// Decodes a recorded event into the one alternative of a domain's event variant whose protobuf
// full name is the record's type: the same for every published contract
// (services/<name>/contract/). Header-only; protobuf and the envelope only.

#include <expected>
#include <optional>
#include <string>
#include <type_traits>
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

// As decode_variant, for a reader that handles only the alternatives `Wanted`: the payload is
// parsed only when the record is of one of them. A record of another of the variant's types
// gives nullopt (the reader has nothing to do with it, and its bytes are not parsed); a type the
// variant does not have still fails, as in decode_variant.
template <typename Variant, typename... Wanted>
std::expected<std::optional<Variant>, std::string> decode_variant_if(
    const opsdesk::eventstore::v1::RecordedEvent& record, const std::string& domain) {
  auto is_alternative = []<typename Message, std::size_t... I>(std::index_sequence<I...>) {
    return (std::is_same_v<Message, std::variant_alternative_t<I, Variant>> || ...);
  };
  static_assert((is_alternative.template operator()<Wanted>(
                     std::make_index_sequence<std::variant_size_v<Variant>>{}) &&
                 ...),
                "every wanted type is an alternative of the variant");
  auto of_type = [&]<typename Message>() {
    return record.type() == Message::descriptor()->full_name();
  };
  auto of_any_type = [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (of_type.template operator()<std::variant_alternative_t<I, Variant>>() || ...);
  };
  const bool wanted = (of_type.template operator()<Wanted>() || ...);
  if (!wanted && of_any_type(std::make_index_sequence<std::variant_size_v<Variant>>{}))
    return std::optional<Variant>();
  // A wanted type, or none of the variant's: decode_variant parses it or says why it cannot.
  auto decoded = decode_variant<Variant>(record, domain);
  if (!decoded) return std::unexpected(std::move(decoded.error()));
  return std::optional<Variant>(std::move(*decoded));
}

// The protobuf full name of the event a variant holds, e.g.
// "opsdesk.incidents.v1.IncidentDetected" (the envelope's type, the CloudEvents ce_type).
template <typename Variant>
std::string type_name_of(const Variant& event) {
  return std::visit([](const auto& e) { return std::string(e.GetDescriptor()->full_name()); },
                    event);
}

}  // namespace opsdesk::proto
