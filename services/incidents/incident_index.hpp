#pragma once
// The incident list the service keeps for GET /v1/incidents (libs/aggregate/summary_index.hpp):
// a summary per incident, newest first.

#include <cstdint>
#include <string>
#include <vector>

#include "libs/aggregate/summary_index.hpp"
#include "services/incidents/incident_aggregate.hpp"

namespace opsdesk::incidents {

struct IncidentSummary {
  std::string id;
  std::uint64_t version = 0;
  Status status = Status::open;
  std::string severity;
  std::string title;
  core::Instant occurred_at{};
  std::vector<std::string> affected_tenants;
};

IncidentSummary summarize(const IncidentState& state);

using IncidentIndex = aggregate::SummaryIndex<IncidentAggregate, IncidentSummary>;

}  // namespace opsdesk::incidents
