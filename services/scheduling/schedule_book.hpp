#pragma once
// The scheduling service's read model, in memory and rebuilt from its log on open: every task,
// every occurrence something was recorded against, every daily report and maintenance window, and
// the plan of every active task expanded over a rolling horizon (today − 31 days … today + 400
// days) on the business calendar. Periods outside the horizon are expanded on demand. A task's
// change re-expands that task; a new day moves the horizon. What was recorded against an occurrence
// keeps its recorded plan (a holiday file or a revision never moves recorded work).
//
// Thread-safe: the store's syncer thread upserts, HTTP threads and the overdue watch read.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/eventstore/event_store.hpp"
#include "services/scheduling/schedule_aggregates.hpp"

namespace opsdesk::scheduling {

inline constexpr std::chrono::days kHorizonPast{31};
inline constexpr std::chrono::days kHorizonAhead{400};

// One occurrence as the schedule shows it: its plan, and what was recorded against it (none
// while nothing was).
struct ScheduledOccurrence {
  PlannedOccurrence plan;
  std::optional<OccurrenceState> recorded;

  const PlannedOccurrence& current_plan() const { return recorded ? recorded->plan : plan; }
  // What is known of it: the recorded state, or a planned one with nothing recorded.
  OccurrenceState state() const {
    if (recorded) return *recorded;
    OccurrenceState planned;
    planned.plan = plan;
    return planned;
  }
};

class ScheduleBook {
 public:
  explicit ScheduleBook(const calendar::BusinessCalendar& calendar) : calendar_(calendar) {}

  // Folds every task and occurrence of the store; expands the horizon around `today`.
  void rebuild(eventstore::EventStore& store, Date today);
  void upsert(const TaskState& task);
  void upsert(const OccurrenceState& occurrence);
  void upsert(const DailyReportState& report);
  void upsert(const WindowState& window);
  void upsert(const PlanApprovalState& approvals);
  void upsert(const FeedTokenState& token);
  void upsert(const TerminalState& terminal);

  // Moves the horizon to `today`'s when the day has changed (expanding every task again).
  void move_horizon(Date today);

  using Filter = std::function<bool(const PlannedOccurrence&)>;
  // The occurrences planned on days in [first, last] that pass `keep`, by planned start.
  std::vector<ScheduledOccurrence> occurrences(Date first, Date last, const Filter& keep) const;
  // One occurrence by id, if the plan has it or something was recorded against it.
  std::optional<ScheduledOccurrence> occurrence(const std::string& id) const;

  // The daily reports about days in [first, last] that pass `keep`, by day then time sent.
  std::vector<DailyReportState> daily_reports(
      Date first, Date last, const std::function<bool(const DailyReportState&)>& keep) const;
  std::optional<DailyReportState> daily_report(const std::string& id) const;

  // The windows that overlap [from, to), by planned start, that pass `keep`.
  std::vector<WindowState> windows(core::Instant from, core::Instant to,
                                   const std::function<bool(const WindowState&)>& keep) const;
  std::optional<WindowState> window(const std::string& id) const;

  // The approvals recorded for a plan's period ("2026", "2026-12"); empty state when none.
  PlanApprovalState plan_approvals(const std::string& period) const;

  std::optional<FeedTokenState> feed_token(const std::string& id) const;
  // The token whose secret has this SHA-256 (hex), revoked or not.
  std::optional<FeedTokenState> feed_token_by_secret(const std::string& secret_sha256) const;
  // The tokens a user issued, oldest first.
  std::vector<FeedTokenState> feed_tokens_issued_by(const std::string& subject) const;

  // Terminals with virus scans recorded, by id, that pass `keep`.
  std::vector<TerminalState> terminals(const std::function<bool(const TerminalState&)>& keep) const;
  std::optional<TerminalState> terminal(const std::string& id) const;

  std::optional<TaskState> task(const std::string& id) const;
  // Every task, by id (ids are UUIDv7: the order they were defined in).
  std::vector<TaskState> tasks() const;
  // The task a seed key was defined from, if any.
  std::optional<std::string> task_of_seed(const std::string& seed_key) const;

  struct Figures {
    std::size_t tasks = 0;
    std::size_t planned_in_horizon = 0;
    std::size_t recorded = 0;
    Date horizon_first{};
    Date horizon_last{};
  };
  Figures figures() const;

 private:
  void expand_locked(const TaskState& task);
  void move_horizon_locked(Date today);
  bool in_horizon(Date first, Date last) const;

  const calendar::BusinessCalendar& calendar_;
  mutable std::shared_mutex mutex_;
  Date today_{};
  Date horizon_first_{};
  Date horizon_last_{};
  std::map<std::string, TaskState> tasks_;
  std::unordered_map<std::string, std::string> seeds_;  // seed key → task id
  // Per task, its occurrences in the horizon, by planned day.
  std::unordered_map<std::string, std::vector<PlannedOccurrence>> horizon_;
  std::unordered_map<std::string, OccurrenceState> recorded_;
  std::set<std::pair<std::chrono::sys_days, std::string>> recorded_by_day_;
  // Daily reports by (day, time sent, id).
  std::map<std::tuple<std::chrono::sys_days, core::Instant, std::string>, DailyReportState>
      reports_;
  std::map<std::string, WindowState> windows_;
  std::map<std::string, PlanApprovalState> plan_approvals_;
  std::map<std::string, FeedTokenState> feed_tokens_;
  std::unordered_map<std::string, std::string> feed_token_of_secret_;  // SHA-256 → token id
  std::map<std::string, TerminalState> terminals_;
};

}  // namespace opsdesk::scheduling
