#pragma once
// A task definition of the centre's operations (仕様書 4.(3), 4.(4)) as a decider: defined with a
// recurrence rule, revised from a date on (the recurrences before it keep the earlier rule),
// suspended and resumed from dates, retired. Pure: no I/O, no clock; `now` comes in.

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/scheduling/contract/schedule_events.hpp"

namespace opsdesk::scheduling {

using DomainError = aggregate::DomainError;
using Date = std::chrono::year_month_day;

// How far a time stamped by a person's clock may run ahead of the server's.
inline constexpr std::chrono::minutes kAllowedClockSkew{2};
// The longest a task's work may take, and the furthest its due time may lie after its start.
inline constexpr std::chrono::minutes kMaxDuration{7 * 24 * 60};
inline constexpr std::chrono::minutes kMaxDueWithin{400 * 9 * 60};  // ~400 business days

// How the task recurs from `effective_from` on.
struct TaskRule {
  std::string rrule;
  Date dtstart{};
  std::chrono::minutes time_of_day{0};  // after midnight, Asia/Tokyo
  std::chrono::minutes duration{0};
  std::string calendar_rule;           // skip | previous_business_day | next_business_day
  std::chrono::minutes due_within{0};  // business time after the planned start
  Date effective_from{};
  bool operator==(const TaskRule&) const = default;
};

// The task as it is from its rule's effective date on.
struct TaskVersion {
  std::string title;
  std::string kind;
  std::vector<std::string> tenants;  // association codes, or "all_centre" alone
  TaskRule rule;
  std::string owner;
  bool operator==(const TaskVersion&) const = default;
};

// Recurrences in [from, until) are not planned; until is empty while the task is suspended.
struct Pause {
  Date from{};
  std::optional<Date> until;
  bool operator==(const Pause&) const = default;
};

struct TaskState {
  std::string id;
  std::uint64_t version = 0;
  std::vector<TaskVersion> versions;  // by effective date, earliest first
  std::vector<Pause> pauses;
  std::optional<Date> retired_from;
  std::string seed_key;
  core::Instant defined_at{};
  core::Instant updated_at{};

  bool exists() const { return version > 0; }
  // The latest version, which may take effect only later (what a revision builds on).
  const TaskVersion& current() const { return versions.back(); }
  // The version in force on a date (the first one before it takes effect).
  const TaskVersion& as_of(Date date) const;
  // Every association any version concerns: who may see the task, who must hold them all to
  // change it.
  std::vector<std::string> concerned() const;
  bool suspended() const { return !pauses.empty() && !pauses.back().until; }
  // active | suspended | retired, as answers show it.
  std::string status() const;
  // The version that governs a recurrence date (nullptr before the first one's effective date).
  const TaskVersion* version_on(Date date) const;
  // Whether a recurrence on `date` is planned at all (not paused, not retired).
  bool plans_on(Date date) const;
  bool operator==(const TaskState&) const = default;
};

struct DefineTask {
  std::string task_id;
  std::string title;
  std::string kind;
  std::vector<std::string> tenants;
  std::string rrule;
  Date dtstart{};
  std::chrono::minutes time_of_day{0};
  std::chrono::minutes duration{0};
  std::string calendar_rule;
  std::chrono::minutes due_within{0};
  std::string owner;
  std::string seed_key;
  std::string by;
  core::Instant at{};
};

// From `effective_from` on; fields left out keep their value.
struct ReviseTask {
  Date effective_from{};
  std::optional<std::string> title;
  std::optional<std::string> kind;
  std::optional<std::vector<std::string>> tenants;
  std::optional<std::string> rrule;
  std::optional<Date> dtstart;
  std::optional<std::chrono::minutes> time_of_day;
  std::optional<std::chrono::minutes> duration;
  std::optional<std::string> calendar_rule;
  std::optional<std::chrono::minutes> due_within;
  std::optional<std::string> owner;
  std::string reason;
  std::string by;
  core::Instant at{};
};

// Suspend, resume and retire take effect from a date (today when the caller names none).
struct SuspendTask {
  Date from{};
  std::string reason;
  std::string by;
  core::Instant at{};
};
struct ResumeTask {
  Date from{};
  std::string reason;
  std::string by;
  core::Instant at{};
};
struct RetireTask {
  Date from{};
  std::string reason;
  std::string by;
  core::Instant at{};
};

using TaskCommand = std::variant<DefineTask, ReviseTask, SuspendTask, ResumeTask, RetireTask>;

std::expected<std::vector<TaskEvent>, DomainError> decide(const TaskState& state,
                                                          const TaskCommand& command,
                                                          core::Instant now);
TaskState evolve(TaskState state, const TaskEvent& event);

// The tenants a command names (for the caller's scope): the association codes of its scope.
std::vector<std::string> tenants_named(const TaskCommand& command);

// "HH:MM" and back.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text);
std::string format_time_of_day(std::chrono::minutes time_of_day);

}  // namespace opsdesk::scheduling
