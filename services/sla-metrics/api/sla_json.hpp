#pragma once
// The SLA engine's answers as JSON (docs/api/sla-metrics.yaml): times as RFC 3339, durations
// as {seconds, text}, and the event ids behind every figure.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "libs/sla/incident_clocks.hpp"
#include "libs/sla/sla_table.hpp"

namespace opsdesk::sla_metrics::api {

nlohmann::json duration_json(std::chrono::microseconds duration);
// A definition row as GET /v1/sla/definitions shows it (the table rows repeat its fields).
nlohmann::json definition_json(const sla::SlaDefinition& definition);

// Only the clocks of tenants `visible` accepts (an association sees its own).
nlohmann::json incident_clocks_json(const sla::IncidentClocks& clocks,
                                    const sla::SlaDefinitions& definitions,
                                    const std::function<bool(const std::string&)>& visible);

// Which evidence items a table answer lists: every one, only those that count against the
// target (misses, breaches, running clocks past their goal) and the permitted out-of-hours
// work, or none. The incident ids behind each row are always there.
enum class EvidenceShown { all, against, none };

bool is_shown(const sla::EvidenceItem& item, EvidenceShown shown);

nlohmann::json table_json(const sla::SlaTable& table, EvidenceShown evidence = EvidenceShown::all);

}  // namespace opsdesk::sla_metrics::api
