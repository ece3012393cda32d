#include "services/incidents/incident_index.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "services/incidents/contract/incident_events.hpp"
#include "services/incidents/event_codec.hpp"

namespace opsdesk::incidents {

void IncidentIndex::upsert(const IncidentState& state) {
  std::lock_guard lock(mutex_);
  auto& entry = by_id_[state.id];
  if (entry.version >= state.version) return;
  entry = IncidentSummary{state.id,    state.version,     state.status,          state.severity,
                          state.title, state.occurred_at, state.affected_tenants};
}

void IncidentIndex::rebuild(const eventstore::EventStore& store) {
  std::unordered_map<std::string, IncidentState> states;
  constexpr std::size_t kChunk = 4096;
  for (std::uint64_t position = 1;;) {
    auto records = store.read_log(position, kChunk);
    if (records.empty()) break;
    for (const auto& record : records) {
      const auto id = incident_id_of(record.stream_id());
      if (id.empty()) continue;
      auto event = decode(record);
      if (!event) throw std::runtime_error("rebuilding the incident index: " + event.error());
      states[id] = evolve(std::move(states[id]), *event);
    }
    position = records.back().log_position() + 1;
  }
  for (const auto& [id, state] : states) upsert(state);
}

IncidentIndex::Page IncidentIndex::list(
    const Query& query, const std::function<bool(const IncidentSummary&)>& visible) const {
  std::lock_guard lock(mutex_);
  Page page;
  auto it = query.after_id.empty() ? by_id_.begin() : by_id_.upper_bound(query.after_id);
  for (; it != by_id_.end(); ++it) {
    const auto& summary = it->second;
    if (query.status && summary.status != *query.status) continue;
    if (query.tenant && std::find(summary.affected_tenants.begin(), summary.affected_tenants.end(),
                                  *query.tenant) == summary.affected_tenants.end()) {
      continue;
    }
    if (!visible(summary)) continue;
    if (page.items.size() == query.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(summary);
  }
  return page;
}

}  // namespace opsdesk::incidents
