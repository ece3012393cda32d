#include "libs/projection/local_log_feed.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <optional>
#include <thread>

namespace opsdesk::projection {

namespace {
// How long to wait on one store for new events before looking at the others (and the stop
// token) again. With a single store a new event still wakes the wait at once.
constexpr std::chrono::milliseconds kWaitSlice{20};

// While catching up, the next batch of a source is read (RocksDB iteration, envelope parsing and
// the feed's events: a third of a replay) on the feed's reading thread as the current one is
// applied. One thread for the whole run, started when first needed: a thread per batch paid for
// its start and, at its exit, for the allocator purging what it had cached (a tenth of a replay).
class ReadAhead {
 public:
  using Read = std::function<std::vector<FeedEvent>()>;

  explicit ReadAhead(std::size_t sources) : slots_(sources) {}
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;
  ~ReadAhead() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();  // after the batch being read, if any
  }

  // Has `read` run on the reading thread for `source`: one batch asked at a time per source.
  void ask(std::size_t source, Read read) {
    {
      std::lock_guard lock(mutex_);
      slots_[source].asked = true;
      jobs_.push_back({source, std::move(read)});
    }
    if (!thread_.joinable()) thread_ = std::thread([this] { work(); });
    changed_.notify_all();
  }

  bool asked(std::size_t source) const {
    std::lock_guard lock(mutex_);
    return slots_[source].asked;
  }

  // Frees an applied batch on the reading thread, when it runs (that is, while catching up):
  // a batch's envelopes are a dozen allocations each, and freeing them on the applying thread
  // took a tenth of its time in a replay. Otherwise the batch is freed here.
  void dispose(std::vector<FeedEvent> batch) {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      disposed_.push_back(std::move(batch));
    }
    changed_.notify_all();
  }

  // The batch asked for `source`, once read; rethrows what reading it threw.
  std::vector<FeedEvent> take(std::size_t source) {
    std::unique_lock lock(mutex_);
    auto& slot = slots_[source];
    changed_.wait(lock, [&] { return slot.read.has_value() || slot.error; });
    slot.asked = false;
    if (auto error = std::exchange(slot.error, nullptr)) std::rethrow_exception(error);
    auto batch = std::move(*slot.read);
    slot.read.reset();
    return batch;
  }

 private:
  struct Job {
    std::size_t source;
    Read read;
  };
  struct Slot {
    bool asked = false;
    std::optional<std::vector<FeedEvent>> read;
    std::exception_ptr error;
  };

  void work() {
    for (;;) {
      std::optional<Job> job;
      std::vector<std::vector<FeedEvent>> disposed;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || !jobs_.empty() || !disposed_.empty(); });
        if (stopping_ && jobs_.empty()) return;  // with nothing asked
        if (!jobs_.empty()) {
          job = std::move(jobs_.front());
          jobs_.pop_front();
        }
        disposed.swap(disposed_);
      }
      if (job) {
        std::optional<std::vector<FeedEvent>> read;
        std::exception_ptr error;
        try {
          read = job->read();
        } catch (...) {
          error = std::current_exception();
        }
        {
          std::lock_guard lock(mutex_);
          slots_[job->source].read = std::move(read);
          slots_[job->source].error = error;
          if (stopping_) return;
        }
        changed_.notify_all();
      }
      disposed.clear();  // after the asked batch is handed over: the applying thread waits for that
    }
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> jobs_;
  std::vector<std::vector<FeedEvent>> disposed_;  // applied batches, to free
  std::vector<Slot> slots_;
  bool stopping_ = false;
  std::thread thread_;
};

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

  // One source's events from a position, as the feed delivers them.
  const auto read_batch = [this](std::size_t source, std::uint64_t from) {
    auto records = sources_[source].store->read_log(from, batch_size_);
    std::vector<FeedEvent> batch;
    batch.reserve(records.size());
    const auto key = checkpoint_key(sources_[source].domain);
    for (auto& record : records) {
      const auto position = record.log_position();
      batch.push_back(FeedEvent{sources_[source].domain, std::move(record), key, position + 1});
    }
    return batch;
  };
  ReadAhead read_ahead(sources_.size());
  while (!stop.stop_requested()) {
    bool delivered = false;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      auto batch = read_ahead.asked(i) ? read_ahead.take(i) : read_batch(i, next[i]);
      if (batch.empty()) continue;
      const bool behind = batch.size() == batch_size_;
      next[i] = batch.back().next_offset;
      if (behind)
        read_ahead.ask(i, [&read_batch, i, from = next[i]] { return read_batch(i, from); });
      deliver(std::move(batch));
      delivered_up_to(i, next[i]);  // deliver() returns once the batch is applied
      read_ahead.dispose(std::move(batch));
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
