#include "services/changes/domain/vocabulary.hpp"

#include <algorithm>
#include <array>

namespace opsdesk::changes {

namespace {

constexpr std::array<std::string_view, 11> kCiKinds = {"system_server", "virtualisation_host",
                                                       "ad_server",     "monitoring_server",
                                                       "backup_server", "monitoring_terminal",
                                                       "storage",       "ups",
                                                       "network",       "software",
                                                       "document_set"};
constexpr std::array<std::string_view, 2> kLocations = {"centre", kBoueiSite};
constexpr std::array<std::string_view, 3> kRelationKinds = {"runs_on", "backs_up", "depends_on"};
constexpr std::array<std::string_view, 4> kOrigins = {kFault, kImprovement, "security_patch",
                                                      "other"};
constexpr std::array<std::string_view, 10> kPhases = {"design",       "build",
                                                      "unit_test",    "integration_test",
                                                      "system_test",  "acceptance_support",
                                                      "distribution", "migration",
                                                      "installation", "training"};

constexpr std::array<std::string_view, 4> kPatchProducts = {kOsPatch, kAntivirusPatch,
                                                            kWindowsFeatureUpdate, "middleware"};
constexpr std::array<std::string_view, 4> kSeverities = {"critical", "important", "moderate",
                                                         "low"};
constexpr std::array<std::string_view, 3> kUrgencies = {kEmergency, "normal", kDeferred};
constexpr std::array<std::string_view, 2> kMeasures = {"provisional", "permanent"};
constexpr std::array<std::string_view, 2> kVerificationResults = {"passed", "failed"};
constexpr std::array<std::string_view, 6> kRolloutStates = {
    "pending", "verified", "scheduled", "applied", "failed", "not_applicable"};
constexpr std::array<std::string_view, 5> kServerKinds = {
    "system_server", "virtualisation_host", "ad_server", "monitoring_server", "backup_server"};

constexpr std::array<std::string_view, 6> kDocumentKinds = {"procedure", "design",    "manual",
                                                            "report",    "test_plan", kMinutes};
constexpr std::array<std::string_view, 3> kFilingLocations = {"shelf", "fireproof_safe",
                                                              "electronic"};
constexpr std::array<std::string_view, 3> kMeetingKinds = {"monthly_report", "coordination",
                                                           "other"};
constexpr std::array<std::string_view, 2> kAssetKinds = {kItemAsset, kDocumentAsset};

}  // namespace

std::span<const std::string_view> document_kinds() { return kDocumentKinds; }
std::span<const std::string_view> filing_locations() { return kFilingLocations; }
std::span<const std::string_view> meeting_kinds() { return kMeetingKinds; }
std::span<const std::string_view> asset_kinds() { return kAssetKinds; }

std::span<const std::string_view> patch_products() { return kPatchProducts; }
std::span<const std::string_view> patch_severities() { return kSeverities; }
std::span<const std::string_view> patch_urgencies() { return kUrgencies; }
std::span<const std::string_view> patch_measures() { return kMeasures; }
std::span<const std::string_view> verification_results() { return kVerificationResults; }
std::span<const std::string_view> rollout_states() { return kRolloutStates; }
std::span<const std::string_view> rollout_steps() {
  return std::span<const std::string_view>(kRolloutStates).subspan(1);
}
bool is_settled_rollout_state(std::string_view state) {
  return state == "applied" || state == "not_applicable";
}
bool is_server_kind(std::string_view kind) { return is_one_of(kServerKinds, kind); }

std::span<const std::string_view> ci_kinds() { return kCiKinds; }
std::span<const std::string_view> ci_locations() { return kLocations; }
std::span<const std::string_view> relation_kinds() { return kRelationKinds; }
std::span<const std::string_view> change_origins() { return kOrigins; }
std::span<const std::string_view> change_phases() { return kPhases; }

bool counts_against_cap(std::string_view origin) {
  return origin == kFault || origin == kImprovement;
}

bool is_per_tenant_phase(std::string_view phase) {
  return phase == "migration" || phase == "installation";
}

bool is_skippable_phase(std::string_view phase) {
  return phase == "migration" || phase == "training";
}

}  // namespace opsdesk::changes
