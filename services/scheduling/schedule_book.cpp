#include "services/scheduling/schedule_book.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "libs/aggregate/summary_index.hpp"

namespace opsdesk::scheduling {

namespace {

using std::chrono::sys_days;

bool within(Date day, Date first, Date last) {
  return sys_days{day} >= sys_days{first} && sys_days{day} <= sys_days{last};
}

}  // namespace

void ScheduleBook::rebuild(eventstore::EventStore& store, Date today) {
  std::map<std::string, TaskState> tasks;
  std::unordered_map<std::string, OccurrenceState> recorded;
  aggregate::fold_every_aggregate<TaskAggregate>(
      store, [&](const TaskState& task) { tasks[task.id] = task; });
  aggregate::fold_every_aggregate<OccurrenceAggregate>(
      store, [&](const OccurrenceState& occurrence) { recorded[occurrence.id] = occurrence; });
  decltype(reports_) reports;
  aggregate::fold_every_aggregate<DailyReportAggregate>(store, [&](const DailyReportState& r) {
    reports[{sys_days{r.day}, r.sent_at, r.id}] = r;
  });
  std::map<std::string, WindowState> windows;
  aggregate::fold_every_aggregate<WindowAggregate>(
      store, [&](const WindowState& w) { windows[w.id] = w; });
  std::map<std::string, PlanApprovalState> plan_approvals;
  aggregate::fold_every_aggregate<PlanApprovalAggregate>(
      store, [&](const PlanApprovalState& p) { plan_approvals[p.period] = p; });
  std::map<std::string, TerminalState> terminals;
  aggregate::fold_every_aggregate<VirusScanAggregate>(
      store, [&](const TerminalState& t) { terminals[t.id] = t; });
  std::vector<FeedTokenState> feed_tokens;
  aggregate::fold_every_aggregate<FeedTokenAggregate>(
      store, [&](const FeedTokenState& t) { feed_tokens.push_back(t); });
  std::unique_lock lock(mutex_);
  terminals_ = std::move(terminals);
  feed_tokens_.clear();
  feed_token_of_secret_.clear();
  for (const auto& t : feed_tokens) {
    feed_tokens_[t.id] = t;
    feed_token_of_secret_[t.secret_sha256] = t.id;
  }
  reports_ = std::move(reports);
  windows_ = std::move(windows);
  plan_approvals_ = std::move(plan_approvals);
  tasks_ = std::move(tasks);
  seeds_.clear();
  for (const auto& [id, task] : tasks_) {
    if (!task.seed_key.empty()) seeds_[task.seed_key] = id;
  }
  recorded_ = std::move(recorded);
  recorded_by_day_.clear();
  for (const auto& [id, occurrence] : recorded_)
    recorded_by_day_.insert({sys_days{occurrence.plan.day}, id});
  today_ = Date{};
  move_horizon_locked(today);
}

void ScheduleBook::upsert(const TaskState& task) {
  std::unique_lock lock(mutex_);
  tasks_[task.id] = task;
  if (!task.seed_key.empty()) seeds_[task.seed_key] = task.id;
  expand_locked(task);
}

void ScheduleBook::upsert(const TerminalState& terminal) {
  std::unique_lock lock(mutex_);
  terminals_[terminal.id] = terminal;
}

std::vector<TerminalState> ScheduleBook::terminals(
    const std::function<bool(const TerminalState&)>& keep) const {
  std::shared_lock lock(mutex_);
  std::vector<TerminalState> found;
  for (const auto& [id, terminal] : terminals_)
    if (keep(terminal)) found.push_back(terminal);
  return found;
}

std::optional<TerminalState> ScheduleBook::terminal(const std::string& id) const {
  std::shared_lock lock(mutex_);
  const auto found = terminals_.find(id);
  if (found == terminals_.end()) return std::nullopt;
  return found->second;
}

void ScheduleBook::upsert(const FeedTokenState& token) {
  std::unique_lock lock(mutex_);
  feed_tokens_[token.id] = token;
  feed_token_of_secret_[token.secret_sha256] = token.id;
}

std::optional<FeedTokenState> ScheduleBook::feed_token(const std::string& id) const {
  std::shared_lock lock(mutex_);
  const auto found = feed_tokens_.find(id);
  if (found == feed_tokens_.end()) return std::nullopt;
  return found->second;
}

std::optional<FeedTokenState> ScheduleBook::feed_token_by_secret(
    const std::string& secret_sha256) const {
  std::shared_lock lock(mutex_);
  const auto id = feed_token_of_secret_.find(secret_sha256);
  if (id == feed_token_of_secret_.end()) return std::nullopt;
  return feed_tokens_.at(id->second);
}

std::vector<FeedTokenState> ScheduleBook::feed_tokens_issued_by(const std::string& subject) const {
  std::shared_lock lock(mutex_);
  std::vector<FeedTokenState> issued;
  for (const auto& [id, token] : feed_tokens_)
    if (token.issued_by == subject) issued.push_back(token);
  return issued;
}

void ScheduleBook::upsert(const PlanApprovalState& approvals) {
  std::unique_lock lock(mutex_);
  plan_approvals_[approvals.period] = approvals;
}

PlanApprovalState ScheduleBook::plan_approvals(const std::string& period) const {
  std::shared_lock lock(mutex_);
  const auto found = plan_approvals_.find(period);
  if (found != plan_approvals_.end()) return found->second;
  PlanApprovalState none;
  none.period = period;
  return none;
}

void ScheduleBook::upsert(const OccurrenceState& occurrence) {
  std::unique_lock lock(mutex_);
  auto [it, inserted] = recorded_.try_emplace(occurrence.id, occurrence);
  if (!inserted) {
    recorded_by_day_.erase({sys_days{it->second.plan.day}, occurrence.id});
    it->second = occurrence;
  }
  recorded_by_day_.insert({sys_days{occurrence.plan.day}, occurrence.id});
}

void ScheduleBook::upsert(const DailyReportState& report) {
  std::unique_lock lock(mutex_);
  reports_[{sys_days{report.day}, report.sent_at, report.id}] = report;
}

std::vector<DailyReportState> ScheduleBook::daily_reports(
    Date first, Date last, const std::function<bool(const DailyReportState&)>& keep) const {
  std::shared_lock lock(mutex_);
  std::vector<DailyReportState> found;
  for (auto it = reports_.lower_bound({sys_days{first}, core::Instant::min(), std::string()});
       it != reports_.end() && std::get<0>(it->first) <= sys_days{last}; ++it) {
    if (keep(it->second)) found.push_back(it->second);
  }
  return found;
}

std::optional<DailyReportState> ScheduleBook::daily_report(const std::string& id) const {
  std::shared_lock lock(mutex_);
  for (const auto& [key, report] : reports_) {
    if (report.id == id) return report;
  }
  return std::nullopt;
}

void ScheduleBook::upsert(const WindowState& window) {
  std::unique_lock lock(mutex_);
  windows_[window.id] = window;
}

std::vector<WindowState> ScheduleBook::windows(
    core::Instant from, core::Instant to,
    const std::function<bool(const WindowState&)>& keep) const {
  std::shared_lock lock(mutex_);
  std::vector<WindowState> found;
  for (const auto& [id, w] : windows_) {
    if (w.planned_end > from && w.planned_start < to && keep(w)) found.push_back(w);
  }
  std::ranges::sort(found, {}, &WindowState::planned_start);
  return found;
}

std::optional<WindowState> ScheduleBook::window(const std::string& id) const {
  std::shared_lock lock(mutex_);
  auto it = windows_.find(id);
  if (it == windows_.end()) return std::nullopt;
  return it->second;
}

void ScheduleBook::expand_locked(const TaskState& task) {
  auto planned = plan_occurrences(task, calendar_, horizon_first_, horizon_last_);
  // The decider accepted the rule, so libical expands it; a failure here is a bug.
  if (!planned) throw std::runtime_error("task " + task.id + ": " + planned.error());
  horizon_[task.id] = std::move(*planned);
}

void ScheduleBook::move_horizon_locked(Date today) {
  if (today == today_) return;
  today_ = today;
  horizon_first_ = sys_days{today} - kHorizonPast;
  horizon_last_ = sys_days{today} + kHorizonAhead;
  horizon_.clear();
  for (const auto& [id, task] : tasks_) expand_locked(task);
}

bool ScheduleBook::in_horizon(Date first, Date last) const {
  return within(first, horizon_first_, horizon_last_) &&
         within(last, horizon_first_, horizon_last_);
}

void ScheduleBook::move_horizon(Date today) {
  {
    std::shared_lock lock(mutex_);
    if (today == today_) return;
  }
  std::unique_lock lock(mutex_);
  move_horizon_locked(today);
}

std::vector<ScheduledOccurrence> ScheduleBook::occurrences(Date first, Date last,
                                                           const Filter& keep) const {
  std::shared_lock lock(mutex_);
  std::vector<ScheduledOccurrence> found;
  auto add_planned = [&](const PlannedOccurrence& o) {
    // Something recorded against it shows with its recorded plan (added below).
    if (recorded_.contains(o.id) || !keep(o)) return;
    found.push_back({o, std::nullopt});
  };
  if (in_horizon(first, last)) {
    for (const auto& [task_id, planned] : horizon_) {
      auto from = std::ranges::lower_bound(
          planned, sys_days{first}, {}, [](const PlannedOccurrence& o) { return sys_days{o.day}; });
      for (auto it = from; it != planned.end() && sys_days{it->day} <= sys_days{last}; ++it)
        add_planned(*it);
    }
  } else {
    for (const auto& [task_id, task] : tasks_) {
      auto planned = plan_occurrences(task, calendar_, first, last);
      if (!planned) throw std::runtime_error("task " + task.id + ": " + planned.error());
      for (const auto& o : *planned) add_planned(o);
    }
  }
  for (auto it = recorded_by_day_.lower_bound({sys_days{first}, std::string()});
       it != recorded_by_day_.end() && it->first <= sys_days{last}; ++it) {
    const auto& recorded = recorded_.at(it->second);
    if (keep(recorded.plan)) found.push_back({recorded.plan, recorded});
  }
  std::ranges::sort(found, [](const ScheduledOccurrence& a, const ScheduledOccurrence& b) {
    const auto& pa = a.current_plan();
    const auto& pb = b.current_plan();
    if (pa.planned_start != pb.planned_start) return pa.planned_start < pb.planned_start;
    return pa.id < pb.id;
  });
  return found;
}

std::optional<ScheduledOccurrence> ScheduleBook::occurrence(const std::string& id) const {
  const auto name = parse_occurrence_id(id);
  if (!name) return std::nullopt;
  std::shared_lock lock(mutex_);
  if (auto it = recorded_.find(id); it != recorded_.end())
    return ScheduledOccurrence{it->second.plan, it->second};
  auto task = tasks_.find(name->task_id);
  if (task == tasks_.end()) return std::nullopt;
  auto planned = planned_occurrence(task->second, calendar_, name->date);
  if (!planned) return std::nullopt;
  return ScheduledOccurrence{std::move(*planned), std::nullopt};
}

std::optional<TaskState> ScheduleBook::task(const std::string& id) const {
  std::shared_lock lock(mutex_);
  auto it = tasks_.find(id);
  if (it == tasks_.end()) return std::nullopt;
  return it->second;
}

std::vector<TaskState> ScheduleBook::tasks() const {
  std::shared_lock lock(mutex_);
  std::vector<TaskState> all;
  all.reserve(tasks_.size());
  for (const auto& [id, task] : tasks_) all.push_back(task);
  return all;
}

std::optional<std::string> ScheduleBook::task_of_seed(const std::string& seed_key) const {
  std::shared_lock lock(mutex_);
  auto it = seeds_.find(seed_key);
  if (it == seeds_.end()) return std::nullopt;
  return it->second;
}

ScheduleBook::Figures ScheduleBook::figures() const {
  std::shared_lock lock(mutex_);
  Figures f;
  f.tasks = tasks_.size();
  for (const auto& [id, planned] : horizon_) f.planned_in_horizon += planned.size();
  f.recorded = recorded_.size();
  f.horizon_first = horizon_first_;
  f.horizon_last = horizon_last_;
  return f;
}

}  // namespace opsdesk::scheduling
