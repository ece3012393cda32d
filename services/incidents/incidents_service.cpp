#include "services/incidents/incidents_service.hpp"

#include "libs/modules/readiness.hpp"
#include "services/incidents/api/incident_routes.hpp"

namespace opsdesk::incidents {

modules::Module module(IncidentsServiceOptions options) {
  return {
      .name = "incidents",
      .kind = modules::Kind::command,
      .description = "incidents (障害対応): detection, notices, restoration, closure",
      .publishes = kDomain,
      .openapi = "incidents",
      .store_path = IncidentsService::store_path(options.data_dir),
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        return IncidentsService::open(options, context);
      },
  };
}

IncidentsService::IncidentsService(std::unique_ptr<eventstore::EventStore> store,
                                   const modules::Context& context,
                                   aggregate::RepositoryOptions repository)
    : store_(std::move(store)),
      clock_(context.clock),
      repository_(*store_, repository),
      // Runs on the store's syncer thread: the index's lock is short for writers, but a list()
      // scanning for a rare filter holds it through its scan (in memory, no I/O), and the
      // syncer waits that long.
      commands_(repository_, [this](const IncidentState& state) { index_.upsert(state); }) {}

namespace {

// How well the kept incident states serve the commands (read when /metrics is rendered).
void register_cache_metrics(observability::Registry& metrics, const IncidentsService& service) {
  const observability::Labels labels{{"store", "incidents"}};
  auto stat = [&service](auto field) {
    return [&service, field] { return static_cast<double>(service.cache_stats().*field); };
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
  auto snapshot = [&service](auto field) {
    return [&service, field] { return static_cast<double>(service.snapshot_stats().*field); };
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

}  // namespace

std::filesystem::path IncidentsService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "incidents" / "eventstore";
}

std::expected<std::unique_ptr<IncidentsService>, modules::OpenError> IncidentsService::open(
    IncidentsServiceOptions options, const modules::Context& context) {
  eventstore::StoreOptions store_options;
  store_options.path = store_path(options.data_dir);
  store_options.sync = options.sync;
  store_options.min_free_bytes = options.min_free_bytes;
  store_options.metrics = &context.metrics;
  store_options.metrics_store_label = "incidents";
  auto store = eventstore::EventStore::open(store_options, context.clock);
  if (!store) return std::unexpected(modules::OpenError::failure(store.error()));
  std::unique_ptr<IncidentsService> service(
      new IncidentsService(std::move(*store), context, options.repository));
  register_cache_metrics(context.metrics, *service);
  service->instants_ = options.instants;
  service->index_.rebuild(*service->store_);
  return service;
}

void IncidentsService::add_routes(http::Router& router) {
  api::add_incident_routes(
      router, api::IncidentApi{commands_, repository_, index_, clock_, ids_, instants_});
}

modules::Readiness IncidentsService::readiness() const {
  return {.details = {{"head_position", store_->head_position()}}};
}

}  // namespace opsdesk::incidents
