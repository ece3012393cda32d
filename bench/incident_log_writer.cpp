#include "bench/incident_log_writer.hpp"

#include <rocksdb/db.h>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <thread>
#include <variant>

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

// Queues every step with append_async from the one thread that merges the lives, at most
// kWindow at a time. The store's writer takes whatever is pending, in order, into one WriteBatch
// (up to its max_group_size), so the log is exactly the order of the pushes, and no thread
// sleeps and wakes per append (thread hand-offs, not RocksDB, would set the rate).
class Appender {
 public:
  explicit Appender(eventstore::EventStore& store) : store_(store) {}
  ~Appender() {
    // The callbacks refer to this object: wait for the last of them.
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return in_flight_ == 0; });
  }

  void push(Step step) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return in_flight_ < kWindow || !failure_.empty(); });
      if (!failure_.empty())
        throw std::runtime_error("fill_incidents: append refused: " + failure_);
      ++in_flight_;
    }
    eventstore::AppendRequest request;
    request.stream_id = step.stream_id;
    request.expected = step.version_before == 0
                           ? eventstore::ExpectedVersion::no_stream()
                           : eventstore::ExpectedVersion::exact(step.version_before);
    request.events = std::move(step.events);
    request.metadata.tenants = std::move(step.tenants);
    request.metadata.actor = "bench-fill";
    request.metadata.correlation_id = "bench-fill-" + std::to_string(step.seq);
    request.metadata.causation_id = request.metadata.correlation_id;
    store_.append_async(std::move(request), [this](eventstore::AppendOutcome outcome) {
      std::lock_guard lock(mutex_);
      if (!outcome && failure_.empty()) failure_ = outcome.error().message;
      --in_flight_;
      changed_.notify_all();
    });
  }

  // Waits until every queued step is appended; throws if one was refused.
  void finish() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return in_flight_ == 0; });
    if (!failure_.empty()) throw std::runtime_error("fill_incidents: append refused: " + failure_);
  }

 private:
  static constexpr std::size_t kWindow = 4096;

  eventstore::EventStore& store_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t in_flight_ = 0;
  std::string failure_;  // the first refusal
};

// The event with `prefix` before each tenant code it names.
inc::IncidentEvent with_tenant_prefix(inc::IncidentEvent event, const std::string& prefix) {
  std::visit(
      [&](auto& e) {
        if constexpr (requires { e.mutable_affected_tenants(); }) {
          for (auto& code : *e.mutable_affected_tenants()) code = prefix + code;
        }
        if constexpr (requires { e.set_tenant(std::string{}); }) e.set_tenant(prefix + e.tenant());
      },
      event);
  return event;
}

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
    step.events.push_back(
        inc::encode(tenant_prefix_.empty() ? event : with_tenant_prefix(event, tenant_prefix_)));
  }
  step.tenants = state_.affected_tenants;
  for (auto& code : step.tenants) code = tenant_prefix_ + code;
  step.closed = state_.status == inc::Status::closed;
  out_.push_back(std::move(step));
}

WriteSummary write_in_time_order(eventstore::EventStore& store, std::uint64_t max_events,
                                 const NextIncident& next) {
  const auto started = std::chrono::steady_clock::now();
  std::priority_queue<Step, std::vector<Step>, Later> pending;
  std::uint64_t seq = 0, written = 0;
  std::map<std::string, bool> closed;  // stream -> closed after its last written step
  Appender appender(store);

  auto emit = [&](Step step) {
    if (written >= max_events) return;
    const bool cut = step.events.size() > max_events - written;  // the last step may lose its tail
    if (cut) step.events.resize(max_events - written);
    written += step.events.size();
    closed[step.stream_id] = step.closed && !cut;
    appender.push(std::move(step));
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
  appender.finish();

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
