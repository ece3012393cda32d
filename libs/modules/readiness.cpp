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
  if (auto stopped = runner.stopped()) {
    readiness.ready = false;
    readiness.reason = stopped->describe();
  }
  return readiness;
}

}  // namespace opsdesk::modules
