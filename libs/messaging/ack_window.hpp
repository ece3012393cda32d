#pragma once
// The relay's bookkeeping of positions sent but not yet acknowledged: delivery reports arrive
// in any order across partitions, but the persisted cursor may only move over an unbroken run
// of acknowledged positions. Never lets the cursor pass a position the broker has not
// acknowledged.

#include <cstdint>
#include <deque>

namespace opsdesk::messaging {

class AckWindow {
 public:
  explicit AckWindow(std::uint64_t acknowledged = 0) : acknowledged_(acknowledged) {}

  // Every position up to and including this one is acknowledged.
  std::uint64_t acknowledged() const { return acknowledged_; }
  // The next position to send.
  std::uint64_t next() const { return acknowledged_ + pending_.size() + 1; }
  // Sent and not yet below the cursor (acknowledged out of order ones included).
  std::size_t in_flight() const { return pending_.size(); }

  // Records that next() was sent.
  void sent() { pending_.push_back(false); }
  // Records an acknowledgement; positions outside the window (stale reports) are ignored.
  // Returns how far the cursor moved.
  std::uint64_t acked(std::uint64_t position) {
    if (position <= acknowledged_ || position >= next()) return 0;
    pending_[position - acknowledged_ - 1] = true;
    std::uint64_t moved = 0;
    while (!pending_.empty() && pending_.front()) {
      pending_.pop_front();
      ++acknowledged_;
      ++moved;
    }
    return moved;
  }
  // Forgets everything sent after the cursor: it will be sent again from acknowledged() + 1.
  void rewind() { pending_.clear(); }

 private:
  std::uint64_t acknowledged_;
  std::deque<bool> pending_;  // pending_[i] is position acknowledged_ + 1 + i
};

}  // namespace opsdesk::messaging
