#pragma once
// The command plumbing's own figures on /metrics, the same for every command service: the
// states kept in memory (hits, misses) and the stream snapshots (loads, writes, events folded).

#include <string>

#include "libs/aggregate/repository.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::aggregate {

// How well the kept states serve the commands (read when /metrics is rendered), labelled with
// the service's store. `repository` must outlive `metrics`' rendering.
template <Aggregate A>
void register_repository_metrics(observability::Registry& metrics, const std::string& store,
                                 const Repository<A>& repository) {
  const observability::Labels labels{{"store", store}};
  auto stat = [&repository](auto field) {
    return [&repository, field] { return static_cast<double>(repository.cache_stats().*field); };
  };
  metrics.gauge_callback("opsdesk_command_state_cache_entries",
                         "Aggregate states kept in memory for the next command", labels,
                         stat(&aggregate::StateCacheStats::entries));
  metrics.gauge_callback("opsdesk_command_state_cache_capacity",
                         "How many aggregate states may be kept (commands.cached_states)", labels,
                         stat(&aggregate::StateCacheStats::capacity));
  metrics.gauge_callback("opsdesk_command_state_cache_hits",
                         "Commands that started from a kept state (since the start)", labels,
                         stat(&aggregate::StateCacheStats::hits));
  metrics.gauge_callback("opsdesk_command_state_cache_misses",
                         "Commands that found no kept state and read their aggregate's stream "
                         "(from its snapshot, if any; since the start)",
                         labels, stat(&aggregate::StateCacheStats::misses));
  auto snapshot = [&repository](auto field) {
    return [&repository, field] { return static_cast<double>(repository.snapshot_stats().*field); };
  };
  metrics.gauge_callback("opsdesk_command_snapshot_loads",
                         "Loads of an aggregate that started from its stream snapshot (since the "
                         "start)",
                         labels, snapshot(&aggregate::SnapshotStats::loads_from_snapshot));
  metrics.gauge_callback("opsdesk_command_snapshots_ignored",
                         "Stream snapshots of another state schema or not decodable, folded "
                         "again from the events (since the start)",
                         labels, snapshot(&aggregate::SnapshotStats::snapshots_ignored));
  metrics.gauge_callback("opsdesk_command_snapshots_written",
                         "Stream snapshots written, with an append or after a long fold (since "
                         "the start)",
                         labels, snapshot(&aggregate::SnapshotStats::snapshots_written));
  metrics.gauge_callback("opsdesk_command_events_folded",
                         "Events read from the store and folded to load aggregates (since the "
                         "start)",
                         labels, snapshot(&aggregate::SnapshotStats::events_folded));
}

}  // namespace opsdesk::aggregate
