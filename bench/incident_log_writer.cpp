#include "bench/incident_log_writer.hpp"

#include <rocksdb/db.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <thread>

#include "services/incidents/contract/incident_events.hpp"
#include "services/incidents/domain/decider.hpp"
#include "services/incidents/event_codec.hpp"

namespace opsdesk::bench {

namespace {

using namespace std::chrono_literals;
namespace inc = opsdesk::incidents;

struct Later {
  bool operator()(const Step& a, const Step& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

// Appends steps from `threads` threads at once, so that the group-commit writer folds many into
// one WriteBatch. A stream always goes to the same thread, whose queue is first in, first out:
// one incident's steps are appended in order, and the log stays close to time order (it can
// differ by at most the queues' depth).
class Appenders {
 public:
  Appenders(eventstore::EventStore& store, int threads)
      : store_(store), queues_(static_cast<std::size_t>(threads)) {
    for (auto& queue : queues_) {
      threads_.emplace_back([this, &queue] { drain(queue); });
    }
  }
  ~Appenders() {
    try {
      finish();
    } catch (const std::exception&) {
      // already reported by the finish() that the writer calls
    }
  }

  void push(Step step) {
    auto& queue = queues_[std::hash<std::string>{}(step.stream_id) % queues_.size()];
    std::unique_lock lock(queue.mutex);
    queue.changed.wait(lock, [&] { return queue.steps.size() < kDepth || failed_; });
    if (failed_) throw std::runtime_error("fill_incidents: append refused: " + failure());
    queue.steps.push_back(std::move(step));
    queue.changed.notify_all();
  }

  // Waits until every queued step is appended; throws if one was refused.
  void finish() {
    for (auto& queue : queues_) {
      std::lock_guard lock(queue.mutex);
      queue.closed = true;
      queue.changed.notify_all();
    }
    threads_.clear();  // joins
    if (failed_) throw std::runtime_error("fill_incidents: append refused: " + failure());
  }

 private:
  static constexpr std::size_t kDepth = 256;
  struct Queue {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Step> steps;
    bool closed = false;
  };

  void drain(Queue& queue) {
    for (;;) {
      Step step;
      {
        std::unique_lock lock(queue.mutex);
        queue.changed.wait(lock, [&] { return !queue.steps.empty() || queue.closed; });
        if (queue.steps.empty()) return;
        step = std::move(queue.steps.front());
        queue.steps.pop_front();
        queue.changed.notify_all();
      }
      if (failed_) continue;
      eventstore::AppendRequest request;
      request.stream_id = step.stream_id;
      request.expected = step.version_before == 0
                             ? eventstore::ExpectedVersion::no_stream()
                             : eventstore::ExpectedVersion::exact(step.version_before);
      request.events = std::move(step.events);
      request.metadata.tenants = step.tenants;
      request.metadata.actor = "bench-fill";
      request.metadata.correlation_id = "bench-fill-" + std::to_string(step.seq);
      request.metadata.causation_id = request.metadata.correlation_id;
      auto result = store_.append(std::move(request));
      if (!result) {
        std::lock_guard lock(failure_mutex_);
        failure_ = result.error().message;
        failed_ = true;
      }
    }
  }

  std::string failure() {
    std::lock_guard lock(failure_mutex_);
    return failure_;
  }

  eventstore::EventStore& store_;
  std::vector<Queue> queues_;
  std::atomic<bool> failed_{false};
  std::mutex failure_mutex_;
  std::string failure_;
  std::vector<std::jthread> threads_;  // last: joined before the queues go
};

}  // namespace

void Life::run(const inc::IncidentCommand& command, core::Instant at) {
  auto decided = inc::decide(state_, command, now_);
  if (!decided) {
    throw std::logic_error("fill_incidents: the decider refused a planned command (" +
                           decided.error().rule + ": " + decided.error().message + ")");
  }
  Step step;
  step.at = at;
  step.stream_id = inc::stream_id_of(id_);
  step.version_before = state_.version;
  for (const auto& event : *decided) {
    state_ = inc::evolve(std::move(state_), event);
    step.events.push_back(inc::encode(event));
  }
  step.tenants = state_.affected_tenants;
  step.closed = state_.status == inc::Status::closed;
  out_.push_back(std::move(step));
}

WriteSummary write_in_time_order(eventstore::EventStore& store, int threads,
                                 std::uint64_t max_events, const NextIncident& next) {
  const auto started = std::chrono::steady_clock::now();
  std::priority_queue<Step, std::vector<Step>, Later> pending;
  std::uint64_t seq = 0, written = 0;
  std::map<std::string, bool> closed;  // stream -> closed after its last written step
  Appenders appenders(store, threads);

  auto emit = [&](Step step) {
    if (written >= max_events) return;
    const bool cut = step.events.size() > max_events - written;  // the last step may lose its tail
    if (cut) step.events.resize(max_events - written);
    written += step.events.size();
    closed[step.stream_id] = step.closed && !cut;
    appenders.push(std::move(step));
  };
  auto emit_due_before = [&](std::optional<core::Instant> before) {
    while (!pending.empty() && (!before || pending.top().at < *before) && written < max_events) {
      emit(std::move(const_cast<Step&>(pending.top())));
      pending.pop();
    }
  };

  std::optional<core::Instant> last_detection;
  while (written < max_events) {
    auto steps = next();
    if (!steps) break;
    if (steps->empty()) continue;
    const core::Instant detected = steps->front().at;
    if (last_detection && detected < *last_detection)
      throw std::logic_error("fill_incidents: detections out of time order");
    last_detection = detected;
    // Everything due before this detection is final: no later incident can come before it.
    emit_due_before(detected);
    if (written >= max_events) break;
    core::Instant previous = detected;
    for (auto& step : *steps) {
      if (step.at < previous)
        throw std::logic_error("fill_incidents: an incident's steps are out of time order");
      previous = step.at;
      step.seq = seq++;
      pending.push(std::move(step));
    }
  }
  emit_due_before(std::nullopt);
  appenders.finish();

  WriteSummary summary;
  summary.events = written;
  summary.head = store.head_position();
  summary.incidents = closed.size();
  for (const auto& [stream, is_closed] : closed) summary.not_closed += is_closed ? 0 : 1;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

// After a crash-free close the data sits in the WAL and memtables; a server that has run for a
// while has it in SST files. Flush, and let RocksDB's own compactions settle, so that the
// replay reads a store shaped like a real one (and does not spend its time on WAL recovery).
void settle(const std::filesystem::path& path) {
  rocksdb::Options options;
  options.create_if_missing = false;
  options.max_background_jobs = 2;
  rocksdb::DB* raw = nullptr;
  auto status = rocksdb::DB::Open(options, path.string(), &raw);
  if (!status.ok())
    throw std::runtime_error("fill_incidents: reopen for flush: " + status.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  status = db->Flush(rocksdb::FlushOptions());
  if (!status.ok()) throw std::runtime_error("fill_incidents: flush: " + status.ToString());
  const auto deadline = std::chrono::steady_clock::now() + 300s;
  for (;;) {
    std::uint64_t running = 0, pending = 0;
    db->GetIntProperty("rocksdb.num-running-compactions", &running);
    db->GetIntProperty("rocksdb.compaction-pending", &pending);
    if ((running == 0 && pending == 0) || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(100ms);
  }
  std::string files;
  for (int level = 0; level < 7; ++level) {
    std::string count;
    db->GetProperty("rocksdb.num-files-at-level" + std::to_string(level), &count);
    files += (level ? " " : "") + count;
  }
  std::cout << "fill_incidents: store settled: SST files per level L0..L6 " << files << "\n";
  status = db->Close();
  if (!status.ok()) throw std::runtime_error("fill_incidents: close: " + status.ToString());
}

std::uintmax_t directory_bytes(const std::filesystem::path& path) {
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

}  // namespace opsdesk::bench
