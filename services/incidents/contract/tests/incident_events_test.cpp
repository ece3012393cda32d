#include "services/incidents/contract/incident_events.hpp"

#include <gtest/gtest.h>

namespace opsdesk::incidents {
namespace {

using Record = opsdesk::eventstore::v1::RecordedEvent;

template <typename Message>
Record recorded(const Message& message, std::string stream = "incident-0190c0de") {
  Record record;
  record.set_stream_id(std::move(stream));
  record.set_type(std::string(Message::descriptor()->full_name()));
  record.set_payload(message.SerializeAsString());
  return record;
}

TEST(IncidentsContract, ARecordedEventDecodesIntoItsAlternative) {
  v1::FirstNoticeSent notice;
  notice.set_tenant("soumu");
  auto decoded = decode(recorded(notice));
  ASSERT_TRUE(decoded) << decoded.error();
  ASSERT_TRUE(std::holds_alternative<v1::FirstNoticeSent>(*decoded));
  EXPECT_EQ(std::get<v1::FirstNoticeSent>(*decoded).tenant(), "soumu");
  EXPECT_EQ(type_name(*decoded), "opsdesk.incidents.v1.FirstNoticeSent");
}

TEST(IncidentsContract, AnUnknownTypeIsAnErrorNamingIt) {
  auto record = recorded(v1::IncidentClosed{});
  record.set_type("opsdesk.incidents.v1.IncidentMerged");
  auto decoded = decode(record);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().find("'opsdesk.incidents.v1.IncidentMerged' is not an event type"),
            std::string::npos)
      << decoded.error();
}

TEST(IncidentsContract, APayloadThatDoesNotParseIsAnError) {
  auto record = recorded(v1::IncidentClosed{});
  record.set_payload("\xff\xff\xff");
  auto decoded = decode(record);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().find("does not parse"), std::string::npos) << decoded.error();
}

TEST(IncidentsContract, ARecordOfAnotherStreamKindIsAnError) {
  auto decoded = decode(recorded(v1::IncidentClosed{}, "sla-0190c0de"));
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().find("not an incident stream"), std::string::npos);
}

TEST(IncidentsContract, AReaderOfSomeTypesGetsThoseDecodedAndNothingForTheOthers) {
  v1::IncidentClosed closed;
  closed.set_resolution("復旧を確認");
  auto wanted = decode_only<v1::IncidentDetected, v1::IncidentClosed>(recorded(closed));
  ASSERT_TRUE(wanted) << wanted.error();
  ASSERT_TRUE(*wanted);
  EXPECT_EQ(std::get<v1::IncidentClosed>(**wanted).resolution(), "復旧を確認");

  // Another type of the contract is not parsed: even a payload that would not parse gives
  // nothing rather than an error.
  auto notice = recorded(v1::FirstNoticeSent{});
  notice.set_payload("\xff\xff\xff");
  auto other = decode_only<v1::IncidentDetected, v1::IncidentClosed>(notice);
  ASSERT_TRUE(other) << other.error();
  EXPECT_FALSE(*other);
}

TEST(IncidentsContract, AReaderOfSomeTypesStillRefusesWhatTheContractDoesNotHave) {
  auto unknown = recorded(v1::IncidentClosed{});
  unknown.set_type("opsdesk.incidents.v1.IncidentMerged");
  auto decoded = decode_only<v1::IncidentClosed>(unknown);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().find("'opsdesk.incidents.v1.IncidentMerged' is not an event type"),
            std::string::npos)
      << decoded.error();

  auto broken = recorded(v1::IncidentClosed{});
  broken.set_payload("\xff\xff\xff");
  EXPECT_FALSE(decode_only<v1::IncidentClosed>(broken));
  EXPECT_FALSE(decode_only<v1::IncidentClosed>(recorded(v1::IncidentClosed{}, "sla-0190c0de")));
}

TEST(IncidentsContract, StreamIdsAreIncidentDashId) {
  EXPECT_EQ(stream_id_of("0190c0de"), "incident-0190c0de");
  EXPECT_EQ(incident_id_of("incident-0190c0de"), "0190c0de");
  EXPECT_EQ(incident_id_of("sla-0190c0de"), "");
}

TEST(IncidentStatus, FollowsTheLifecycle) {
  const IncidentEvent detected = v1::IncidentDetected{};
  const IncidentEvent workaround = v1::WorkaroundApplied{};
  const IncidentEvent restored = v1::ServiceRestored{};
  const IncidentEvent closed = v1::IncidentClosed{};
  const IncidentEvent reopened = v1::IncidentReopened{};
  const IncidentEvent notice = v1::ProgressReportSent{};
  EXPECT_EQ(next_status(Status::open, detected), Status::open);
  EXPECT_EQ(next_status(Status::open, workaround), Status::workaround_applied);
  // A second workaround after restoration does not move the incident back.
  EXPECT_EQ(next_status(Status::restored, workaround), Status::restored);
  EXPECT_EQ(next_status(Status::workaround_applied, restored), Status::restored);
  EXPECT_EQ(next_status(Status::restored, closed), Status::closed);
  EXPECT_EQ(next_status(Status::closed, reopened), Status::open);
  EXPECT_EQ(next_status(Status::workaround_applied, notice), Status::workaround_applied);
  EXPECT_EQ(to_string(Status::workaround_applied), "workaround_applied");
  EXPECT_EQ(parse_status("workaround_applied"), Status::workaround_applied);
  EXPECT_EQ(parse_status("closing"), std::nullopt);
}

}  // namespace
}  // namespace opsdesk::incidents
