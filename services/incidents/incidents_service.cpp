#include "services/incidents/incidents_service.hpp"

#include "libs/aggregate/repository_metrics.hpp"
#include "libs/modules/event_store.hpp"
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
      index_(summarize),
      // Runs on the store's syncer thread: the index's lock is short for writers, but a list()
      // scanning for a rare filter holds it through its scan (in memory, no I/O), and the
      // syncer waits that long.
      commands_(repository_, [this](const IncidentState& state) { index_.upsert(state); }) {}

std::filesystem::path IncidentsService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "incidents" / "eventstore";
}

std::expected<std::unique_ptr<IncidentsService>, modules::OpenError> IncidentsService::open(
    IncidentsServiceOptions options, const modules::Context& context) {
  auto store =
      modules::open_event_store(store_path(options.data_dir), options.sync, options.min_free_bytes,
                                context.metrics, context.clock, "incidents");
  if (!store) return std::unexpected(std::move(store.error()));
  std::unique_ptr<IncidentsService> service(
      new IncidentsService(std::move(*store), context, options.repository));
  aggregate::register_repository_metrics(context.metrics, "incidents", service->repository());
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
