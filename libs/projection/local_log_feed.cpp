#include "libs/projection/local_log_feed.hpp"

#include <chrono>

namespace opsdesk::projection {

namespace {
// How long to wait on one store for new events before looking at the others (and the stop
// token) again. With a single store a new event still wakes the wait at once.
constexpr std::chrono::milliseconds kWaitSlice{20};
}  // namespace

FeedEnd LocalLogFeed::run(const Checkpoints& checkpoints,
                          const std::function<void(std::vector<FeedEvent>&&)>& deliver,
                          std::stop_token stop, std::string& reason) {
  std::vector<std::uint64_t> next(sources_.size(), 1);
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    auto found = checkpoints.find(checkpoint_key(sources_[i].domain));
    if (found == checkpoints.end()) continue;
    next[i] = found->second;
    if (next[i] > sources_[i].store->head_position() + 1) {
      // The view has seen positions this store does not have: the store was replaced.
      reason = "view checkpoint for " + sources_[i].domain + " is at position " +
               std::to_string(next[i]) + " but the event store ends at " +
               std::to_string(sources_[i].store->head_position());
      return FeedEnd::rebuild_required;
    }
  }

  while (!stop.stop_requested()) {
    bool delivered = false;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      auto records = sources_[i].store->read_log(next[i], batch_size_);
      if (records.empty()) continue;
      std::vector<FeedEvent> batch;
      batch.reserve(records.size());
      const auto key = checkpoint_key(sources_[i].domain);
      for (auto& record : records) {
        const auto position = record.log_position();
        batch.push_back(FeedEvent{sources_[i].domain, std::move(record), key, position + 1});
      }
      next[i] = batch.back().next_offset;
      deliver(std::move(batch));
      delivered = true;
    }
    if (!delivered) {
      for (std::size_t i = 0; i < sources_.size() && !stop.stop_requested(); ++i) {
        if (sources_[i].store->wait_for_position(next[i],
                                                 std::chrono::steady_clock::now() + kWaitSlice))
          break;
      }
    }
  }
  return FeedEnd::stopped;
}

}  // namespace opsdesk::projection
