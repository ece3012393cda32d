#include "services/scheduling/domain/window.hpp"

#include <algorithm>
#include <array>

#include "libs/aggregate/field_check.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/scheduling/domain/task.hpp"
#include "services/scheduling/domain/vocabulary.hpp"

namespace opsdesk::scheduling {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<WindowEvent>, DomainError>;

constexpr std::array<std::string_view, 4> kKinds = {"periodic_inspection", "power_outage",
                                                    "fire_inspection", "other"};
// The longest one window may last.
constexpr std::chrono::hours kMaxLength{14 * 24};

struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(Instant now) : aggregate::FieldCheck(now, kAllowedClockSkew) {}
};

std::optional<DomainError> refuse_settled(const WindowState& s) {
  if (s.completed_at)
    return aggregate::rule_violated("window-completed",
                                    "window " + s.id + " was completed at " +
                                        core::format_tokyo_rfc3339(*s.completed_at))
        .error();
  if (s.cancelled_reason)
    return aggregate::rule_violated("window-cancelled",
                                    "window " + s.id + " was cancelled: " + *s.cancelled_reason)
        .error();
  return std::nullopt;
}

Result decide_plan(const WindowState& s, const PlanWindow& c, Instant now) {
  if (s.exists())
    return aggregate::rule_violated("window-already-exists", "window " + s.id + " exists");
  FieldCheck check(now);
  if (!is_one_of(kKinds, c.kind))
    check.add("kind", "'" + c.kind + "' is not a kind of window; allowed: " + words_text(kKinds));
  check.not_blank("title", c.title);
  if (auto problem = scope_problem(c.tenants)) check.add("tenants", *problem);
  if (c.planned_end <= c.planned_start)
    check.add("planned_end", "must be after planned_start");
  else if (c.planned_end - c.planned_start > kMaxLength)
    check.add("planned_end", "a window lasts at most 14 days; plan longer work as several");
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::WindowPlanned e;
  e.set_window_id(c.window_id);
  e.set_kind(c.kind);
  e.set_title(c.title);
  e.set_description(c.description);
  for (const auto& code : concerned_codes(c.tenants)) e.add_tenants(code);
  *e.mutable_planned_start() = to_timestamp(c.planned_start);
  *e.mutable_planned_end() = to_timestamp(c.planned_end);
  e.set_stops_service(c.stops_service);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<WindowEvent>{e};
}

Result decide_approve(const WindowState& s, const ApproveWindow& c, Instant now) {
  FieldCheck check(now);
  if (std::ranges::find(s.tenants, c.tenant) == s.tenants.end()) {
    std::string affected;
    for (const auto& t : s.tenants) affected += (affected.empty() ? "" : ", ") + t;
    check.add("tenant", "'" + c.tenant + "' is not affected by this window; affected: " + affected);
  }
  check.not_blank("approver", c.approver);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  if (s.approved_by(c.tenant))
    return aggregate::rule_violated("already-approved",
                                    "window " + s.id + " is approved for " + c.tenant);
  v1::WindowApproved e;
  e.set_tenant(c.tenant);
  e.set_approver(c.approver);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<WindowEvent>{e};
}

Result decide_complete(const WindowState& s, const CompleteWindow& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (c.at < s.planned_start)
    check.add("at", "is before the window's planned start (" +
                        core::format_tokyo_rfc3339(s.planned_start) + ")");
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  v1::WindowCompleted e;
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<WindowEvent>{e};
}

Result decide_cancel(const WindowState& s, const CancelWindow& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  v1::WindowCancelled e;
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<WindowEvent>{e};
}

}  // namespace

std::span<const std::string_view> window_kinds() { return kKinds; }

bool WindowState::approved_by(const std::string& tenant) const {
  return std::ranges::any_of(approvals,
                             [&](const WindowApproval& a) { return a.tenant == tenant; });
}

bool WindowState::approved() const {
  return std::ranges::all_of(tenants, [&](const std::string& t) { return approved_by(t); });
}

std::string WindowState::status() const {
  if (cancelled_reason) return "cancelled";
  if (completed_at) return "completed";
  return approved() ? "approved" : "planned";
}

std::expected<std::vector<WindowEvent>, DomainError> decide(const WindowState& state,
                                                            const WindowCommand& command,
                                                            Instant now) {
  if (const auto* plan = std::get_if<PlanWindow>(&command)) return decide_plan(state, *plan, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "window-not-found", "no such window", {}});
  return std::visit(core::overloaded{
                        [](const PlanWindow&) -> Result { return {}; },  // handled above
                        [&](const ApproveWindow& c) { return decide_approve(state, c, now); },
                        [&](const CompleteWindow& c) { return decide_complete(state, c, now); },
                        [&](const CancelWindow& c) { return decide_cancel(state, c, now); },
                    },
                    command);
}

WindowState evolve(WindowState s, const WindowEvent& event) {
  std::visit(
      core::overloaded{
          [&](const v1::WindowPlanned& e) {
            s.id = e.window_id();
            s.kind = e.kind();
            s.title = e.title();
            s.description = e.description();
            s.tenants.assign(e.tenants().begin(), e.tenants().end());
            s.planned_start = from_timestamp(e.planned_start());
            s.planned_end = from_timestamp(e.planned_end());
            s.stops_service = e.stops_service();
            s.planned_at = from_timestamp(e.at());
          },
          [&](const v1::WindowApproved& e) {
            s.approvals.push_back({e.tenant(), e.approver(), from_timestamp(e.at()), e.by()});
          },
          [&](const v1::WindowCompleted& e) {
            s.completed_at = from_timestamp(e.at());
            s.completion_note = e.note();
          },
          [&](const v1::WindowCancelled& e) { s.cancelled_reason = e.reason(); },
      },
      event);
  ++s.version;
  return s;
}

std::vector<std::string> tenants_named(const WindowCommand& command) {
  return std::visit(core::overloaded{
                        [](const PlanWindow& c) { return concerned_codes(c.tenants); },
                        [](const ApproveWindow& c) { return std::vector<std::string>{c.tenant}; },
                        [](const auto&) { return std::vector<std::string>{}; },
                    },
                    command);
}

}  // namespace opsdesk::scheduling
