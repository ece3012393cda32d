#pragma once
// A publishing module's event store, opened the one way every publisher opens it: under its
// path, fsync'd unless sync is off (benchmarks only), keeping the disk reserve, its append
// metrics labelled with the module's store name, on the process's clock.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/modules/module.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::modules {

std::expected<std::unique_ptr<eventstore::EventStore>, OpenError> open_event_store(
    const std::filesystem::path& path, bool sync, std::uint64_t min_free_bytes,
    observability::Registry& metrics, const core::Clock& clock, std::string metrics_label);

}  // namespace opsdesk::modules
