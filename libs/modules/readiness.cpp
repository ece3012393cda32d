#include "libs/modules/readiness.hpp"

namespace opsdesk::modules {

Readiness projection_readiness(const projection::ProjectionRunner& runner,
                               const projection::ViewStore& view,
                               const std::vector<std::string>& domains) {
  Readiness readiness;
  readiness.details = runner.status();
  nlohmann::json positions = nlohmann::json::object();
  for (const auto& domain : domains) positions[domain] = view.watermark(domain);
  if (!domains.empty()) readiness.details["applied_position"] = positions[domains.front()];
  readiness.details["applied_positions"] = std::move(positions);
  const auto catch_up = runner.catch_up();
  readiness.details["caught_up"] = catch_up.caught_up;
  readiness.details["behind"] = catch_up.behind;
  if (auto stopped = runner.stopped()) {
    readiness.ready = false;
    readiness.reason = stopped->describe();
  } else if (auto trouble = runner.storage_trouble()) {
    readiness.ready = false;
    readiness.details["storage_unavailable"] = *trouble;
    readiness.reason = "its view cannot write (" + *trouble + "); retrying every second";
  } else if (!catch_up.caught_up) {
    readiness.ready = false;
    readiness.reason = "catching up: waiting for " + catch_up.waiting_for;
  }
  return readiness;
}

void require_healthy_store(Readiness& readiness, const eventstore::EventStore& store) {
  auto trouble = store.failure();
  if (trouble) {
    readiness.details["store_failure"] = *trouble;
  } else if ((trouble = store.unavailable())) {
    readiness.details["store_unavailable"] = *trouble;
  } else {
    return;
  }
  if (!readiness.ready) return;  // the first reason stays; the details carry both
  readiness.ready = false;
  readiness.reason = "event store: " + *trouble;
}

}  // namespace opsdesk::modules
