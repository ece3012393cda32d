#pragma once
// The words of the changes domain: kinds of configuration items, where they stand, how they
// relate; where a change comes from and the phases of its work. One list each, for the deciders,
// the API's messages and the readers.

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/words.hpp"
#include "libs/tenants/scope.hpp"

namespace opsdesk::changes {

using Date = std::chrono::year_month_day;

using DomainError = aggregate::DomainError;

// How far a time stamped by a person's clock may run ahead of the server's.
inline constexpr std::chrono::minutes kAllowedClockSkew{2};

// 別紙4's equipment and what else the centre keeps under configuration management.
std::span<const std::string_view> ci_kinds();
// centre (the shared computer centre) | bouei_site (the Defense association's own site).
std::span<const std::string_view> ci_locations();
inline constexpr std::string_view kBoueiSite = "bouei_site";
// This item runs_on, backs_up or depends_on the target.
std::span<const std::string_view> relation_kinds();

// Where a change comes from (仕様書 4.(2)②③⑤).
std::span<const std::string_view> change_origins();
inline constexpr std::string_view kFault = "fault";
inline constexpr std::string_view kImprovement = "improvement";
// The origins whose work is the term's modification work (4.(2)③), counted against its cap.
bool counts_against_cap(std::string_view origin);

// The phases of a change's work, in order (4.(2)③ア–カ).
std::span<const std::string_view> change_phases();
// Done once per association of the change (4.(2)③オ: migration per association; installation).
bool is_per_tenant_phase(std::string_view phase);
// A change may not need these (no data to migrate; operations unchanged, so no training).
bool is_skippable_phase(std::string_view phase);

// Security patches of commercial software (4.(2)⑤).
// os | antivirus | windows_feature_update | middleware
std::span<const std::string_view> patch_products();
inline constexpr std::string_view kOsPatch = "os";
inline constexpr std::string_view kAntivirusPatch = "antivirus";
inline constexpr std::string_view kWindowsFeatureUpdate = "windows_feature_update";
// The vendor's rating: critical | important | moderate | low.
std::span<const std::string_view> patch_severities();
// Agreed with the association side (⑤ア): emergency | normal | deferred.
std::span<const std::string_view> patch_urgencies();
inline constexpr std::string_view kEmergency = "emergency";
inline constexpr std::string_view kDeferred = "deferred";
// The measure (⑤イ): provisional (暫定対処) | permanent (本格対処).
std::span<const std::string_view> patch_measures();
// passed | failed
std::span<const std::string_view> verification_results();
// Where a target stands in the rollout: pending → verified → (scheduled →) applied, or failed
// (then verified, scheduled or applied again), or not_applicable.
std::span<const std::string_view> rollout_states();
// The steps a command records: every state but pending.
std::span<const std::string_view> rollout_steps();
// Where a target's rollout ends: applied | not_applicable.
bool is_settled_rollout_state(std::string_view state);
// The kinds of item an OS or antivirus patch is applied to as a server.
bool is_server_kind(std::string_view kind);
inline constexpr std::string_view kMonitoringTerminal = "monitoring_terminal";

// Controlled documents (原本管理, 4.(3)④イ⑤エ): procedure | design | manual | report | test_plan |
// minutes.
std::span<const std::string_view> document_kinds();
inline constexpr std::string_view kMinutes = "minutes";
// Where an original is kept (4.(3)⑦イ): shelf (書架) | fireproof_safe (耐火金庫) | electronic.
std::span<const std::string_view> filing_locations();
// monthly_report (the monthly report meeting, 4.(1)②ク) | coordination | other.
std::span<const std::string_view> meeting_kinds();
// What a check-out hands out (払い出し, 4.(5)①): configuration_item | document.
std::span<const std::string_view> asset_kinds();
inline constexpr std::string_view kDocumentAsset = "document";
inline constexpr std::string_view kItemAsset = "configuration_item";
// How a file that came back differs from the master: changed | missing | added.
inline constexpr std::string_view kChanged = "changed";
inline constexpr std::string_view kMissing = "missing";
inline constexpr std::string_view kAdded = "added";

using core::is_one_of;
using core::words_text;
using tenants::concerned_codes;
using tenants::scope_problem;

}  // namespace opsdesk::changes
