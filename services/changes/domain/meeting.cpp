#include "services/changes/domain/meeting.hpp"

#include "libs/calendar/date_text.hpp"
#include "libs/core/overloaded.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/changes/domain/due_time.hpp"
#include "services/changes/domain/field_check.hpp"

namespace opsdesk::changes {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<MeetingEvent>, DomainError>;

constexpr std::size_t kMaxAttendees = 100;

std::string meeting_name(const MeetingState& s) {
  return "the meeting '" + s.title + "' of " + calendar::format_iso_date(s.date);
}

Result decide_record(const MeetingState& s, const RecordMeeting& c, Instant now) {
  if (s.exists())
    return aggregate::rule_violated("meeting-already-exists", "meeting " + s.id + " exists");
  FieldCheck check(now);
  check.not_after_today("date", c.date, now);
  if (c.date.ok() && calendar::BusinessCalendar::covers(c.date) && !c.minutes_due_at)
    check.add("date", "the business calendar does not cover the days after it");
  check.not_blank("held_at", c.held_at);
  if (!is_one_of(meeting_kinds(), c.kind))
    check.add("kind",
              "'" + c.kind + "' is not a kind of meeting; allowed: " + words_text(meeting_kinds()));
  check.not_blank("title", c.title);
  if (c.attendees.empty()) check.add("attendees", "name at least one attendee");
  if (c.attendees.size() > kMaxAttendees)
    check.add("attendees", "at most " + std::to_string(kMaxAttendees) + " attendees");
  for (std::size_t i = 0; i < c.attendees.size(); ++i)
    check.not_blank("attendees[" + std::to_string(i) + "]", c.attendees[i]);
  if (auto problem = scope_problem(c.tenants)) check.add("tenants", *problem);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::MeetingRecorded e;
  e.set_meeting_id(c.meeting_id);
  e.set_date(calendar::format_iso_date(c.date));
  e.set_held_at(c.held_at);
  e.set_kind(c.kind);
  e.set_title(c.title);
  for (const auto& a : c.attendees) e.add_attendees(a);
  for (const auto& t : c.tenants) e.add_tenants(t);
  *e.mutable_minutes_due_at() = to_timestamp(*c.minutes_due_at);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<MeetingEvent>{e};
}

Result decide_minutes(const MeetingState& s, const RecordMinutes& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("document_id", c.document_id);
  check.not_blank("document_version", c.document_version);
  if (!aggregate::is_blank(c.document_id)) {
    if (!c.document)
      check.add("document_id", "no document " + c.document_id);
    else if (c.document->kind != kMinutes)
      check.add("document_id", "'" + c.document->title + "' is a " + c.document->kind +
                                   ", not minutes (register the minutes as a document of kind "
                                   "minutes)");
    else if (c.document->retired)
      check.add("document_id", "'" + c.document->title + "' was retired");
    else if (!c.document->has_version && !aggregate::is_blank(c.document_version))
      check.add("document_version", "'" + c.document->title + "' has no version " +
                                        c.document_version + "; " + c.document->versions);
  }
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.minutes)
    return aggregate::rule_violated(
        "minutes-recorded", "the minutes of " + meeting_name(s) + " are " + s.minutes->document_id +
                                " version " + s.minutes->document_version +
                                " (a correction is a new version of that document)");
  v1::MinutesRecorded e;
  e.set_document_id(c.document_id);
  e.set_document_version(c.document_version);
  e.set_late(c.at > s.minutes_due_at);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<MeetingEvent>{e};
}

Result decide_overdue(const MeetingState& s, const RecordMinutesOverdue& c, Instant now) {
  if (s.overdue_at)
    return aggregate::rule_violated("overdue-recorded",
                                    "the minutes of " + meeting_name(s) + " were recorded overdue");
  if (s.minutes)
    return aggregate::rule_violated("minutes-recorded",
                                    "the minutes of " + meeting_name(s) + " were submitted");
  // Minutes submitted at the due time itself are on time.
  if (now <= s.minutes_due_at)
    return aggregate::rule_violated("not-yet-due",
                                    "the minutes of " + meeting_name(s) + " are due at " +
                                        core::format_tokyo_rfc3339(s.minutes_due_at));
  v1::MinutesOverdue e;
  *e.mutable_due_at() = to_timestamp(s.minutes_due_at);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<MeetingEvent>{e};
}

}  // namespace

std::string MeetingState::status() const {
  if (minutes) return "minutes_submitted";
  if (overdue_at) return "minutes_overdue";
  return "minutes_due";
}

std::vector<std::string> MeetingState::concerned() const { return concerned_codes(tenants); }

std::expected<std::vector<MeetingEvent>, DomainError> decide(const MeetingState& state,
                                                             const MeetingCommand& command,
                                                             Instant now) {
  if (const auto* c = std::get_if<RecordMeeting>(&command)) return decide_record(state, *c, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "meeting-not-found", "no such meeting", {}});
  return std::visit(
      core::overloaded{
          [](const RecordMeeting&) -> Result { return {}; },  // handled above
          [&](const RecordMinutes& c) { return decide_minutes(state, c, now); },
          [&](const RecordMinutesOverdue& c) { return decide_overdue(state, c, now); },
      },
      command);
}

MeetingState evolve(MeetingState s, const MeetingEvent& event) {
  std::visit(core::overloaded{
                 [&](const v1::MeetingRecorded& e) {
                   s.id = e.meeting_id();
                   s.date = calendar::parse_iso_date(e.date()).value_or(Date{});
                   s.held_at = e.held_at();
                   s.kind = e.kind();
                   s.title = e.title();
                   s.attendees.assign(e.attendees().begin(), e.attendees().end());
                   s.tenants.assign(e.tenants().begin(), e.tenants().end());
                   s.minutes_due_at = from_timestamp(e.minutes_due_at());
                   s.recorded_at = from_timestamp(e.at());
                   s.recorded_by = e.by();
                 },
                 [&](const v1::MinutesRecorded& e) {
                   s.minutes = MeetingMinutes{e.document_id(), e.document_version(), e.late(),
                                              from_timestamp(e.at()), e.by()};
                 },
                 [&](const v1::MinutesOverdue& e) { s.overdue_at = from_timestamp(e.at()); },
             },
             event);
  ++s.version;
  s.changed_at = occurred_at(event);
  return s;
}

std::vector<std::string> tenants_named(const MeetingCommand& command) {
  if (const auto* c = std::get_if<RecordMeeting>(&command)) return concerned_codes(c->tenants);
  return {};
}

std::optional<core::Instant> minutes_due_at(Date date, const calendar::BusinessCalendar& calendar) {
  return end_of_business_days_after(date, kMinutesBusinessDays, calendar);
}

}  // namespace opsdesk::changes
