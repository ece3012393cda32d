#include "libs/projection/position_watermark.hpp"

namespace opsdesk::projection {

void PositionWatermark::mark(std::uint64_t position) {
  if (position <= watermark_) return;
  pending_.insert(position);
  while (!pending_.empty() && *pending_.begin() == watermark_ + 1) {
    watermark_ = *pending_.begin();
    pending_.erase(pending_.begin());
  }
}

}  // namespace opsdesk::projection
