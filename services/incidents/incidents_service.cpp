#include "services/incidents/incidents_service.hpp"

#include "services/incidents/api/incident_routes.hpp"

namespace opsdesk::incidents {

IncidentsService::IncidentsService(std::unique_ptr<eventstore::EventStore> store,
                                   const core::Clock& clock)
    : store_(std::move(store)),
      clock_(clock),
      repository_(*store_),
      commands_(repository_, index_) {}

std::filesystem::path IncidentsService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "incidents" / "eventstore";
}

std::expected<std::unique_ptr<IncidentsService>, std::string> IncidentsService::open(
    IncidentsServiceOptions options, const core::Clock& clock, observability::Registry& metrics) {
  eventstore::StoreOptions store_options;
  store_options.path = store_path(options.data_dir);
  store_options.sync = options.sync;
  store_options.metrics = &metrics;
  store_options.metrics_store_label = "incidents";
  auto store = eventstore::EventStore::open(store_options, clock);
  if (!store) return std::unexpected(store.error());
  std::unique_ptr<IncidentsService> service(new IncidentsService(std::move(*store), clock));
  service->index_.rebuild(*service->store_);
  return service;
}

void IncidentsService::add_routes(http::Router& router, const auth::TokenVerifier& verifier) {
  api::add_incident_routes(
      router, api::IncidentApi{commands_, repository_, index_, verifier, clock_, ids_});
}

}  // namespace opsdesk::incidents
