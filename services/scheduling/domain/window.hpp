#pragma once
// A maintenance window (定期点検, 計画停電, 消防点検, …) as a decider: planned with the
// associations it affects and whether it stops their service, approved by each association's side,
// then completed (the service resumes: 4.(5)④'s service-resumed mail follows from the event) or
// cancelled. Pure.

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/scheduling/contract/schedule_events.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling {

std::span<const std::string_view> window_kinds();

struct WindowApproval {
  std::string tenant;
  std::string approver;
  core::Instant at{};
  std::string by;
  bool operator==(const WindowApproval&) const = default;
};

struct WindowState {
  std::string id;
  std::uint64_t version = 0;
  std::string kind;
  std::string title;
  std::string description;
  std::vector<std::string> tenants;  // association codes
  core::Instant planned_start{};
  core::Instant planned_end{};
  bool stops_service = false;
  std::vector<WindowApproval> approvals;
  std::optional<core::Instant> completed_at;
  std::string completion_note;
  std::optional<std::string> cancelled_reason;
  core::Instant planned_at{};

  bool exists() const { return version > 0; }
  bool approved_by(const std::string& tenant) const;
  // Every affected association approved.
  bool approved() const;
  // planned | approved | completed | cancelled
  std::string status() const;
  bool operator==(const WindowState&) const = default;
};

struct PlanWindow {
  std::string window_id;
  std::string kind;
  std::string title;
  std::string description;
  std::vector<std::string> tenants;  // codes, or "all_centre" alone
  core::Instant planned_start{};
  core::Instant planned_end{};
  bool stops_service = false;
  std::string by;
  core::Instant at{};
};
struct ApproveWindow {
  std::string tenant;
  std::string approver;
  std::string by;
  core::Instant at{};
};
struct CompleteWindow {
  std::string note;
  std::string by;
  core::Instant at{};
};
struct CancelWindow {
  std::string reason;
  std::string by;
  core::Instant at{};
};

using WindowCommand = std::variant<PlanWindow, ApproveWindow, CompleteWindow, CancelWindow>;

std::expected<std::vector<WindowEvent>, DomainError> decide(const WindowState& state,
                                                            const WindowCommand& command,
                                                            core::Instant now);
WindowState evolve(WindowState state, const WindowEvent& event);
std::vector<std::string> tenants_named(const WindowCommand& command);

}  // namespace opsdesk::scheduling
