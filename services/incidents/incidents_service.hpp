#pragma once
// The incidents service assembled: its own event store under <data-dir>/incidents, the
// repository, the incident index (rebuilt from the log on open), the command handler and the
// HTTP routes. Runs alone (--target=incidents) or beside other services (--target=all); its
// entry in the module table is module() below.

#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"
#include "libs/observability/metrics.hpp"
#include "services/incidents/incident_aggregate.hpp"
#include "services/incidents/incident_index.hpp"

namespace opsdesk::incidents {

struct IncidentsServiceOptions {
  std::filesystem::path data_dir;  // the service keeps everything under data_dir/incidents
  bool sync = true;                // fsync every commit (never off outside benchmarks)
  std::uint64_t min_free_bytes =
      eventstore::kDefaultMinFreeBytes;  // disk reserve (libs/eventstore/disk_reserve.hpp)
  // Incident states kept in memory for the next command, and how often a long incident's state
  // is kept beside its stream (libs/aggregate/repository.hpp).
  aggregate::RepositoryOptions repository{};
  // The times a command may name (occurred_at, sent_at, …): from some while before the
  // contract term starts to the end of the business calendar.
  http::InstantRange instants{};
};

// The module table's entry: publishes the incidents domain from the store under data_dir.
modules::Module module(IncidentsServiceOptions options);

class IncidentsService final : public modules::Service {
 public:
  // Where the service's event store lives under a data directory.
  static std::filesystem::path store_path(const std::filesystem::path& data_dir);

  static std::expected<std::unique_ptr<IncidentsService>, modules::OpenError> open(
      IncidentsServiceOptions options, const modules::Context& context);

  void add_routes(http::Router& router) override;
  modules::Readiness readiness() const override;
  eventstore::EventStore* published_store() override { return store_.get(); }
  eventstore::EventStore& store() { return *store_; }
  const IncidentRepository& repository() const { return repository_; }
  aggregate::StateCacheStats cache_stats() const { return repository_.cache_stats(); }
  aggregate::SnapshotStats snapshot_stats() const { return repository_.snapshot_stats(); }

 private:
  IncidentsService(std::unique_ptr<eventstore::EventStore> store, const modules::Context& context,
                   aggregate::RepositoryOptions repository);

  std::unique_ptr<eventstore::EventStore> store_;
  const core::Clock& clock_;
  IncidentRepository repository_;
  IncidentIndex index_;
  CommandHandler commands_;
  core::UuidV7Generator ids_;
  http::InstantRange instants_;
};

}  // namespace opsdesk::incidents
