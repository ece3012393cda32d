#pragma once
// One occurrence of a task (stream "occurrence-<task id>-<YYYYMMDD>") as a decider: results per
// association, a skip, a reschedule, and the overdue record. Its first event starts its stream,
// whatever it is: an occurrence exists in the plan before anything is recorded against it. The
// plan the caller expanded comes in with each command; once recorded, the stream's own plan is
// the one that counts (a later holiday file or revision does not move recorded work). Pure.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/scheduling/contract/schedule_events.hpp"
#include "services/scheduling/domain/plan.hpp"

namespace opsdesk::scheduling {

struct TenantResult {
  std::string tenant;
  std::string result;  // ok | failed | manual_done
  std::string evidence;
  core::Instant at{};
  std::string by;
  bool operator==(const TenantResult&) const = default;
};

struct OccurrenceState {
  std::string id;
  std::uint64_t version = 0;
  PlannedOccurrence plan;
  std::vector<TenantResult> results;  // in the order they were recorded
  std::optional<std::string> skipped_reason;
  std::optional<core::Instant> overdue_at;  // the due time an overdue record was made for
  std::uint32_t reschedules = 0;

  bool exists() const { return version > 0; }
  // The associations still without a result.
  std::vector<std::string> open_tenants() const;
  bool done() const { return !results.empty() && open_tenants().empty(); }
  bool operator==(const OccurrenceState&) const = default;
};

// planned | in_progress | done | failed | skipped | overdue | not_recorded: done when every
// association has a result and none failed; overdue when results are owed after the due time
// (`now`); not_recorded when nothing was recorded and its due time passed before the task was
// defined.
std::string occurrence_status(const OccurrenceState& state, core::Instant now);

struct CompleteOccurrence {
  PlannedOccurrence plan;            // as the schedule plans it now
  std::vector<std::string> tenants;  // empty: every association still open
  std::string result;
  std::string evidence;
  std::string by;
  core::Instant at{};
};
struct SkipOccurrence {
  PlannedOccurrence plan;
  std::string reason;
  std::string by;
  core::Instant at{};
};
struct RescheduleOccurrence {
  PlannedOccurrence plan;     // as planned now
  core::Instant new_start{};  // the new planned start, with
  core::Instant new_due{};    // the due time the schedule gives it
  std::string reason;
  std::string by;
  core::Instant at{};
};
// The overdue watch's: `now` past the due time with results owed.
struct RecordOverdue {
  PlannedOccurrence plan;
};

using OccurrenceCommand =
    std::variant<CompleteOccurrence, SkipOccurrence, RescheduleOccurrence, RecordOverdue>;

std::expected<std::vector<OccurrenceEvent>, DomainError> decide(const OccurrenceState& state,
                                                                const OccurrenceCommand& command,
                                                                core::Instant now);
OccurrenceState evolve(OccurrenceState state, const OccurrenceEvent& event);

// The plan a command acts on: the recorded one once there is one.
const PlannedOccurrence& plan_of(const OccurrenceState& state, const OccurrenceCommand& command);
std::vector<std::string> tenants_named(const OccurrenceCommand& command);

// The plan as it travels in events, and back.
v1::OccurrencePlan plan_message(const PlannedOccurrence& plan);
PlannedOccurrence plan_of(const v1::OccurrencePlan& message);

}  // namespace opsdesk::scheduling
