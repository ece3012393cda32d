#include "libs/projection/local_log_feed.hpp"

#include <chrono>
#include <future>

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

  {
    std::lock_guard lock(mutex_);
    applied_next_ = next;
  }

  // While catching up, the next batch of a source is read (RocksDB iteration and envelope
  // parsing, a quarter of a replay) on another thread as the current one is applied.
  std::vector<std::future<std::vector<eventstore::RecordedEvent>>> read_ahead(sources_.size());
  while (!stop.stop_requested()) {
    bool delivered = false;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      auto records = read_ahead[i].valid() ? read_ahead[i].get()
                                           : sources_[i].store->read_log(next[i], batch_size_);
      if (records.empty()) continue;
      const bool behind = records.size() == batch_size_;
      std::vector<FeedEvent> batch;
      batch.reserve(records.size());
      const auto key = checkpoint_key(sources_[i].domain);
      for (auto& record : records) {
        const auto position = record.log_position();
        batch.push_back(FeedEvent{sources_[i].domain, std::move(record), key, position + 1});
      }
      next[i] = batch.back().next_offset;
      if (behind) {
        read_ahead[i] = std::async(
            std::launch::async, [store = sources_[i].store, from = next[i], count = batch_size_] {
              return store->read_log(from, count);
            });
      }
      deliver(std::move(batch));
      delivered_up_to(i, next[i]);  // deliver() returns once the batch is applied
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

void LocalLogFeed::delivered_up_to(std::size_t source, std::uint64_t next_position) {
  std::lock_guard lock(mutex_);
  applied_next_[source] = next_position;
}

CatchUp LocalLogFeed::catch_up() const {
  std::vector<std::uint64_t> applied_next;
  {
    std::lock_guard lock(mutex_);
    applied_next = applied_next_;
  }
  if (applied_next.empty()) return {false, "the feed to start reading the local event stores"};
  std::uint64_t behind = 0;
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const auto head = sources_[i].store->head_position();
    if (head >= applied_next[i]) behind += head - applied_next[i] + 1;
  }
  if (behind <= max_lag_) return {.behind = behind};
  return {false,
          std::to_string(behind) + " events of the local event stores (ready within " +
              std::to_string(max_lag_) + ")",
          behind};
}

}  // namespace opsdesk::projection
