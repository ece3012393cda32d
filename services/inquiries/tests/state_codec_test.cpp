// An inquiry's state kept in a stream snapshot must come back exactly as it was folded: for
// every version of an inquiry that touches every part of its state (reception, acknowledgement,
// a class changed with a reason, escalation and its link, a question to the requester and the
// reply, answers, a reopening, effort of several kinds, closing), decoding the encoded state
// gives the same state.

#include "services/inquiries/state_codec.hpp"

#include <gtest/gtest.h>

#include "services/inquiries/domain/decider.hpp"
#include "services/inquiries/inquiry_aggregate.hpp"

namespace opsdesk::inquiries {
namespace {

using core::Instant;

Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

std::vector<InquiryState> a_long_life() {
  const Instant now = at("2026-12-31T12:00:00+09:00");
  ClassifyInquiry question{
      "question", "", false, "", "", {}, std::nullopt, "desk", at("2026-12-01T10:20:00+09:00")};
  ClassifyInquiry fault{"fault",
                        "the figures are wrong, not a usage question",
                        true,
                        "major",
                        "",
                        {},
                        at("2026-12-01T08:00:00+09:00"),
                        "desk",
                        at("2026-12-01T11:00:00+09:00")};
  const std::vector<InquiryCommand> commands{
      ReceiveInquiry{"0190c3a4-0000-7000-8000-0000000000aa", at("2026-12-01T10:00:00+09:00"),
                     "phone", "soumu", "山田", "本部システム管理者", "給付計算の結果が前月と異なる",
                     "11月分の短期給付の計算結果が…", "給付"},
      AcknowledgeInquiry{"desk", at("2026-12-01T10:05:00+09:00")},
      question,
      RecordEffort{20, "handling", "desk", at("2026-12-01T10:30:00+09:00"), "電話対応"},
      fault,
      LinkIncident{"0190c3a4-0000-7000-8000-0000000000bb", at("2026-12-01T11:01:00+09:00")},
      RequestInformation{"対象の組合員番号を教えてください", "desk",
                         at("2026-12-01T11:10:00+09:00")},
      RecordInformation{"12345", "desk", at("2026-12-01T13:00:00+09:00")},
      AnswerInquiry{"修正版を配布しました", "desk", at("2026-12-02T10:00:00+09:00")},
      ReopenInquiry{"別の組合員でも起きる", "山田", at("2026-12-02T15:00:00+09:00")},
      AnswerInquiry{"全件を再計算しました", "desk", at("2026-12-03T10:00:00+09:00")},
      ConfirmAnswer{"山田", at("2026-12-03T11:00:00+09:00")},
      RecordEffort{30, "answer_review", "lead", at("2026-12-03T11:30:00+09:00"), ""},
      CloseInquiry{"", "desk", at("2026-12-03T12:00:00+09:00")},
      RecordEffort{15, "recording", "desk", at("2026-12-03T13:00:00+09:00"), "遅れて記録"},
  };
  std::vector<InquiryState> states;
  InquiryState state;
  for (const auto& command : commands) {
    auto events = decide(state, command, now);
    EXPECT_TRUE(events) << (events ? "" : events.error().rule + ": " + events.error().message);
    if (!events) break;
    for (const auto& event : *events) {
      state = evolve(std::move(state), event);
      states.push_back(state);
    }
  }
  return states;
}

TEST(InquiryStateCodec, EveryStateOfALongLifeComesBackExactly) {
  const auto states = a_long_life();
  ASSERT_EQ(states.size(), 15u);
  const auto& last = states.back();
  // The life reaches every part of the state.
  EXPECT_EQ(last.status, Status::closed);
  EXPECT_EQ(last.inquiry_class, "fault");
  EXPECT_TRUE(last.escalated);
  EXPECT_FALSE(last.incident_id.empty());
  EXPECT_TRUE(last.answer_confirmed);
  EXPECT_EQ(last.effort_minutes.size(), 3u);
  EXPECT_TRUE(last.closed_at);

  for (const auto& state : states) {
    auto decoded = decode_state(encode_state(state));
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(*decoded, state) << "at version " << state.version;
  }
}

TEST(InquiryStateCodec, BytesThatAreNoInquiryStateAreRefused) {
  EXPECT_FALSE(decode_state("\xff\xff\xff not a protobuf"));
  auto bytes = encode_state(a_long_life().back());
  const auto closed = bytes.find("closed");
  ASSERT_NE(closed, std::string::npos);
  bytes.replace(closed, 6, "frozen");
  auto decoded = decode_state(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().find("frozen"), std::string::npos);
}

TEST(InquiryStateCodec, TheAggregateNamesItsSchemaForTheSnapshots) {
  EXPECT_FALSE(InquiryAggregate::kStateSchema.empty());
  const auto state = a_long_life().back();
  EXPECT_EQ(InquiryAggregate::decode_state(InquiryAggregate::encode_state(state)).value(), state);
}

}  // namespace
}  // namespace opsdesk::inquiries
