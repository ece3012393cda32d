#include "services/changes/domain/vocabulary.hpp"

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

}  // namespace

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
