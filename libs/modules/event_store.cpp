#include "libs/modules/event_store.hpp"

namespace opsdesk::modules {

std::expected<std::unique_ptr<eventstore::EventStore>, OpenError> open_event_store(
    const std::filesystem::path& path, bool sync, std::uint64_t min_free_bytes,
    observability::Registry& metrics, const core::Clock& clock, std::string metrics_label) {
  eventstore::StoreOptions options;
  options.path = path;
  options.sync = sync;
  options.min_free_bytes = min_free_bytes;
  options.metrics = &metrics;
  options.metrics_store_label = std::move(metrics_label);
  auto store = eventstore::EventStore::open(options, clock);
  if (!store) return std::unexpected(OpenError::failure(store.error()));
  return std::move(*store);
}

}  // namespace opsdesk::modules
