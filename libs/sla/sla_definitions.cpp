#include "libs/sla/sla_definitions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "libs/core/quoted.hpp"

namespace opsdesk::sla {

namespace {

constexpr std::array<std::pair<TargetKind, std::string_view>, 6> kKindNames{{
    {TargetKind::first_notice, "first_notice"},
    {TargetKind::progress_cadence, "progress_cadence"},
    {TargetKind::response_hours, "response_hours"},
    {TargetKind::operating_hours, "operating_hours"},
    {TargetKind::ops_report_cadence, "ops_report_cadence"},
    {TargetKind::reception_hours, "reception_hours"},
}};

}  // namespace

std::string_view to_string(TargetKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "unknown";
}

std::optional<TargetKind> target_kind_from(std::string_view text) {
  for (const auto& [kind, name] : kKindNames)
    if (name == text) return kind;
  return std::nullopt;
}

std::string target_kind_names() {
  std::string out;
  for (const auto& [kind, name] : kKindNames) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

const SlaDefinition* SlaDefinitions::find(TargetKind kind) const {
  for (const auto& row : rows)
    if (row.kind == kind) return &row;
  return nullptr;
}

}  // namespace opsdesk::sla
