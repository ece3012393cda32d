// A meeting and the minutes it owes within 2 business days (仕様書 4.(1)②コ): the due time on the
// business calendar (across a weekend and a holiday), the minutes as a version of a minutes
// document, late when after the due time, and MinutesOverdue once when nothing came.

#include "services/changes/domain/meeting.hpp"

#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

const std::string kMeetingId = "0190c3a4-0000-7000-8000-00000000f101";
const auto kCalendar = calendar::BusinessCalendar::standard();

RecordMeeting meeting(const char* day = "2026-07-15", std::string kind = "monthly_report") {
  RecordMeeting c;
  c.meeting_id = kMeetingId;
  c.date = date(day);
  c.held_at = "センタ会議室";
  c.kind = std::move(kind);
  c.title = "7月 月次報告会";
  c.attendees = {"総務省共済組合 佐藤", "受託者 田中"};
  c.tenants = {"soumu"};
  c.minutes_due_at = minutes_due_at(c.date, kCalendar);
  c.by = "desk";
  c.at = kNow;
  return c;
}
MinutesDocument minutes_document(std::string kind = "minutes") {
  return {"doc-minutes", "7月 月次報告会 議事録", std::move(kind),
          true,          "its versions: 1.0",     false};
}
RecordMinutes minutes(core::Instant when = kNow) {
  return {"doc-minutes", "1.0", minutes_document(), "desk", when};
}
MeetingState given_meeting(const std::vector<MeetingCommand>& commands, core::Instant now = kNow) {
  return given<MeetingState>(commands, now);
}

TEST(Meeting, MinutesAreDueAtTheEndOfTheSecondBusinessDayAfter) {
  // Wednesday → Friday 18:00.
  EXPECT_EQ(minutes_due_at(date("2026-07-15"), kCalendar), at("2026-07-17T18:00:00+09:00"));
  // Friday 2026-11-20 → Wednesday 11-25: the weekend, then Monday 11-23 is 勤労感謝の日.
  EXPECT_EQ(minutes_due_at(date("2026-11-20"), kCalendar), at("2026-11-25T18:00:00+09:00"));
  // A meeting on a Saturday counts from the next business days too.
  EXPECT_EQ(minutes_due_at(date("2026-11-21"), kCalendar), at("2026-11-25T18:00:00+09:00"));
}

TEST(Meeting, IsRecordedWithItsDueTimeAndTakesItsMinutesOnce) {
  const auto held = at("2026-11-20T17:00:00+09:00");
  auto friday = meeting("2026-11-20");
  friday.at = held;
  auto state = given_meeting({friday}, held);
  EXPECT_EQ(state.minutes_due_at, at("2026-11-25T18:00:00+09:00"));
  EXPECT_EQ(state.status(), "minutes_due");
  EXPECT_EQ(state.concerned(), std::vector<std::string>{"soumu"});

  const auto tuesday = at("2026-11-24T15:00:00+09:00");
  state = given_meeting({friday, minutes(tuesday)}, tuesday);
  EXPECT_EQ(state.status(), "minutes_submitted");
  EXPECT_FALSE(state.minutes->late);
  EXPECT_EQ(refusal(state, minutes(tuesday), tuesday), "minutes-recorded");
}

TEST(Meeting, MinutesAfterTheDueTimeAreLate) {
  const auto thursday = at("2026-07-16T09:00:00+09:00");
  auto state = given_meeting({meeting("2026-07-14"), minutes(thursday)}, thursday);
  EXPECT_EQ(state.minutes_due_at, at("2026-07-16T18:00:00+09:00"));
  EXPECT_FALSE(state.minutes->late);
  const auto friday = at("2026-07-17T09:00:00+09:00");
  auto late = meeting("2026-07-14");
  late.at = at("2026-07-14T17:00:00+09:00");
  state = given_meeting({late, minutes(friday)}, friday);
  EXPECT_TRUE(state.minutes->late);
}

TEST(Meeting, TheMinutesAreAVersionOfAMinutesDocument) {
  auto state = given_meeting({meeting()});
  auto wrong_kind = minutes();
  wrong_kind.document = minutes_document("report");
  EXPECT_EQ(refusal(state, wrong_kind),
            "document_id: '7月 月次報告会 議事録' is a report, not minutes (register the minutes "
            "as a document of kind minutes)");
  auto missing = minutes();
  missing.document.reset();
  EXPECT_EQ(refusal(state, missing), "document_id: no document doc-minutes");
  auto no_version = minutes();
  no_version.document_version = "2.0";
  no_version.document->has_version = false;
  EXPECT_EQ(refusal(state, no_version),
            "document_version: '7月 月次報告会 議事録' has no version 2.0; its versions: 1.0");
}

TEST(Meeting, OverdueIsRecordedOnceAfterTheDueTimeWithoutMinutes) {
  auto state = given_meeting({meeting()});  // due Friday 2026-07-17 18:00
  EXPECT_EQ(refusal(state, RecordMinutesOverdue{kNow}, at("2026-07-17T18:00:00+09:00")),
            "not-yet-due")
      << "minutes at the due time itself are on time";
  const auto after = at("2026-07-17T18:01:00+09:00");
  state = given_meeting({meeting(), RecordMinutesOverdue{after}}, after);
  EXPECT_EQ(state.status(), "minutes_overdue");
  EXPECT_EQ(refusal(state, RecordMinutesOverdue{after}, after), "overdue-recorded");
  // Late minutes are still taken.
  state = given_meeting({meeting(), RecordMinutesOverdue{after}, minutes(after)}, after);
  EXPECT_EQ(state.status(), "minutes_submitted");
  EXPECT_TRUE(state.minutes->late);
  auto submitted = given_meeting({meeting(), minutes()});
  EXPECT_EQ(refusal(submitted, RecordMinutesOverdue{after}, after), "minutes-recorded");
}

TEST(Meeting, RecordingNamesEveryBadField) {
  RecordMeeting bad = meeting("2026-07-16", "party");  // tomorrow
  bad.attendees = {};
  bad.held_at = "";
  bad.tenants = {};
  EXPECT_EQ(refused_fields(MeetingState{}, bad),
            (std::vector<std::string>{"date", "held_at", "kind", "attendees", "tenants"}));
}

}  // namespace
}  // namespace opsdesk::changes
