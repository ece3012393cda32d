// The inquiry lifecycle rules as given / when / then: given the events so far, when a command
// arrives at a time, then these events are recorded, or this rule is named.

#include "services/inquiries/domain/decider.hpp"

#include <gtest/gtest.h>

#include "proto-schemas/proto_time.hpp"

namespace opsdesk::inquiries {
namespace {

using core::Instant;

Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

// Received Tuesday 2026-12-01 at 10:00 Tokyo time; "now" is 16:00 that day.
const Instant kReceived = at("2026-12-01T10:00:00+09:00");
const Instant kNow = at("2026-12-01T16:00:00+09:00");
const Instant kLater = at("2026-12-01T11:00:00+09:00");

ReceiveInquiry receive(std::string tenant = "soumu") {
  return ReceiveInquiry{"0190c3a4-0000-7000-8000-0000000000aa",
                        kReceived,
                        "phone",
                        std::move(tenant),
                        "山田",
                        "本部システム管理者",
                        "給付計算の結果が前月と異なる",
                        "11月分の短期給付の計算結果が…",
                        ""};
}

// The state after `commands`, each decided at kNow and required to succeed.
InquiryState given(const std::vector<InquiryCommand>& commands) {
  InquiryState state;
  for (const auto& command : commands) {
    auto events = decide(state, command, kNow);
    EXPECT_TRUE(events.has_value())
        << (events ? "" : events.error().rule + ": " + events.error().message);
    if (!events) break;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  return state;
}

ClassifyInquiry classify(std::string inquiry_class, std::string reason = "") {
  ClassifyInquiry c;
  c.inquiry_class = std::move(inquiry_class);
  c.reason = std::move(reason);
  c.by = "desk";
  c.at = kLater;
  return c;
}

AnswerInquiry answer() { return AnswerInquiry{"設定の変更で解消します", "desk", kLater}; }

// The rule a refused command names.
std::string refused(const InquiryState& state, const InquiryCommand& command) {
  auto decided = decide(state, command, kNow);
  if (decided) return "(accepted)";
  return decided.error().rule;
}

std::vector<std::string> bad_fields(const InquiryState& state, const InquiryCommand& command) {
  auto decided = decide(state, command, kNow);
  std::vector<std::string> fields;
  if (!decided)
    for (const auto& f : decided.error().fields) fields.push_back(f.field);
  return fields;
}

TEST(InquiryDecider, AReceivedInquiryRecordsWhoAskedWhatAndWhen) {
  auto events = decide(InquiryState{}, receive(), kNow).value();
  ASSERT_EQ(events.size(), 1u);
  const auto& e = std::get<v1::InquiryReceived>(events[0]);
  EXPECT_EQ(e.tenant(), "soumu");
  EXPECT_EQ(e.channel(), "phone");
  EXPECT_EQ(proto::from_timestamp(e.received_at()), kReceived);
  EXPECT_EQ(given({receive()}).status, Status::received);
}

TEST(InquiryDecider, EveryBadFieldOfAReceptionIsNamedAtOnce) {
  auto wrong = receive("nasa");
  wrong.channel = "fax";
  wrong.subject = " ";
  wrong.received_at = at("2026-12-01T17:00:00+09:00");  // an hour after now
  EXPECT_EQ(bad_fields(InquiryState{}, wrong),
            (std::vector<std::string>{"received_at", "channel", "tenant", "subject"}));
}

TEST(InquiryDecider, TheCentreOperationsTeamMayAskToo) {
  EXPECT_EQ(given({receive("centre_ops")}).tenant, "centre_ops");
}

TEST(InquiryDecider, CommandsOnAnUnknownInquiryAreNotFound) {
  auto decided = decide(InquiryState{}, answer(), kNow);
  ASSERT_FALSE(decided);
  EXPECT_EQ(decided.error().kind, DomainError::Kind::not_found);
}

TEST(InquiryDecider, AnAnswerNeedsAClassFirst) {
  const auto state = given({receive()});
  EXPECT_EQ(refused(state, answer()), "answer-needs-class");
  EXPECT_EQ(given({receive(), classify("question"), answer()}).status, Status::answered);
}

TEST(InquiryDecider, ChangingTheClassNeedsAReasonAndIsRecordedWithThePreviousOne) {
  const auto state = given({receive(), classify("question")});
  EXPECT_EQ(bad_fields(state, classify("fault")), std::vector<std::string>{"reason"});
  EXPECT_EQ(refused(state, classify("question", "again")), "class-unchanged");
  auto events = decide(state, classify("fault", "the figures are wrong: a defect"), kNow).value();
  EXPECT_EQ(std::get<v1::InquiryClassified>(events[0]).previous_class(), "question");
}

TEST(InquiryDecider, AnEscalatedFaultSaysWhatIncidentToOpen) {
  auto fault = classify("fault");
  fault.escalate = true;
  EXPECT_EQ(bad_fields(given({receive()}), fault), std::vector<std::string>{"severity"});
  fault.severity = "major";
  auto events = decide(given({receive()}), fault, kNow).value();
  const auto& e = std::get<v1::InquiryClassified>(events[0]);
  EXPECT_TRUE(e.escalate());
  EXPECT_EQ(e.title(), "給付計算の結果が前月と異なる") << "the title defaults to the subject";
  EXPECT_EQ(refused(given({receive(), fault}),
                    [&] {
                      auto again = classify("improvement", "rather a change");
                      again.escalate = true;
                      return again;
                    }()),
            "already-escalated");
}

TEST(InquiryDecider, AFaultMayBeEscalatedLaterWithoutChangingItsClass) {
  auto fault = classify("fault");
  EXPECT_EQ(refused(given({receive(), fault}), fault), "class-unchanged");
  fault.escalate = true;
  fault.severity = "minor";
  const auto escalated = given({receive(), classify("fault"), fault});
  EXPECT_TRUE(escalated.escalated);
  EXPECT_EQ(refused(escalated, fault), "already-escalated");
}

TEST(InquiryDecider, ACentreOpsFaultNamesTheAssociationsItHits) {
  auto fault = classify("fault");
  fault.escalate = true;
  fault.severity = "minor";
  EXPECT_EQ(bad_fields(given({receive("centre_ops")}), fault),
            std::vector<std::string>{"affected_tenants"});
  fault.affected_tenants = {"soumu", "kokkou"};
  EXPECT_TRUE(decide(given({receive("centre_ops")}), fault, kNow).has_value());
}

TEST(InquiryDecider, OnlyFaultsAndImprovementsAreEscalated) {
  auto question = classify("question");
  question.escalate = true;
  EXPECT_EQ(bad_fields(given({receive()}), question), std::vector<std::string>{"escalate"});
}

TEST(InquiryDecider, AQuestionWaitsWhileTheRequesterIsAskedForMore) {
  const auto waiting = given({receive(), classify("question"),
                              RequestInformation{"どの組合員番号ですか", "desk", kLater}});
  EXPECT_EQ(waiting.status, Status::waiting_for_information);
  EXPECT_EQ(refused(waiting, answer()), "waiting-for-information");
  EXPECT_EQ(refused(waiting, RequestInformation{"もう一つ", "desk", kLater}),
            "already-waiting-for-information");
  const auto back = given({receive(), classify("question"),
                           RequestInformation{"どの組合員番号ですか", "desk", kLater},
                           RecordInformation{"12345", "desk", kLater}});
  EXPECT_EQ(back.status, Status::in_progress);
  EXPECT_EQ(refused(given({receive()}), RecordInformation{"x", "desk", kLater}),
            "no-information-requested");
}

TEST(InquiryDecider, ClosingNeedsAnAnswerOrAnOutOfScopeReason) {
  const CloseInquiry close{"", "desk", kLater};
  EXPECT_EQ(refused(given({receive(), classify("question")}), close), "close-before-answer");
  EXPECT_EQ(given({receive(), classify("question"), answer(), close}).status, Status::closed);
  const auto outside = given({receive(), classify("out_of_scope", "Excel の使い方は対象外")});
  EXPECT_EQ(bad_fields(outside, close), std::vector<std::string>{"reason"});
  EXPECT_EQ(given({receive(), classify("out_of_scope", "Excel の使い方は対象外"),
                   CloseInquiry{"端末の Office 製品の操作は本業務の対象外です", "desk", kLater}})
                .status,
            Status::closed);
}

TEST(InquiryDecider, AClosedInquiryTakesOnlyAReopeningLateEffortAndItsEscalationsLink) {
  const auto closed =
      given({receive(), classify("question"), answer(), CloseInquiry{"", "desk", kLater}});
  EXPECT_EQ(refused(closed, answer()), "inquiry-closed");
  EXPECT_EQ(refused(closed, classify("fault", "x")), "inquiry-closed");
  EXPECT_EQ(refused(closed, RecordEffort{30, "recording", "desk", kLater, ""}), "(accepted)");
  EXPECT_EQ(refused(closed, LinkIncident{"0190-incident", kLater}), "(accepted)");
  const auto reopened =
      given({receive(), classify("question"), answer(), CloseInquiry{"", "desk", kLater},
             ReopenInquiry{"回答の手順で解消しない", "desk", kLater}});
  EXPECT_EQ(reopened.status, Status::in_progress);
}

TEST(InquiryDecider, OnlyAnAnsweredOrClosedInquiryIsReopened) {
  EXPECT_EQ(refused(given({receive()}), ReopenInquiry{"why", "desk", kLater}),
            "not-answered-or-closed");
}

TEST(InquiryDecider, TheRequesterConfirmsAnAnswerOnce) {
  const auto answered = given({receive(), classify("question"), answer()});
  EXPECT_EQ(refused(given({receive()}), ConfirmAnswer{"山田", kLater}), "nothing-to-confirm");
  const auto confirmed =
      given({receive(), classify("question"), answer(), ConfirmAnswer{"山田", kLater}});
  EXPECT_TRUE(confirmed.answer_confirmed);
  EXPECT_EQ(refused(confirmed, ConfirmAnswer{"山田", kLater}), "answer-already-confirmed");
  EXPECT_EQ(refused(answered, ConfirmAnswer{"山田", kLater}), "(accepted)");
}

TEST(InquiryDecider, EffortIsPositiveMinutesOfAKnownKind) {
  const auto state = given({receive()});
  EXPECT_EQ(bad_fields(state, RecordEffort{0, "lunch", "desk", kLater, ""}),
            (std::vector<std::string>{"minutes", "kind"}));
  const auto worked = given({receive(), RecordEffort{45, "handling", "desk", kLater, ""},
                             RecordEffort{15, "answer_review", "desk", kLater, ""},
                             RecordEffort{30, "handling", "desk", kLater, ""}});
  EXPECT_EQ(worked.effort_minutes.at("handling"), 75u);
  EXPECT_EQ(worked.effort_minutes.at("answer_review"), 15u);
}

TEST(InquiryDecider, NothingHappensBeforeTheInquiryWasReceived) {
  EXPECT_EQ(
      refused(given({receive()}), AcknowledgeInquiry{"desk", at("2026-12-01T09:00:00+09:00")}),
      "before-reception");
  const auto acknowledged = given({receive(), AcknowledgeInquiry{"desk", kLater}});
  EXPECT_EQ(acknowledged.status, Status::in_progress);
  EXPECT_EQ(refused(acknowledged, AcknowledgeInquiry{"desk", kLater}), "already-acknowledged");
}

TEST(InquiryDecider, AnInquiryIsLinkedToOneIncidentAndOneChange) {
  const auto linked =
      given({receive(), LinkIncident{"0190-incident", kLater}, LinkChange{"0190-change", kLater}});
  EXPECT_EQ(linked.incident_id, "0190-incident");
  EXPECT_EQ(refused(linked, LinkIncident{"another", kLater}), "incident-already-linked");
  EXPECT_EQ(refused(linked, LinkChange{"another", kLater}), "change-already-linked");
  // An inquiry the desk linked by hand is not escalated to a second incident.
  auto escalate = classify("fault");
  escalate.escalate = true;
  escalate.severity = "major";
  EXPECT_EQ(refused(linked, escalate), "incident-already-linked");
}

}  // namespace
}  // namespace opsdesk::inquiries
