#include "libs/projection/projection.hpp"

namespace opsdesk::projection {

std::string ProjectionStop::describe() const {
  if (domain.empty()) return "stopped: " + reason;
  return "stopped at " + domain + " position " + std::to_string(position) + " (" + type + ", " +
         stream_id + " version " + std::to_string(stream_version) + "): " + reason;
}

}  // namespace opsdesk::projection
