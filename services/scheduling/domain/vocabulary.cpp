#include "services/scheduling/domain/vocabulary.hpp"

#include <algorithm>
#include <array>

#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::scheduling {

namespace {

constexpr std::array<std::string_view, 12> kTaskKinds = {
    "backup_check",     "media_exchange",      "system_backup", "performance_report",
    "audit_log_review", "virus_scan_check",    "inspection",    "power_outage",
    "fire_inspection",  "certificate_renewal", "report",        "other"};
constexpr std::array<std::string_view, 3> kCalendarRules = {kSkip, kPreviousBusinessDay,
                                                            kNextBusinessDay};
constexpr std::array<std::string_view, 3> kResults = {"ok", "failed", "manual_done"};

}  // namespace

std::span<const std::string_view> task_kinds() { return kTaskKinds; }
std::span<const std::string_view> calendar_rules() { return kCalendarRules; }
std::span<const std::string_view> results() { return kResults; }

bool is_one_of(std::span<const std::string_view> words, std::string_view word) {
  return std::ranges::find(words, word) != words.end();
}

std::string words_text(std::span<const std::string_view> words) {
  std::string text;
  for (auto word : words) {
    if (!text.empty()) text += ", ";
    text += word;
  }
  return text;
}

std::vector<std::string> concerned_codes(const std::vector<std::string>& scope) {
  std::vector<std::string> codes;
  for (const auto& word : scope) {
    if (word == tenants::kAllCentre) {
      for (auto& code : tenants::in_centre_codes()) codes.push_back(std::move(code));
    } else {
      codes.push_back(word);
    }
  }
  std::ranges::sort(codes);
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  // In the registry's order, as every list of associations is shown.
  std::vector<std::string> ordered;
  for (const auto& tenant : tenants::all_tenants()) {
    if (std::ranges::binary_search(codes, tenant.code)) ordered.emplace_back(tenant.code);
  }
  return ordered;
}

std::optional<std::string> scope_problem(const std::vector<std::string>& scope) {
  if (scope.empty())
    return "must name at least one association code, or [\"all_centre\"] for the 18 "
           "associations of the centre";
  const bool all_centre = std::ranges::find(scope, tenants::kAllCentre) != scope.end();
  if (all_centre && scope.size() > 1)
    return "\"all_centre\" stands for the 18 associations of the centre and must be the only "
           "entry";
  for (const auto& code : scope) {
    if (code != tenants::kAllCentre && tenants::find_tenant(code) == nullptr)
      return "unknown association code '" + code + "'; allowed: " + tenants::allowed_codes_text() +
             ", or \"all_centre\" alone";
  }
  return std::nullopt;
}

}  // namespace opsdesk::scheduling
