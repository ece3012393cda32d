// The inquiries contract as a reader meets it: a recorded event decodes into its alternative,
// and what this contract does not know is refused with the reason, never skipped.

#include "services/inquiries/contract/inquiry_events.hpp"

#include <gtest/gtest.h>

#include "proto-schemas/proto_time.hpp"

namespace opsdesk::inquiries {
namespace {

opsdesk::eventstore::v1::RecordedEvent record_of(const google::protobuf::Message& message,
                                                 std::string stream = "inquiry-0190-aa") {
  opsdesk::eventstore::v1::RecordedEvent record;
  record.set_stream_id(std::move(stream));
  record.set_type(std::string(message.GetDescriptor()->full_name()));
  record.set_payload(message.SerializeAsString());
  return record;
}

TEST(InquiryEvents, ARecordedEventDecodesIntoItsAlternative) {
  v1::EffortRecorded effort;
  effort.set_minutes(30);
  effort.set_kind("answer_review");
  *effort.mutable_at() = proto::to_timestamp(core::parse_rfc3339("2026-12-01T10:00:00Z").value());
  auto decoded = decode(record_of(effort));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(std::get<v1::EffortRecorded>(*decoded).minutes(), 30u);
  EXPECT_EQ(type_name(*decoded), "opsdesk.inquiries.v1.EffortRecorded");
  EXPECT_EQ(occurred_at(*decoded), core::parse_rfc3339("2026-12-01T10:00:00Z").value());
}

TEST(InquiryEvents, AnotherStreamOrAnUnknownTypeIsRefusedWithTheReason) {
  v1::InquiryClosed closed;
  EXPECT_EQ(decode(record_of(closed, "incident-0190")).error(),
            "stream 'incident-0190' is not an inquiry stream");
  auto record = record_of(closed);
  record.set_type("opsdesk.inquiries.v1.SomethingNew");
  EXPECT_EQ(decode(record).error(),
            "'opsdesk.inquiries.v1.SomethingNew' is not an event type of the inquiries contract "
            "this reader was built with");
}

TEST(InquiryEvents, StreamsAreNamedInquiryDashId) {
  EXPECT_EQ(stream_id_of("0190-aa"), "inquiry-0190-aa");
  EXPECT_EQ(inquiry_id_of("inquiry-0190-aa"), "0190-aa");
  EXPECT_EQ(inquiry_id_of("incident-0190-aa"), "");
}

}  // namespace
}  // namespace opsdesk::inquiries
