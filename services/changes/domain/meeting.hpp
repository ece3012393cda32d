#pragma once
// A meeting with the association side (打合せ: the monthly report meeting of 仕様書 4.(1)②ク,
// coordination meetings) as a decider: recorded once held, it owes its minutes within 2 business
// days (4.(1)②コ: the end of the 2nd business day after its date); the minutes are a version of a
// controlled document of kind minutes, approved by the association side like any document
// (4.(1)②シ). The minutes watch records MinutesOverdue once when the due time passes without
// them. Pure: which documents exist is the service's to check.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/core/instant.hpp"
#include "services/changes/contract/change_events.hpp"
#include "services/changes/domain/vocabulary.hpp"

namespace opsdesk::changes {

// 仕様書 4.(1)②コ: 終了後2営業日以内に議事録等を提出すること.
inline constexpr std::uint32_t kMinutesBusinessDays = 2;

struct MeetingMinutes {
  std::string document_id;
  std::string document_version;
  bool late = false;
  core::Instant at{};
  std::string by;
  bool operator==(const MeetingMinutes&) const = default;
};

struct MeetingState {
  std::string id;
  std::uint64_t version = 0;
  Date date;
  std::string held_at;
  std::string kind;
  std::string title;
  std::vector<std::string> attendees;
  std::vector<std::string> tenants;  // codes, or "all_centre"
  core::Instant minutes_due_at{};
  core::Instant recorded_at{};
  std::string recorded_by;
  std::optional<MeetingMinutes> minutes;
  std::optional<core::Instant> overdue_at;  // when the watch recorded MinutesOverdue
  core::Instant changed_at{};

  bool exists() const { return version > 0; }
  // minutes_due | minutes_overdue | minutes_submitted (late or not: see minutes.late)
  std::string status() const;
  std::vector<std::string> concerned() const;
  bool operator==(const MeetingState&) const = default;
};

// The minutes named by record_minutes, as the service found the document.
struct MinutesDocument {
  std::string document_id;
  std::string title;
  std::string kind;
  bool has_version = false;  // the named version exists
  std::string versions;      // its versions, for the message when it has not
  bool retired = false;
};

struct RecordMeeting {
  std::string meeting_id;
  Date date;
  std::string held_at;
  std::string kind;
  std::string title;
  std::vector<std::string> attendees;
  std::vector<std::string> tenants;
  // minutes_due_at(date, calendar), computed by the service; nullopt when the calendar does not
  // cover the days after the date.
  std::optional<core::Instant> minutes_due_at;
  std::string by;
  core::Instant at{};
};
struct RecordMinutes {
  std::string document_id;
  std::string document_version;
  std::optional<MinutesDocument> document;  // nullopt: no such document
  std::string by;
  core::Instant at{};
};
// The minutes watch's: the due time passed without minutes.
struct RecordMinutesOverdue {
  core::Instant at{};
};

using MeetingCommand = std::variant<RecordMeeting, RecordMinutes, RecordMinutesOverdue>;

std::expected<std::vector<MeetingEvent>, DomainError> decide(const MeetingState& state,
                                                             const MeetingCommand& command,
                                                             core::Instant now);
MeetingState evolve(MeetingState state, const MeetingEvent& event);
std::vector<std::string> tenants_named(const MeetingCommand& command);

// When a meeting held on `date` owes its minutes: the end (18:00) of the 2nd business day after.
std::optional<core::Instant> minutes_due_at(Date date, const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::changes
