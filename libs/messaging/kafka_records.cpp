// CloudEvents records to and from librdkafka structures (see kafka_records.hpp).

#include "libs/messaging/kafka_records.hpp"

namespace opsdesk::messaging {

rd_kafka_headers_t* make_headers(const Headers& headers) {
  rd_kafka_headers_t* list = rd_kafka_headers_new(headers.size());
  for (const auto& [name, value] : headers) {
    rd_kafka_header_add(list, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }
  return list;
}

Headers headers_of(const rd_kafka_message_t& message) {
  Headers out;
  rd_kafka_headers_t* list = nullptr;
  // The list belongs to the message; rd_kafka_message_headers only parses it.
  if (rd_kafka_message_headers(&message, &list) != RD_KAFKA_RESP_ERR_NO_ERROR || list == nullptr)
    return out;
  const char* name = nullptr;
  const void* value = nullptr;
  std::size_t size = 0;
  for (std::size_t i = 0;
       rd_kafka_header_get_all(list, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
    out.emplace_back(name, value == nullptr ? std::string()
                                            : std::string(static_cast<const char*>(value), size));
  }
  return out;
}

std::optional<std::string_view> key_of(const rd_kafka_message_t& message) {
  if (message.key == nullptr) return std::nullopt;
  return std::string_view(static_cast<const char*>(message.key), message.key_len);
}

std::expected<DecodedRecord, DecodeError> decode_message(const rd_kafka_message_t& message) {
  const std::string_view value =
      message.payload == nullptr
          ? std::string_view()
          : std::string_view(static_cast<const char*>(message.payload), message.len);
  return from_kafka_record(key_of(message), headers_of(message), value);
}

}  // namespace opsdesk::messaging
