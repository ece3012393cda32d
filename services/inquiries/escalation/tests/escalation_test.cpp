// What an escalated fault or improvement request leads to, and how the process manager's view
// keeps it pending until the inquiry is linked: given the inquiry's events, then these
// escalations wait.

#include "services/inquiries/escalation/escalation.hpp"

#include <gtest/gtest.h>

#include <map>

#include "libs/projection/testing/memory_view.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/inquiries/escalation/escalation_projection.hpp"

namespace opsdesk::inquiries::escalation {
namespace {

using core::Instant;

Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

const std::string kId = "0190c3a4-0000-7000-8000-0000000000aa";

v1::InquiryReceived received(std::string tenant = "soumu") {
  v1::InquiryReceived e;
  e.set_inquiry_id(kId);
  *e.mutable_received_at() = proto::to_timestamp(at("2026-12-01T10:00:00+09:00"));
  e.set_channel("phone");
  e.set_tenant(std::move(tenant));
  e.set_requester_name("山田");
  e.set_subject("給付計算の結果が前月と異なる");
  e.set_body("11月分の短期給付の計算結果が前月と異なります。");
  return e;
}

v1::InquiryClassified escalated_fault() {
  v1::InquiryClassified e;
  e.set_inquiry_class("fault");
  e.set_escalate(true);
  e.set_severity("major");
  e.set_title("給付計算の誤り");
  *e.mutable_at() = proto::to_timestamp(at("2026-12-01T10:30:00+09:00"));
  e.set_by("desk");
  return e;
}

using projection::testing::MemoryView;

// Applies the inquiry's events in order (stream versions 1, 2, …).
class Given {
 public:
  template <typename... Events>
  explicit Given(const Events&... events) {
    (apply(events), ...);
  }
  template <typename Event>
  Given& apply(const Event& event) {
    opsdesk::eventstore::v1::RecordedEvent record;
    record.set_stream_id(stream_id_of(kId));
    record.set_stream_version(++version_);
    record.set_type(std::string(Event::descriptor()->full_name()));
    record.set_payload(event.SerializeAsString());
    projection_.apply(record, view_);
    return *this;
  }
  std::vector<Escalation> pending() const { return pending_escalations(view_); }

 private:
  EscalationProjection projection_;
  MemoryView view_;
  std::uint64_t version_ = 0;
};

TEST(Escalation, AnEscalatedFaultOpensAnIncidentOfTheInquirysTenantSinceItWasReceived) {
  const auto e = escalation_of(received(), escalated_fault(), 2);
  EXPECT_EQ(e.inquiry_id, kId);
  EXPECT_EQ(e.request["source"], "inquiry");
  EXPECT_EQ(e.request["inquiry_id"], kId);
  EXPECT_EQ(e.request["severity"], "major");
  EXPECT_EQ(e.request["title"], "給付計算の誤り");
  EXPECT_EQ(e.request["description"], "11月分の短期給付の計算結果が前月と異なります。");
  EXPECT_EQ(e.request["affected_tenants"], nlohmann::json::array({"soumu"}));
  EXPECT_EQ(e.request["occurred_at"], "2026-12-01T10:00:00+09:00");
}

TEST(Escalation, TheDeskMayNameWhenTheFaultBeganAndWhomItHits) {
  auto fault = escalated_fault();
  fault.clear_title();
  *fault.mutable_fault_occurred_at() = proto::to_timestamp(at("2026-12-01T08:15:00+09:00"));
  fault.add_affected_tenants("soumu");
  fault.add_affected_tenants("houmu");
  const auto e = escalation_of(received("centre_ops"), fault, 3);
  EXPECT_EQ(e.request["title"], "給付計算の結果が前月と異なる") << "the subject, untitled";
  EXPECT_EQ(e.request["occurred_at"], "2026-12-01T08:15:00+09:00");
  EXPECT_EQ(e.request["affected_tenants"], nlohmann::json::array({"soumu", "houmu"}));
}

TEST(Escalation, ALongBodyIsCutToTheIncidentsLimitWithoutSplittingACharacter) {
  auto long_one = received();
  std::string body;
  for (int i = 0; i < 4100; ++i) body += "障";
  long_one.set_body(body);
  const std::string description =
      escalation_of(long_one, escalated_fault(), 2).request["description"];
  EXPECT_EQ(description.size(), 4000u * 3);
}

TEST(Escalation, TheKeysNameTheEscalationAndDifferForItsTwoCommands) {
  const auto e = escalation_of(received(), escalated_fault(), 2);
  EXPECT_EQ(opening_key(e), "inquiry-escalation:" + kId + ":2:incident");
  EXPECT_EQ(link_key(e), "inquiry-escalation:" + kId + ":2:link");
  EXPECT_EQ(Escalation::from_json(e.to_json()).request, e.request);
}

TEST(EscalationView, AnEscalationWaitsUntilTheInquiryIsLinked) {
  Given inquiry(received(), escalated_fault());
  ASSERT_EQ(inquiry.pending().size(), 1u);
  EXPECT_EQ(inquiry.pending()[0].classified_version, 2u);
  v1::IncidentLinked linked;
  linked.set_incident_id("0190c3a4-0000-7000-8000-0000000000bb");
  inquiry.apply(linked);
  EXPECT_TRUE(inquiry.pending().empty());
}

TEST(Escalation, AnEscalatedImprovementRegistersAChangeForTheInquirysTenant) {
  auto improvement = escalated_fault();
  improvement.set_inquiry_class("improvement");
  improvement.set_severity("");
  improvement.set_title("給付計算画面の改善");
  const auto e = escalation_of(received(), improvement, 3);
  EXPECT_EQ(e.target, "change");
  EXPECT_EQ(e.request["origin"], "improvement");
  EXPECT_EQ(e.request["inquiry_id"], kId);
  EXPECT_EQ(e.request["title"], "給付計算画面の改善");
  EXPECT_EQ(e.request["tenants"], nlohmann::json::array({"soumu"}));
  EXPECT_EQ(opening_key(e), "inquiry-escalation:" + kId + ":3:change");
  EXPECT_EQ(link_key(e), "inquiry-escalation:" + kId + ":3:change-link");
  // The centre operations team's request is the centre's: its 18 associations.
  EXPECT_EQ(escalation_of(received("centre_ops"), improvement, 3).request["tenants"],
            nlohmann::json::array({"all_centre"}));
}

TEST(Escalation, AViewWrittenBeforeImprovementsEscalatedStillReadsAsAFaults) {
  const auto old = nlohmann::json{
      {"inquiry_id", kId}, {"classified_version", 2}, {"incident", {{"title", "x"}}}};
  const auto e = Escalation::from_json(old);
  EXPECT_EQ(e.target, "incident");
  EXPECT_EQ(e.request["title"], "x");
}

TEST(EscalationView, AnEscalatedImprovementWaitsUntilItsChangeIsLinked) {
  auto improvement = escalated_fault();
  improvement.set_inquiry_class("improvement");
  Given inquiry(received(), improvement);
  ASSERT_EQ(inquiry.pending().size(), 1u);
  EXPECT_EQ(inquiry.pending()[0].target, "change");
  v1::ChangeLinked linked;
  linked.set_change_id("0190c3a4-0000-7000-8000-0000000000dd");
  inquiry.apply(linked);
  EXPECT_TRUE(inquiry.pending().empty());
  v1::ChangeLinked by_hand;
  by_hand.set_change_id("0190c3a4-0000-7000-8000-0000000000ee");
  EXPECT_TRUE(Given(received(), by_hand, improvement).pending().empty());
}

TEST(EscalationView, OnlyAnEscalationWaitsAndNotOneLinkedByHand) {
  auto not_escalated = escalated_fault();
  not_escalated.set_escalate(false);
  EXPECT_TRUE(Given(received(), not_escalated).pending().empty());
  v1::IncidentLinked by_hand;
  by_hand.set_incident_id("0190c3a4-0000-7000-8000-0000000000cc");
  EXPECT_TRUE(Given(received(), by_hand, escalated_fault()).pending().empty());
}

TEST(EscalationView, AClosedAndReopenedInquiryMayStillBeEscalated) {
  v1::InquiryClosed closed;
  v1::InquiryReopened reopened;
  EXPECT_EQ(Given(received(), closed, reopened, escalated_fault()).pending().size(), 1u);
}

}  // namespace
}  // namespace opsdesk::inquiries::escalation
