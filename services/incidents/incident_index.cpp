#include "services/incidents/incident_index.hpp"

namespace opsdesk::incidents {

IncidentSummary summarize(const IncidentState& state) {
  return IncidentSummary{state.id,    state.version,     state.status,          state.severity,
                         state.title, state.occurred_at, state.affected_tenants};
}

}  // namespace opsdesk::incidents
