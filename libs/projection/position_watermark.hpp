#pragma once
// The highest log position P of one domain such that every position <= P has been applied.
// Positions arrive in order from the local feed, but out of order across Kafka partitions; the
// ones above the watermark are held until the gap below them closes. Pure bookkeeping.

#include <cstdint>
#include <set>

namespace opsdesk::projection {

class PositionWatermark {
 public:
  PositionWatermark() = default;
  PositionWatermark(std::uint64_t watermark, std::set<std::uint64_t> pending)
      : watermark_(watermark), pending_(std::move(pending)) {}

  // Records that `position` was applied (or skipped as a duplicate); repeated positions are fine.
  void mark(std::uint64_t position);
  std::uint64_t watermark() const { return watermark_; }
  const std::set<std::uint64_t>& pending() const { return pending_; }

 private:
  std::uint64_t watermark_ = 0;
  std::set<std::uint64_t> pending_;  // applied positions above the watermark
};

}  // namespace opsdesk::projection
