// An incident's state kept in a stream snapshot must come back exactly as it was folded: for
// every version of an incident that touches every part of its state (notices to several
// tenants, a tenant added later, vendors, activities, workaround, cause, fix, prevention,
// closing, reopening and closing again), decoding the encoded state gives the same state.

#include "services/incidents/state_codec.hpp"

#include <gtest/gtest.h>

#include "services/incidents/domain/decider.hpp"
#include "services/incidents/incident_aggregate.hpp"

namespace opsdesk::incidents {
namespace {

using core::Instant;

Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

// Every state the incident passes through, from its detection on, each decided by the decider.
std::vector<IncidentState> a_long_life() {
  const Instant now = at("2026-12-31T12:00:00+09:00");
  const std::vector<IncidentCommand> commands{
      DetectIncident{"0190c3a4-0000-7000-8000-000000000001", at("2026-11-24T10:00:00+09:00"),
                     "monitoring", "major", "batch job failed", "nightly batch stopped",
                     std::vector<std::string>{"soumu", "houmu"},
                     std::vector<std::string>{"srv-soumu"}, "inq-1"},
      RecordNotice{"soumu", "first_notice", at("2026-11-24T10:30:00+09:00"), "email", "told"},
      RecordNotice{"houmu", "first_notice", at("2026-11-24T10:40:00+09:00"), "phone", ""},
      AddAffectedTenant{"zaimu", "shares the batch server", at("2026-11-24T11:00:00+09:00")},
      RecordVendorContact{"hardware", at("2026-11-24T11:10:00+09:00"), "disk vendor called"},
      RecordResponseActivity{at("2026-11-24T11:00:00+09:00"), at("2026-11-24T12:00:00+09:00"),
                             "sato", "logs read"},
      RecordNotice{"soumu", "progress_report", at("2026-11-25T10:00:00+09:00"), "email",
                   "still on it"},
      RecordNotice{"soumu", "progress_report", at("2026-11-26T10:00:00+09:00"), "email", ""},
      ApplyWorkaround{at("2026-11-26T11:00:00+09:00"), "batch rerun by hand"},
      IdentifyCause{at("2026-11-26T12:00:00+09:00"), "full disk"},
      RestoreService{at("2026-11-26T13:00:00+09:00"), "disk cleaned"},
      RecordNotice{"soumu", "recovery_report", at("2026-11-26T14:00:00+09:00"), "email", ""},
      PlanPermanentFix{"change-1", "larger disk", at("2026-11-27T10:00:00+09:00")},
      RecordPreventionAction{at("2026-11-27T11:00:00+09:00"), "disk alarm at 80 %"},
      CloseIncident{at("2026-11-27T12:00:00+09:00"), "fixed"},
      ReopenIncident{at("2026-11-30T09:30:00+09:00"), "the batch failed again"},
      RecordResponseActivity{at("2026-11-30T09:30:00+09:00"), at("2026-11-30T10:00:00+09:00"),
                             "suzuki", "again"},
      RestoreService{at("2026-11-30T10:00:00+09:00"), "rerun"},
      CloseIncident{at("2026-11-30T11:00:00+09:00"), "fixed for good"},
  };
  std::vector<IncidentState> states;
  IncidentState state;
  for (const auto& command : commands) {
    auto events = decide(state, command, now);
    EXPECT_TRUE(events) << (events ? "" : events.error().message);
    if (!events) break;
    for (const auto& event : *events) {
      state = evolve(std::move(state), event);
      states.push_back(state);
    }
  }
  return states;
}

TEST(IncidentStateCodec, EveryStateOfALongLifeComesBackExactly) {
  const auto states = a_long_life();
  ASSERT_GE(states.size(), 19u);
  const auto& last = states.back();
  // The life reaches every part of the state.
  EXPECT_EQ(last.affected_tenants.size(), 3u);
  EXPECT_EQ(last.notices.at("soumu").progress_reports, 2);
  EXPECT_TRUE(last.notices.at("soumu").recovery_report_at);
  EXPECT_EQ(last.reopen_count, 1);
  EXPECT_EQ(last.status, Status::closed);
  EXPECT_FALSE(last.permanent_fixes.empty());
  EXPECT_FALSE(last.prevention_actions.empty());

  for (const auto& state : states) {
    auto decoded = decode_state(encode_state(state));
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(*decoded, state) << "at version " << state.version;
  }
}

TEST(IncidentStateCodec, BytesThatAreNoIncidentStateAreRefused) {
  EXPECT_FALSE(decode_state("\xff\xff\xff not a protobuf"));
  // A status this build does not know (a newer build's) is refused, not guessed.
  auto state = a_long_life().back();
  auto bytes = encode_state(state);
  const auto closed = bytes.find("closed");
  ASSERT_NE(closed, std::string::npos);
  bytes.replace(closed, 6, "frozen");
  auto decoded = decode_state(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().find("frozen"), std::string::npos);
}

TEST(IncidentStateCodec, TheAggregateNamesItsSchemaForTheSnapshots) {
  EXPECT_FALSE(IncidentAggregate::kStateSchema.empty());
  const auto state = a_long_life().back();
  EXPECT_EQ(IncidentAggregate::decode_state(IncidentAggregate::encode_state(state)).value(), state);
}

}  // namespace
}  // namespace opsdesk::incidents
