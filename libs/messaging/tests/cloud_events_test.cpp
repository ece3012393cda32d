// The CloudEvents binary-mode contract: every header as ARCHITECTURE.md lists it (plus
// ce_logposition), an exact round trip, and a clear error for each missing or bad header.

#include "libs/messaging/cloud_events.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "libs/core/instant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::messaging {
namespace {

eventstore::RecordedEvent sample_event() {
  eventstore::RecordedEvent event;
  event.set_event_id("0190c6a0-0000-7000-8000-000000000001");
  event.set_stream_id("incident-0190c6a0-0000-7000-8000-0000000000aa");
  event.set_stream_version(3);
  event.set_log_position(42);
  event.set_type("opsdesk.incidents.v1.FirstNoticeSent");
  *event.mutable_occurred_at() =
      proto::to_timestamp(core::parse_rfc3339("2026-11-21T23:55:30.25Z").value());
  *event.mutable_recorded_at() =
      proto::to_timestamp(core::parse_rfc3339("2026-11-22T00:00:01.123456Z").value());
  event.add_tenants("t01");
  event.add_tenants("t07");
  event.set_actor("user-42");
  event.set_correlation_id("req-1");
  event.set_causation_id("req-0");
  event.set_payload(std::string("\x0a\x03\x61\x62\x63\x00\xff", 7));
  return event;
}

std::map<std::string, std::string> as_map(const Headers& headers) {
  return std::map<std::string, std::string>(headers.begin(), headers.end());
}

Headers without(Headers headers, const std::string& name) {
  std::erase_if(headers, [&](const auto& h) { return h.first == name; });
  return headers;
}

Headers with(Headers headers, const std::string& name, const std::string& value) {
  headers = without(std::move(headers), name);
  headers.emplace_back(name, value);
  return headers;
}

TEST(CloudEventsRecord, CarriesEveryAttributeAsABinaryModeHeader) {
  const auto record = to_kafka_record(sample_event(), "incidents");
  EXPECT_EQ(record.key, "incident-0190c6a0-0000-7000-8000-0000000000aa");
  EXPECT_EQ(record.value, sample_event().payload());
  const std::map<std::string, std::string> expected{
      {"ce_specversion", "1.0"},
      {"ce_id", "0190c6a0-0000-7000-8000-000000000001"},
      {"ce_type", "opsdesk.incidents.v1.FirstNoticeSent"},
      {"ce_source", "/opsdesk/incidents"},
      {"ce_subject", "incident-0190c6a0-0000-7000-8000-0000000000aa"},
      {"ce_time", "2026-11-21T23:55:30.25Z"},
      {"content-type", "application/protobuf"},
      {"ce_streamversion", "3"},
      {"ce_logposition", "42"},
      {"ce_recordedtime", "2026-11-22T00:00:01.123456Z"},
      {"ce_tenant", "t01,t07"},
      {"ce_correlationid", "req-1"},
      {"ce_causationid", "req-0"},
      {"ce_actor", "user-42"},
  };
  EXPECT_EQ(as_map(record.headers), expected);
  EXPECT_EQ(record.headers.size(), expected.size()) << "no header appears twice";
}

TEST(CloudEventsRecord, ACentreWideEventWithoutCausationLeavesThoseHeadersOut) {
  auto event = sample_event();
  event.clear_tenants();
  event.clear_causation_id();
  const auto headers = as_map(to_kafka_record(event, "incidents").headers);
  EXPECT_FALSE(headers.contains("ce_tenant"));
  EXPECT_FALSE(headers.contains("ce_causationid"));
  auto decoded = from_kafka_record(event.stream_id(), to_kafka_record(event, "incidents").headers,
                                   event.payload());
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->event.tenants_size(), 0);
  EXPECT_EQ(decoded->event.causation_id(), "");
}

TEST(CloudEventsRecord, DecodingARecordGivesBackTheSameEnvelopeAndDomain) {
  const auto original = sample_event();
  const auto record = to_kafka_record(original, "incidents");
  auto decoded = from_kafka_record(record.key, record.headers, record.value);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->domain, "incidents");
  EXPECT_EQ(decoded->event.SerializeAsString(), original.SerializeAsString());
}

TEST(CloudEventsRecord, ARecordWithoutAKeyDecodesFromCeSubject) {
  const auto record = to_kafka_record(sample_event(), "incidents");
  auto decoded = from_kafka_record(std::nullopt, record.headers, record.value);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->event.stream_id(), sample_event().stream_id());
}

TEST(CloudEventsRecord, EachRequiredHeaderMissingIsNamedInTheError) {
  const auto record = to_kafka_record(sample_event(), "incidents");
  for (const std::string name :
       {"ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "content-type",
        "ce_streamversion", "ce_logposition", "ce_recordedtime"}) {
    auto decoded = from_kafka_record(record.key, without(record.headers, name), record.value);
    ASSERT_FALSE(decoded) << name;
    EXPECT_EQ(decoded.error().code, DecodeErrc::missing_header) << name;
    EXPECT_EQ(decoded.error().header, name);
    EXPECT_EQ(decoded.error().message, "missing header " + name);
  }
}

TEST(CloudEventsRecord, MalformedHeadersAreRefusedWithWhatIsAllowed) {
  const auto record = to_kafka_record(sample_event(), "incidents");
  const std::vector<std::pair<std::string, std::string>> bad{
      {"ce_specversion", "0.3"},         {"content-type", "application/json"},
      {"ce_source", "/other/incidents"}, {"ce_source", "/opsdesk/"},
      {"ce_time", "yesterday"},          {"ce_recordedtime", "2026-13-01T00:00:00Z"},
      {"ce_streamversion", "three"},     {"ce_streamversion", "0"},
      {"ce_logposition", "-1"},          {"ce_logposition", "12abc"},
      {"ce_tenant", "t01,,t02"},         {"ce_tenant", "t01,"},
      {"ce_subject", "incident-other"},
  };
  for (const auto& [name, value] : bad) {
    auto decoded = from_kafka_record(record.key, with(record.headers, name, value), record.value);
    ASSERT_FALSE(decoded) << name << "=" << value;
    EXPECT_EQ(decoded.error().code, DecodeErrc::malformed_header) << name << "=" << value;
    EXPECT_EQ(decoded.error().header, name) << value;
    EXPECT_NE(decoded.error().message.find(name), std::string::npos) << decoded.error().message;
  }
}

TEST(CloudEventsRecord, TheLastOfARepeatedHeaderCounts) {
  auto record = to_kafka_record(sample_event(), "incidents");
  record.headers.insert(record.headers.begin(), {"ce_streamversion", "99"});
  auto decoded = from_kafka_record(record.key, record.headers, record.value);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->event.stream_version(), 3u);
}

}  // namespace
}  // namespace opsdesk::messaging
