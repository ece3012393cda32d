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

}  // namespace opsdesk::scheduling
