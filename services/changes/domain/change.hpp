#pragma once
// A change request (改修, 仕様書 4.(2)②③) as a decider: registered from a fault, an improvement
// request, a security patch or otherwise; assessed; approved by the association side; its
// phases done in order (design … training), migration and installation once per association;
// closed, or rejected before approval, or withdrawn. Beside the lifecycle, its work breakdown
// (WBS, 4.(1)②ク): packages with planned hours and dates, progress and actual hours, and
// baselines that freeze the plan for earned value (evm/earned_value.hpp). Pure.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/changes/contract/change_events.hpp"
#include "services/changes/domain/vocabulary.hpp"
#include "services/changes/evm/earned_value.hpp"

namespace opsdesk::changes {

struct Assessment {
  std::string impact;
  double effort_estimate_hours = 0;
  core::Instant at{};
  std::string by;
  bool operator==(const Assessment&) const = default;
};

struct Approval {
  std::string approver;
  std::string note;
  core::Instant at{};
  std::string by;
  bool operator==(const Approval&) const = default;
};

struct PhaseRecord {
  std::string phase;
  std::string tenant;  // migration and installation: the association
  bool skipped = false;
  std::string document_id;  // evidence (completed)
  std::string document_version;
  std::string note;  // completed: the note; skipped: the reason
  core::Instant at{};
  std::string by;
  bool operator==(const PhaseRecord&) const = default;
};

struct ActualEntry {
  double hours = 0;
  std::string worker;
  Date date;
  std::string activity;
  core::Instant at{};
  std::string by;
  bool operator==(const ActualEntry&) const = default;
};

struct ProgressEntry {
  double percent = 0;
  Date as_of;
  core::Instant at{};
  std::string by;
  bool operator==(const ProgressEntry&) const = default;
};

struct WorkPackage {
  std::string id;  // "wp-1", …
  std::string name;
  double planned_hours = 0;
  Date planned_start;
  Date planned_finish;
  std::vector<std::string> depends_on;
  std::string tenant;  // empty: shared by the change
  std::vector<ProgressEntry> progress;
  std::vector<ActualEntry> actuals;
  bool operator==(const WorkPackage&) const = default;
};

struct BaselinePackage {
  std::string package_id;
  double planned_hours = 0;
  Date planned_start;
  Date planned_finish;
  bool operator==(const BaselinePackage&) const = default;
};

struct Baseline {
  std::uint32_t number = 0;
  std::vector<BaselinePackage> packages;
  std::string reason;
  core::Instant at{};
  std::string by;
  bool operator==(const Baseline&) const = default;
};

struct Ending {
  std::string note;  // closed: the note; rejected, withdrawn: the reason
  core::Instant at{};
  std::string by;
  bool operator==(const Ending&) const = default;
};

struct ChangeState {
  std::string id;
  std::uint64_t version = 0;
  std::string origin;
  std::string incident_id;
  std::string inquiry_id;
  std::string title;
  std::string description;
  std::vector<std::string> tenants;  // association codes
  std::vector<std::string> configuration_items;
  core::Instant registered_at{};
  std::string registered_by;
  std::optional<Assessment> assessment;
  std::optional<Approval> approval;
  std::vector<PhaseRecord> phases;
  std::vector<WorkPackage> packages;
  std::vector<Baseline> baselines;
  std::optional<Ending> closed;
  std::optional<Ending> rejected;
  std::optional<Ending> withdrawn;
  core::Instant changed_at{};

  bool exists() const { return version > 0; }
  bool settled() const { return closed || rejected || withdrawn; }
  // registered | assessed | approved | in_progress | closed | rejected | withdrawn
  std::string status() const;
  // Whether a phase is done (or skipped); for migration and installation, for every association.
  bool phase_done(std::string_view phase) const;
  bool phase_done_for(std::string_view phase, const std::string& tenant) const;
  // The first phase not done once approved; empty before approval or when every phase is done.
  std::string current_phase() const;
  // What close still waits for: "installation for soumu", "training", …
  std::vector<std::string> open_phases() const;
  const WorkPackage* package(const std::string& id) const;
  // The packages for earned value: budgets and dates of the latest baseline (a package added
  // after it has budget 0 until a rebaseline), or of the plan before any baseline.
  std::vector<evm::Package> evm_packages() const;
  bool operator==(const ChangeState&) const = default;
};

struct RegisterChange {
  std::string change_id;
  std::string origin;
  std::string incident_id;
  std::string inquiry_id;
  std::string title;
  std::string description;
  std::vector<std::string> tenants;              // codes, or "all_centre" alone
  std::vector<std::string> configuration_items;  // ids, resolved by the service
  std::string by;
  core::Instant at{};
};
struct AssessChange {
  std::string impact;
  double effort_estimate_hours = 0;
  std::string by;
  core::Instant at{};
};
struct ApproveChange {
  std::string approver;
  std::string note;
  std::string by;
  core::Instant at{};
};
struct CompletePhase {
  std::string phase;
  std::string tenant;
  std::string document_id;
  std::string document_version;
  std::string note;
  std::string by;
  core::Instant at{};
};
struct SkipPhase {
  std::string phase;
  std::string reason;
  std::string by;
  core::Instant at{};
};
struct CloseChange {
  std::string note;
  std::string by;
  core::Instant at{};
};
struct RejectChange {
  std::string reason;
  std::string by;
  core::Instant at{};
};
struct WithdrawChange {
  std::string reason;
  std::string by;
  core::Instant at{};
};
struct AddWorkPackage {
  std::string name;
  double planned_hours = 0;
  Date planned_start;
  Date planned_finish;
  std::vector<std::string> depends_on;
  std::string tenant;
  std::string by;
  core::Instant at{};
};
struct RecordProgress {
  std::string package_id;
  double percent = 0;
  Date as_of;
  std::string by;
  core::Instant at{};
};
struct RecordActual {
  std::string package_id;
  double hours = 0;
  std::string worker;
  Date date;
  std::string activity;
  std::string by;
  core::Instant at{};
};
struct SetBaseline {
  std::string by;
  core::Instant at{};
};
struct Rebaseline {
  std::string reason;
  std::string by;
  core::Instant at{};
};

using ChangeCommand =
    std::variant<RegisterChange, AssessChange, ApproveChange, CompletePhase, SkipPhase, CloseChange,
                 RejectChange, WithdrawChange, AddWorkPackage, RecordProgress, RecordActual,
                 SetBaseline, Rebaseline>;

std::expected<std::vector<ChangeEvent>, DomainError> decide(const ChangeState& state,
                                                            const ChangeCommand& command,
                                                            core::Instant now);
ChangeState evolve(ChangeState state, const ChangeEvent& event);
std::vector<std::string> tenants_named(const ChangeCommand& command);

}  // namespace opsdesk::changes
