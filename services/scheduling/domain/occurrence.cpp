#include "services/scheduling/domain/occurrence.hpp"

#include <algorithm>

#include "libs/aggregate/field_check.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/scheduling/domain/vocabulary.hpp"

namespace opsdesk::scheduling {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<OccurrenceEvent>, DomainError>;

struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(Instant now) : aggregate::FieldCheck(now, kAllowedClockSkew) {}
};

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::ranges::find(list, value) != list.end();
}

std::string joined(const std::vector<std::string>& list) {
  std::string text;
  for (const auto& item : list) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::optional<DomainError> refuse_settled(const OccurrenceState& s) {
  if (s.skipped_reason)
    return aggregate::rule_violated("occurrence-skipped",
                                    "occurrence " + s.id + " was skipped: " + *s.skipped_reason)
        .error();
  if (s.done())
    return aggregate::rule_violated("occurrence-done",
                                    "occurrence " + s.id + " has a result for every association")
        .error();
  return std::nullopt;
}

Result decide_complete(const OccurrenceState& s, const PlannedOccurrence& plan,
                       const CompleteOccurrence& c, Instant now) {
  FieldCheck check(now);
  for (std::size_t i = 1; i < c.tenants.size(); ++i) {
    if (std::find(c.tenants.begin(), c.tenants.begin() + static_cast<std::ptrdiff_t>(i),
                  c.tenants[i]) != c.tenants.begin() + static_cast<std::ptrdiff_t>(i))
      check.add("tenants[" + std::to_string(i) + "]", "'" + c.tenants[i] + "' is named twice");
  }
  if (!is_one_of(results(), c.result))
    check.add("result", "'" + c.result + "' is not a result; allowed: " + words_text(results()));
  if (c.result != "ok") check.not_blank("evidence", c.evidence);
  for (std::size_t i = 0; i < c.tenants.size(); ++i) {
    if (!contains(plan.tenants, c.tenants[i]))
      check.add("tenants[" + std::to_string(i) + "]",
                "'" + c.tenants[i] +
                    "' is not an association of this occurrence; its "
                    "associations: " +
                    joined(plan.tenants));
  }
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  const auto open = s.exists() ? s.open_tenants() : plan.tenants;
  std::vector<std::string> already;
  for (const auto& t : c.tenants) {
    if (!contains(open, t)) already.push_back(t);
  }
  if (!already.empty())
    return aggregate::rule_violated(
        "already-completed",
        "occurrence " + plan.id + " already has a result for " + joined(already));
  v1::OccurrenceCompleted e;
  *e.mutable_plan() = plan_message(plan);
  for (const auto& t : c.tenants.empty() ? open : c.tenants) e.add_tenants(t);
  e.set_result(c.result);
  e.set_evidence(c.evidence);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<OccurrenceEvent>{e};
}

Result decide_skip(const OccurrenceState& s, const PlannedOccurrence& plan, const SkipOccurrence& c,
                   Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  v1::OccurrenceSkipped e;
  *e.mutable_plan() = plan_message(plan);
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<OccurrenceEvent>{e};
}

Result decide_reschedule(const OccurrenceState& s, const PlannedOccurrence& plan,
                         const RescheduleOccurrence& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (c.new_start == plan.planned_start)
    check.add("to", "is the occurrence's planned start already (" +
                        core::format_tokyo_rfc3339(plan.planned_start) + ")");
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  auto moved = plan;
  moved.planned_end = c.new_start + (plan.planned_end - plan.planned_start);
  moved.planned_start = c.new_start;
  moved.due_at = c.new_due;
  moved.day = core::to_tokyo(c.new_start).date;
  v1::OccurrenceRescheduled e;
  *e.mutable_plan() = plan_message(moved);
  *e.mutable_previous_start() = to_timestamp(plan.planned_start);
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<OccurrenceEvent>{e};
}

Result decide_overdue(const OccurrenceState& s, const PlannedOccurrence& plan, Instant now) {
  if (s.skipped_reason || s.done())
    return aggregate::rule_violated("not-overdue", "occurrence " + plan.id + " is settled");
  if (now < plan.due_at)
    return aggregate::rule_violated("not-due-yet", "occurrence " + plan.id + " is due at " +
                                                       core::format_tokyo_rfc3339(plan.due_at));
  if (s.overdue_at == plan.due_at)
    return aggregate::rule_violated("overdue-already-recorded",
                                    "occurrence " + plan.id + " is recorded as overdue");
  v1::OccurrenceOverdue e;
  *e.mutable_plan() = plan_message(plan);
  for (const auto& t : s.exists() ? s.open_tenants() : plan.tenants) e.add_open_tenants(t);
  *e.mutable_at() = to_timestamp(plan.due_at);
  return std::vector<OccurrenceEvent>{e};
}

}  // namespace

std::vector<std::string> OccurrenceState::open_tenants() const {
  std::vector<std::string> open;
  for (const auto& t : plan.tenants) {
    if (std::ranges::none_of(results, [&](const TenantResult& r) { return r.tenant == t; }))
      open.push_back(t);
  }
  return open;
}

std::string occurrence_status(const OccurrenceState& s, Instant now) {
  if (s.skipped_reason) return "skipped";
  if (s.done()) {
    const bool failed =
        std::ranges::any_of(s.results, [](const TenantResult& r) { return r.result == "failed"; });
    return failed ? "failed" : "done";
  }
  if (now >= s.plan.due_at) {
    return s.results.empty() && s.plan.due_before_definition ? "not_recorded" : "overdue";
  }
  return s.results.empty() ? "planned" : "in_progress";
}

const PlannedOccurrence& plan_of(const OccurrenceState& state, const OccurrenceCommand& command) {
  if (state.exists()) return state.plan;
  return std::visit([](const auto& c) -> const PlannedOccurrence& { return c.plan; }, command);
}

std::expected<std::vector<OccurrenceEvent>, DomainError> decide(const OccurrenceState& state,
                                                                const OccurrenceCommand& command,
                                                                Instant now) {
  const auto& plan = plan_of(state, command);
  return std::visit(
      core::overloaded{
          [&](const CompleteOccurrence& c) { return decide_complete(state, plan, c, now); },
          [&](const SkipOccurrence& c) { return decide_skip(state, plan, c, now); },
          [&](const RescheduleOccurrence& c) { return decide_reschedule(state, plan, c, now); },
          [&](const RecordOverdue&) { return decide_overdue(state, plan, now); },
      },
      command);
}

OccurrenceState evolve(OccurrenceState s, const OccurrenceEvent& event) {
  std::visit([&](const auto& e) { s.plan = plan_of(e.plan()); }, event);
  s.id = s.plan.id;
  std::visit(
      core::overloaded{
          [&](const v1::OccurrenceCompleted& e) {
            for (const auto& t : e.tenants())
              s.results.push_back({t, e.result(), e.evidence(), from_timestamp(e.at()), e.by()});
          },
          [&](const v1::OccurrenceSkipped& e) { s.skipped_reason = e.reason(); },
          [&](const v1::OccurrenceRescheduled&) { ++s.reschedules; },
          [&](const v1::OccurrenceOverdue& e) { s.overdue_at = from_timestamp(e.at()); },
      },
      event);
  ++s.version;
  return s;
}

std::vector<std::string> tenants_named(const OccurrenceCommand& command) {
  if (const auto* complete = std::get_if<CompleteOccurrence>(&command))
    return complete->tenants.empty() ? complete->plan.tenants : complete->tenants;
  return std::visit([](const auto& c) { return c.plan.tenants; }, command);
}

v1::OccurrencePlan plan_message(const PlannedOccurrence& p) {
  v1::OccurrencePlan m;
  m.set_task_id(p.task_id);
  m.set_recurrence_date(calendar::format_iso_date(p.recurrence_date));
  for (const auto& d : p.covers) m.add_covers(calendar::format_iso_date(d));
  m.set_kind(p.kind);
  m.set_title(p.title);
  for (const auto& t : p.tenants) m.add_tenants(t);
  *m.mutable_planned_start() = to_timestamp(p.planned_start);
  *m.mutable_planned_end() = to_timestamp(p.planned_end);
  *m.mutable_due_at() = to_timestamp(p.due_at);
  m.set_owner(p.owner);
  return m;
}

PlannedOccurrence plan_of(const v1::OccurrencePlan& m) {
  PlannedOccurrence p;
  p.task_id = m.task_id();
  // Recorded plans were made by plan_message() from checked dates.
  p.recurrence_date = calendar::parse_iso_date(m.recurrence_date()).value();
  p.id = occurrence_id_of(p.task_id, p.recurrence_date);
  for (const auto& d : m.covers()) p.covers.push_back(calendar::parse_iso_date(d).value());
  p.kind = m.kind();
  p.title = m.title();
  p.tenants.assign(m.tenants().begin(), m.tenants().end());
  p.owner = m.owner();
  p.planned_start = from_timestamp(m.planned_start());
  p.planned_end = from_timestamp(m.planned_end());
  p.due_at = from_timestamp(m.due_at());
  p.day = core::to_tokyo(p.planned_start).date;
  return p;
}

}  // namespace opsdesk::scheduling
