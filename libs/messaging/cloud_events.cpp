// RecordedEvent <-> CloudEvents Kafka record (the mapping is documented in cloud_events.hpp).

#include "libs/messaging/cloud_events.hpp"

#include <charconv>

#include "libs/core/instant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::messaging {

namespace {

constexpr std::string_view kSourcePrefix = "/opsdesk/";

std::string join_tenants(const google::protobuf::RepeatedPtrField<std::string>& tenants) {
  std::string out;
  for (const auto& tenant : tenants) {
    if (!out.empty()) out += ',';
    out += tenant;
  }
  return out;
}

const std::string* find_last(const Headers& headers, std::string_view name) {
  const std::string* found = nullptr;
  for (const auto& [key, value] : headers) {
    if (key == name) found = &value;
  }
  return found;
}

std::unexpected<DecodeError> missing(std::string_view header) {
  return std::unexpected(DecodeError{DecodeErrc::missing_header, std::string(header),
                                     "missing header " + std::string(header)});
}

std::unexpected<DecodeError> malformed(std::string_view header, const std::string& value,
                                       std::string_view allowed) {
  return std::unexpected(DecodeError{
      DecodeErrc::malformed_header, std::string(header),
      "header " + std::string(header) + ": '" + value + "' is not valid; " + std::string(allowed)});
}

// Reads the headers one by one, remembering the first problem so the caller can return it.
class HeaderReader {
 public:
  explicit HeaderReader(const Headers& headers) : headers_(headers) {}

  std::string required(std::string_view name) {
    const auto* value = find_last(headers_, name);
    if (value == nullptr || value->empty()) {
      fail(missing(name).error());
      return {};
    }
    return *value;
  }

  std::string optional(std::string_view name) {
    const auto* value = find_last(headers_, name);
    return value == nullptr ? std::string() : *value;
  }

  std::uint64_t number(std::string_view name) {
    const std::string text = required(name);
    if (text.empty()) return 0;
    std::uint64_t parsed = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (ec != std::errc{} || end != text.data() + text.size() || parsed == 0) {
      fail(malformed(name, text, "expected a whole number from 1").error());
    }
    return parsed;
  }

  google::protobuf::Timestamp time(std::string_view name) {
    const std::string text = required(name);
    if (text.empty()) return {};
    auto parsed = core::parse_rfc3339(text);
    if (!parsed) {
      fail(
          malformed(name, text, "expected an RFC 3339 date-time (" + parsed.error() + ")").error());
      return {};
    }
    return proto::to_timestamp(*parsed);
  }

  void fail(DecodeError error) {
    if (!error_) error_ = std::move(error);
  }
  const std::optional<DecodeError>& error() const { return error_; }

 private:
  const Headers& headers_;
  std::optional<DecodeError> error_;
};

}  // namespace

KafkaRecord to_kafka_record(const eventstore::RecordedEvent& event, std::string_view domain) {
  KafkaRecord record;
  record.key = event.stream_id();
  record.value = event.payload();
  auto& h = record.headers;
  h.reserve(14);
  h.emplace_back("ce_specversion", kSpecVersion);
  h.emplace_back("ce_id", event.event_id());
  h.emplace_back("ce_type", event.type());
  h.emplace_back("ce_source", std::string(kSourcePrefix) + std::string(domain));
  h.emplace_back("ce_subject", event.stream_id());
  h.emplace_back("ce_time", core::format_rfc3339(proto::from_timestamp(event.occurred_at())));
  h.emplace_back("content-type", kContentType);
  h.emplace_back("ce_streamversion", std::to_string(event.stream_version()));
  h.emplace_back("ce_logposition", std::to_string(event.log_position()));
  h.emplace_back("ce_recordedtime",
                 core::format_rfc3339(proto::from_timestamp(event.recorded_at())));
  // Optional extensions are left out rather than sent empty: CloudEvents attribute values
  // are not meant to be empty strings.
  if (event.tenants_size() > 0) h.emplace_back("ce_tenant", join_tenants(event.tenants()));
  if (!event.correlation_id().empty()) h.emplace_back("ce_correlationid", event.correlation_id());
  if (!event.causation_id().empty()) h.emplace_back("ce_causationid", event.causation_id());
  if (!event.actor().empty()) h.emplace_back("ce_actor", event.actor());
  return record;
}

std::expected<DecodedRecord, DecodeError> from_kafka_record(std::optional<std::string_view> key,
                                                            const Headers& headers,
                                                            std::string_view value) {
  HeaderReader read(headers);
  DecodedRecord out;
  auto& event = out.event;

  if (auto spec = read.required("ce_specversion"); !spec.empty() && spec != kSpecVersion) {
    read.fail(malformed("ce_specversion", spec, "expected 1.0").error());
  }
  if (auto type = read.required("content-type"); !type.empty() && type != kContentType) {
    read.fail(
        malformed("content-type", type, "expected application/protobuf (binary mode)").error());
  }
  event.set_event_id(read.required("ce_id"));
  event.set_type(read.required("ce_type"));
  if (auto source = read.required("ce_source"); !source.empty()) {
    if (!source.starts_with(kSourcePrefix) || source.size() == kSourcePrefix.size()) {
      read.fail(malformed("ce_source", source, "expected /opsdesk/<domain>").error());
    } else {
      out.domain = source.substr(kSourcePrefix.size());
    }
  }
  event.set_stream_id(read.required("ce_subject"));
  *event.mutable_occurred_at() = read.time("ce_time");
  event.set_stream_version(read.number("ce_streamversion"));
  event.set_log_position(read.number("ce_logposition"));
  *event.mutable_recorded_at() = read.time("ce_recordedtime");
  if (const std::string tenants = read.optional("ce_tenant"); !tenants.empty()) {
    for (std::size_t start = 0;;) {
      auto end = tenants.find(',', start);
      if (end == std::string::npos) end = tenants.size();
      if (end == start) {
        read.fail(
            malformed("ce_tenant", tenants, "expected tenant codes separated by commas").error());
        break;
      }
      event.add_tenants(tenants.substr(start, end - start));
      if (end == tenants.size()) break;
      start = end + 1;
    }
  }
  event.set_correlation_id(read.optional("ce_correlationid"));
  event.set_causation_id(read.optional("ce_causationid"));
  event.set_actor(read.optional("ce_actor"));
  if (key && !event.stream_id().empty() && *key != event.stream_id()) {
    read.fail(DecodeError{DecodeErrc::malformed_header, "ce_subject",
                          "header ce_subject: '" + event.stream_id() +
                              "' differs from the record key '" + std::string(*key) + "'"});
  }
  if (read.error()) return std::unexpected(*read.error());
  event.set_payload(std::string(value));
  return out;
}

}  // namespace opsdesk::messaging
