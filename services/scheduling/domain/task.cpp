#include "services/scheduling/domain/task.hpp"

#include <algorithm>
#include <cstdio>

#include "libs/aggregate/field_check.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/scheduling/domain/recurrence.hpp"
#include "services/scheduling/domain/vocabulary.hpp"

namespace opsdesk::scheduling {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using std::chrono::minutes;
using Result = std::expected<std::vector<TaskEvent>, DomainError>;

bool before(Date a, Date b) { return std::chrono::sys_days{a} < std::chrono::sys_days{b}; }

Date tokyo_date(Instant at) {
  const auto civil = core::to_tokyo(at);
  return civil.date;
}

struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(Instant now)
      : aggregate::FieldCheck(now, kAllowedClockSkew), today(tokyo_date(now)) {}

  void kind(const std::string& value) {
    if (!is_one_of(task_kinds(), value))
      add("kind", "'" + value + "' is not a kind of task; allowed: " + words_text(task_kinds()));
  }
  void scope(const std::vector<std::string>& tenants) {
    if (auto problem = scope_problem(tenants)) add("tenants", *problem);
  }
  void rrule(const std::string& value) {
    if (auto problem = rrule_problem(value)) add("rrule", *problem);
  }
  void time_of_day(minutes value) {
    if (value < minutes{0} || value >= minutes{24 * 60})
      add("time_of_day", "must be a time of day from 00:00 to 23:59 (Asia/Tokyo)");
  }
  void duration(minutes value) {
    if (value <= minutes{0} || value > kMaxDuration)
      add("duration", "must be more than zero and at most 168h (a week)");
  }
  void calendar_rule(const std::string& value) {
    if (!is_one_of(calendar_rules(), value))
      add("calendar_rule",
          "'" + value + "' is not a calendar rule; allowed: " + words_text(calendar_rules()));
  }
  void due_within(minutes value) {
    if (value <= minutes{0} || value > kMaxDueWithin)
      add("due_within", "must be more than zero and at most 3600h of business time");
  }
  void not_before_today(const std::string& field, Date date) {
    if (before(date, today))
      add(field, "must not be before today (" + calendar::format_iso_date(today) +
                     ", Asia/Tokyo): recurrences already past keep what they were");
  }

  Date today;
};

v1::TaskRule rule_message(const TaskRule& r) {
  v1::TaskRule m;
  m.set_rrule(r.rrule);
  m.set_dtstart(calendar::format_iso_date(r.dtstart));
  m.set_time_of_day(format_time_of_day(r.time_of_day));
  m.set_duration_minutes(static_cast<std::uint32_t>(r.duration.count()));
  m.set_calendar_rule(r.calendar_rule);
  m.set_due_within_minutes(static_cast<std::uint32_t>(r.due_within.count()));
  m.set_effective_from(calendar::format_iso_date(r.effective_from));
  return m;
}

// Dates and times in recorded events were checked before they were recorded.
Date recorded_date(const std::string& text) { return calendar::parse_iso_date(text).value(); }

TaskRule rule_of(const v1::TaskRule& m) {
  return {m.rrule(),
          recorded_date(m.dtstart()),
          parse_time_of_day(m.time_of_day()).value(),
          minutes{m.duration_minutes()},
          m.calendar_rule(),
          minutes{m.due_within_minutes()},
          recorded_date(m.effective_from())};
}

Result decide_define(const TaskState& s, const DefineTask& c, Instant now) {
  if (s.exists())
    return aggregate::rule_violated("task-already-exists", "task " + s.id + " exists");
  FieldCheck check(now);
  check.not_blank("title", c.title);
  check.kind(c.kind);
  check.scope(c.tenants);
  check.rrule(c.rrule);
  check.time_of_day(c.time_of_day);
  check.duration(c.duration);
  check.calendar_rule(c.calendar_rule);
  check.due_within(c.due_within);
  check.not_blank("owner", c.owner);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::TaskDefined e;
  e.set_task_id(c.task_id);
  e.set_title(c.title);
  e.set_kind(c.kind);
  for (const auto& t : c.tenants) e.add_tenants(t);
  *e.mutable_rule() = rule_message(
      {c.rrule, c.dtstart, c.time_of_day, c.duration, c.calendar_rule, c.due_within, c.dtstart});
  e.set_owner(c.owner);
  e.set_seed_key(c.seed_key);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<TaskEvent>{e};
}

std::optional<DomainError> refuse_retired(const TaskState& s) {
  if (!s.retired_from) return std::nullopt;
  return aggregate::rule_violated("task-retired", "task " + s.id + " is retired from " +
                                                      calendar::format_iso_date(*s.retired_from))
      .error();
}

Result decide_revise(const TaskState& s, const ReviseTask& c, Instant now) {
  // Fields left out keep the value in force on the revision's date.
  const auto& was = s.as_of(c.effective_from);
  TaskVersion next{
      c.title.value_or(was.title),
      c.kind.value_or(was.kind),
      c.tenants.value_or(was.tenants),
      {c.rrule.value_or(was.rule.rrule), c.dtstart.value_or(was.rule.dtstart),
       c.time_of_day.value_or(was.rule.time_of_day), c.duration.value_or(was.rule.duration),
       c.calendar_rule.value_or(was.rule.calendar_rule), c.due_within.value_or(was.rule.due_within),
       c.effective_from},
      c.owner.value_or(was.owner)};
  FieldCheck check(now);
  check.not_before_today("effective_from", c.effective_from);
  if (c.title) check.not_blank("title", *c.title);
  if (c.kind) check.kind(*c.kind);
  if (c.tenants) check.scope(*c.tenants);
  if (c.rrule) check.rrule(*c.rrule);
  if (c.time_of_day) check.time_of_day(*c.time_of_day);
  if (c.duration) check.duration(*c.duration);
  if (c.calendar_rule) check.calendar_rule(*c.calendar_rule);
  if (c.due_within) check.due_within(*c.due_within);
  if (c.owner) check.not_blank("owner", *c.owner);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  // The version that would govern effective_from without this revision.
  const auto* governing = s.version_on(c.effective_from);
  auto unchanged = [&](const TaskVersion& v) {
    auto rule = v.rule;
    rule.effective_from = next.rule.effective_from;
    auto as_set = [](std::vector<std::string> codes) {
      std::ranges::sort(codes);
      return codes;
    };
    return v.title == next.title && v.kind == next.kind &&
           as_set(v.tenants) == as_set(next.tenants) && rule == next.rule && v.owner == next.owner;
  };
  if (governing != nullptr && unchanged(*governing) && governing == &s.current() &&
      !before(c.effective_from, governing->rule.effective_from))
    return aggregate::rule_violated("nothing-changed",
                                    "the revision changes nothing of task " + s.id);
  v1::TaskRevised e;
  e.set_title(next.title);
  e.set_kind(next.kind);
  for (const auto& t : next.tenants) e.add_tenants(t);
  *e.mutable_rule() = rule_message(next.rule);
  e.set_owner(next.owner);
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<TaskEvent>{e};
}

template <typename Message, typename Command>
Message dated(const Command& c) {
  Message e;
  e.set_from(calendar::format_iso_date(c.from));
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return e;
}

template <typename Command>
std::optional<DomainError> check_dated(const Command& c, Instant now, bool reason_required = true) {
  FieldCheck check(now);
  check.not_before_today("from", c.from);
  if (reason_required) check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error().error();
  return std::nullopt;
}

Result decide_suspend(const TaskState& s, const SuspendTask& c, Instant now) {
  if (auto bad = check_dated(c, now)) return std::unexpected(*bad);
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (s.suspended())
    return aggregate::rule_violated(
        "task-suspended",
        "task " + s.id + " is suspended from " + calendar::format_iso_date(s.pauses.back().from));
  return std::vector<TaskEvent>{dated<v1::TaskSuspended>(c)};
}

Result decide_resume(const TaskState& s, const ResumeTask& c, Instant now) {
  if (auto bad = check_dated(c, now, /*reason_required=*/false)) return std::unexpected(*bad);
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (!s.suspended())
    return aggregate::rule_violated("task-not-suspended", "task " + s.id + " is not suspended");
  if (before(c.from, s.pauses.back().from))
    return aggregate::rule_violated("resume-before-suspension",
                                    "task " + s.id + " is suspended from " +
                                        calendar::format_iso_date(s.pauses.back().from) +
                                        "; it cannot resume before that");
  return std::vector<TaskEvent>{dated<v1::TaskResumed>(c)};
}

Result decide_retire(const TaskState& s, const RetireTask& c, Instant now) {
  if (auto bad = check_dated(c, now)) return std::unexpected(*bad);
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  return std::vector<TaskEvent>{dated<v1::TaskRetired>(c)};
}

}  // namespace

std::string TaskState::status() const {
  if (retired_from) return "retired";
  if (suspended()) return "suspended";
  return "active";
}

const TaskVersion& TaskState::as_of(Date date) const {
  const auto* governing = version_on(date);
  return governing != nullptr ? *governing : versions.front();
}

std::vector<std::string> TaskState::concerned() const {
  std::vector<std::string> scope;
  for (const auto& v : versions) scope.insert(scope.end(), v.tenants.begin(), v.tenants.end());
  return concerned_codes(scope);
}

const TaskVersion* TaskState::version_on(Date date) const {
  const TaskVersion* governing = nullptr;
  for (const auto& v : versions) {
    if (before(date, v.rule.effective_from)) break;
    governing = &v;
  }
  return governing;
}

bool TaskState::plans_on(Date date) const {
  if (retired_from && !before(date, *retired_from)) return false;
  for (const auto& pause : pauses) {
    if (!before(date, pause.from) && (!pause.until || before(date, *pause.until))) return false;
  }
  return version_on(date) != nullptr;
}

std::expected<std::vector<TaskEvent>, DomainError> decide(const TaskState& state,
                                                          const TaskCommand& command, Instant now) {
  if (const auto* define = std::get_if<DefineTask>(&command))
    return decide_define(state, *define, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "task-not-found", "no such task", {}});
  return std::visit(core::overloaded{
                        [](const DefineTask&) -> Result { return {}; },  // handled above
                        [&](const ReviseTask& c) { return decide_revise(state, c, now); },
                        [&](const SuspendTask& c) { return decide_suspend(state, c, now); },
                        [&](const ResumeTask& c) { return decide_resume(state, c, now); },
                        [&](const RetireTask& c) { return decide_retire(state, c, now); },
                    },
                    command);
}

TaskState evolve(TaskState s, const TaskEvent& event) {
  std::visit(core::overloaded{
                 [&](const v1::TaskDefined& e) {
                   s.id = e.task_id();
                   s.versions = {TaskVersion{e.title(),
                                             e.kind(),
                                             {e.tenants().begin(), e.tenants().end()},
                                             rule_of(e.rule()),
                                             e.owner()}};
                   s.seed_key = e.seed_key();
                   s.defined_at = s.updated_at = from_timestamp(e.at());
                 },
                 [&](const v1::TaskRevised& e) {
                   TaskVersion next{e.title(),
                                    e.kind(),
                                    {e.tenants().begin(), e.tenants().end()},
                                    rule_of(e.rule()),
                                    e.owner()};
                   // A revision replaces the versions from its date on (a revision planned
                   // earlier for a later date included).
                   std::erase_if(s.versions, [&](const TaskVersion& v) {
                     return !before(v.rule.effective_from, next.rule.effective_from);
                   });
                   s.versions.push_back(std::move(next));
                   s.updated_at = from_timestamp(e.at());
                 },
                 [&](const v1::TaskSuspended& e) {
                   s.pauses.push_back({recorded_date(e.from()), std::nullopt});
                   s.updated_at = from_timestamp(e.at());
                 },
                 [&](const v1::TaskResumed& e) {
                   s.pauses.back().until = recorded_date(e.from());
                   s.updated_at = from_timestamp(e.at());
                 },
                 [&](const v1::TaskRetired& e) {
                   s.retired_from = recorded_date(e.from());
                   s.updated_at = from_timestamp(e.at());
                 },
             },
             event);
  ++s.version;
  return s;
}

std::vector<std::string> tenants_named(const TaskCommand& command) {
  if (const auto* define = std::get_if<DefineTask>(&command))
    return concerned_codes(define->tenants);
  if (const auto* revise = std::get_if<ReviseTask>(&command))
    return revise->tenants ? concerned_codes(*revise->tenants) : std::vector<std::string>{};
  return {};
}

std::optional<minutes> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int mins = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || mins > 59) return std::nullopt;
  return minutes{hours * 60 + mins};
}

std::string format_time_of_day(minutes time_of_day) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(time_of_day.count() / 60),
                static_cast<int>(time_of_day.count() % 60));
  return text;
}

}  // namespace opsdesk::scheduling
