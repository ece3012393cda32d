#pragma once
// A security patch of commercial software (市販ソフトウェアのセキュリティパッチ等, 仕様書 4.(2)⑤)
// as a decider: registered when its vendor publishes it; its impact on the system assessed
// (⑤ウ); its urgency, measure and plan agreed with the association side (⑤アイ); verified in the
// verification environment and given an application procedure (⑤ウ); linked to a change when the
// system's assets must be modified (⑤エ); and rolled out over its targets, the centre's servers
// and monitoring terminals (⑤オカキ), each target pending → verified → scheduled → applied |
// failed | not_applicable. The contract leaves some of the Defense association's equipment out
// (target_refusal); an emergency patch not rolled out within the configured business days is
// recorded overdue once. Which items exist is the service's to check; the rest is here. Pure.

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

struct PatchAssessment {
  std::string impact;
  bool needs_modification = false;
  core::Instant at{};
  std::string by;
  bool operator==(const PatchAssessment&) const = default;
};

struct UrgencyDecision {
  std::string urgency;  // emergency | normal | deferred
  std::string reason;
  std::string measure;  // provisional | permanent
  std::string plan;
  std::string agreed_with;
  core::Instant at{};
  std::string by;
  bool operator==(const UrgencyDecision&) const = default;
};

struct PatchVerification {
  std::string result;  // passed | failed
  std::string environment;
  std::string note;
  core::Instant at{};
  std::string by;
  bool operator==(const PatchVerification&) const = default;
};

struct PatchProcedure {
  std::string document_id;
  std::string document_version;
  core::Instant at{};
  std::string by;
  bool operator==(const PatchProcedure&) const = default;
};

struct RolloutStep {
  std::string state;  // verified | scheduled | applied | failed | not_applicable
  std::string note;
  std::optional<core::Instant> scheduled_for;
  core::Instant at{};
  std::string by;
  bool operator==(const RolloutStep&) const = default;
};

// One row of the rollout matrix: the patch on one configuration item.
struct TargetRollout {
  std::string ci_id;
  std::string code;                  // as it was when targeted
  std::vector<std::string> tenants;  // the associations it serves
  std::string state = "pending";
  std::vector<RolloutStep> steps;  // oldest first
  core::Instant targeted_at{};
  std::string targeted_by;

  // The latest step's time (the targeting's before any step).
  core::Instant changed_at() const;
  // When the latest scheduling plans to apply it, while scheduled.
  std::optional<core::Instant> scheduled_for() const;
  bool operator==(const TargetRollout&) const = default;
};

struct PatchOverdue {
  core::Instant decided_at{};
  std::uint32_t business_days = 0;
  core::Instant due_at{};
  std::vector<std::string> open_targets;  // configuration item ids
  core::Instant at{};
  bool operator==(const PatchOverdue&) const = default;
};

struct PatchState {
  std::string id;
  std::uint64_t version = 0;
  std::string product;
  std::string vendor_id;
  std::string title;
  Date published;
  std::string severity;
  std::string description;
  core::Instant registered_at{};
  std::string registered_by;
  std::optional<PatchAssessment> assessment;
  std::optional<UrgencyDecision> urgency;  // the latest decision
  std::vector<PatchVerification> verifications;
  std::vector<PatchProcedure> procedures;  // the latest is the one to follow
  std::string change_id;
  std::vector<TargetRollout> targets;  // in the order targeted
  std::optional<PatchOverdue> overdue;
  core::Instant changed_at{};

  bool exists() const { return version > 0; }
  const TargetRollout* target(const std::string& ci_id) const;
  // Every target applied or not applicable (and there is at least one).
  bool rolled_out() const;
  // The targets not applied nor not applicable, by configuration item id.
  std::vector<std::string> open_targets() const;
  // registered | assessed | decided | deferred | rolling_out | rolled_out
  std::string status() const;
  // The associations its targets serve.
  std::vector<std::string> concerned() const;
  bool operator==(const PatchState&) const = default;
};

// A configuration item named as a target, as the service found it.
struct PatchTargetItem {
  std::string ci_id;
  std::string code;
  std::string kind;
  std::string location;
  std::vector<std::string> tenants;  // the associations it serves (concerned)
  bool retired = false;
};

struct RegisterPatch {
  std::string patch_id;
  std::string product;
  std::string vendor_id;
  std::string title;
  Date published;
  std::string severity;
  std::string description;
  std::string by;
  core::Instant at{};
};
struct AssessPatch {
  std::string impact;
  bool needs_modification = false;
  std::string by;
  core::Instant at{};
};
struct DecideUrgency {
  std::string urgency;
  std::string reason;
  std::string measure;
  std::string plan;
  std::string agreed_with;
  std::string by;
  core::Instant at{};
};
struct RecordVerification {
  std::string result;
  std::string environment;
  std::string note;
  std::string by;
  core::Instant at{};
};
struct AttachProcedure {
  std::string document_id;
  std::string document_version;
  std::string by;
  core::Instant at{};
};
struct LinkChange {
  std::string change_id;  // an existing change, checked by the service
  std::string by;
  core::Instant at{};
};
struct TargetPatch {
  std::vector<PatchTargetItem> items;
  std::string by;
  core::Instant at{};
};
struct RecordRollout {
  std::string step;                  // verified | scheduled | applied | failed | not_applicable
  std::vector<std::string> ci_ids;   // targets of the patch
  std::vector<std::string> names;    // as the caller named them (codes or ids), for messages
  std::vector<std::string> tenants;  // the associations they serve (for the caller's scope)
  std::string note;
  std::optional<core::Instant> scheduled_for;
  std::string by;
  core::Instant at{};
};
// The patch watch's: the emergency decision's days passed with targets still open.
struct RecordEmergencyOverdue {
  std::uint32_t business_days = 0;
  core::Instant due_at{};
  core::Instant at{};
};

using PatchCommand =
    std::variant<RegisterPatch, AssessPatch, DecideUrgency, RecordVerification, AttachProcedure,
                 LinkChange, TargetPatch, RecordRollout, RecordEmergencyOverdue>;

std::expected<std::vector<PatchEvent>, DomainError> decide(const PatchState& state,
                                                           const PatchCommand& command,
                                                           core::Instant now);
PatchState evolve(PatchState state, const PatchEvent& event);
std::vector<std::string> tenants_named(const PatchCommand& command);

// Why the contract leaves `item` out of a `product` patch, naming the clause (⑤オ: OS patches
// go to the servers and monitoring terminals, not bouei's terminal; ⑤カ: antivirus patches and
// definition files not to bouei's servers or terminal; ⑤キ: Windows 11 feature updates to the
// monitoring terminals only, not bouei's), or nullopt when the item may be a target.
std::optional<std::string> target_refusal(std::string_view product, const PatchTargetItem& item);

// When an emergency patch is overdue: the end (18:00) of the `business_days`-th business day
// after the day of its emergency decision; nullopt when its urgency is not emergency.
std::optional<core::Instant> emergency_due_at(const PatchState& state, std::uint32_t business_days,
                                              const calendar::BusinessCalendar& calendar);

}  // namespace opsdesk::changes
