// fill_incidents: writes a realistic incidents event store for the replay benchmark, fast.
// Every incident lives a plausible life decided by the real decider (detection, first notices,
// vendor contact, response activities, workaround, cause, restoration, recovery reports,
// closing, permanent fix, prevention), and the commands of all incidents are appended in time
// order, so the log interleaves incidents the way a live one does. Appends go through
// libs/eventstore with sync off, from several threads at once so that the group-commit writer
// folds many into one WriteBatch. It writes only a fresh <data-dir>/incidents/eventstore (the
// layout opsdesk uses) and never touches a store that already exists.

#include <rocksdb/db.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <queue>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/incidents/domain/decider.hpp"
#include "services/incidents/domain/vocabulary.hpp"
#include "services/incidents/event_codec.hpp"
#include "services/incidents/incident_repository.hpp"
#include "services/incidents/incidents_service.hpp"

namespace opsdesk::bench {

namespace {

using namespace std::chrono_literals;
using core::Instant;
namespace inc = opsdesk::incidents;

struct Options {
  std::filesystem::path data_dir;
  std::uint64_t events = 1'000'000;
  std::size_t open = 200;
  int threads = 8;
  std::uint64_t seed = 1;
};

// One command's outcome, waiting to be appended at its time.
struct Step {
  Instant at;
  std::uint64_t seq = 0;  // generation order: keeps one incident's steps in order on equal times
  std::string stream_id;
  std::uint64_t version_before = 0;
  std::vector<eventstore::NewEvent> events;
  std::vector<std::string> tenants;  // the incident's affected tenants after the step
  bool closed = false;               // the incident's status after the step is closed
};

struct Later {
  bool operator()(const Step& a, const Step& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

// Plays one incident's life through the decider; every command must be accepted.
class Life {
 public:
  Life(std::string id, Instant now, std::uint64_t& seq, std::vector<Step>& out)
      : id_(std::move(id)), now_(now), seq_(seq), out_(out) {}

  void run(const inc::IncidentCommand& command, Instant at) {
    auto decided = inc::decide(state_, command, now_);
    if (!decided) {
      throw std::logic_error("fill_incidents: the decider refused a planned command (" +
                             decided.error().rule + ": " + decided.error().message + ")");
    }
    Step step;
    step.at = at;
    step.seq = seq_++;
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
  const inc::IncidentState& state() const { return state_; }

 private:
  std::string id_;
  Instant now_;
  std::uint64_t& seq_;
  std::vector<Step>& out_;
  inc::IncidentState state_;
};

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& from) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

std::chrono::seconds minutes_between(std::mt19937_64& rng, int lo, int hi) {
  return std::chrono::minutes(std::uniform_int_distribution<int>(lo, hi)(rng));
}

// The steps of incident `index`, detected at `detected`. A kept-open incident stops before its
// restoration (it stays on the board as active).
std::vector<Step> incident_life(std::uint64_t index, Instant detected, bool keep_open, Instant now,
                                std::uint64_t seed, std::uint64_t& seq,
                                core::UuidV7Generator& ids) {
  std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + index);
  std::uniform_real_distribution<double> chance(0, 1);
  static const std::vector<std::string> tenant_codes = tenants::in_centre_codes();
  static const std::vector<std::string> channels{"email", "email", "phone", "in_person"};
  static const std::vector<std::string> operators{"operator-a", "operator-b", "operator-c",
                                                  "vendor-se"};

  std::vector<Step> steps;
  const std::string id = ids.next(detected).to_string();
  Life life(id, now, seq, steps);
  Instant t = detected;

  // Most faults touch one association; some several (a shared system).
  const double spread = chance(rng);
  const std::size_t affected = spread < 0.6 ? 1 : spread < 0.85 ? 2 : spread < 0.97 ? 3 : 5;
  std::set<std::string> chosen;
  while (chosen.size() < affected) chosen.insert(pick(rng, tenant_codes));
  const double severity_roll = chance(rng);
  const std::string severity = severity_roll < 0.1   ? "critical"
                               : severity_roll < 0.4 ? "major"
                                                     : "minor";
  const std::string source = pick(rng, inc::kSources);
  inc::DetectIncident detect{
      id,
      detected,
      source,
      severity,
      "業務サーバ応答遅延 #" + std::to_string(index),
      "監視で閾値超過を検知。利用者から画面表示が遅いとの問い合わせあり。",
      std::vector<std::string>(chosen.begin(), chosen.end()),
      {"ap-server-" + std::to_string(index % 12), "db-cluster-" + std::to_string(index % 3)},
      source == "inquiry" ? "INQ-" + std::to_string(100000 + index) : std::string{}};
  life.run(detect, t);

  auto notify_all = [&](const std::string& kind, const std::string& summary) {
    for (const auto& tenant : life.state().affected_tenants) {
      t += minutes_between(rng, 1, 10);
      life.run(inc::RecordNotice{tenant, kind, t, pick(rng, channels), summary}, t);
    }
  };
  t += minutes_between(rng, 10, 60);
  notify_all("first_notice", "障害を検知しました。影響範囲を調査中です。");
  if (chance(rng) < 0.15) {
    std::string extra = pick(rng, tenant_codes);
    if (!life.state().affects(extra)) {
      t += minutes_between(rng, 5, 30);
      life.run(inc::AddAffectedTenant{extra, "同一基盤上の業務にも影響", t}, t);
      t += minutes_between(rng, 5, 20);
      life.run(inc::RecordNotice{extra, "first_notice", t, "phone", "影響を確認しました。"}, t);
    }
  }
  if (chance(rng) < 0.7) {
    t += minutes_between(rng, 5, 40);
    life.run(inc::RecordVendorContact{pick(rng, inc::kVendorKinds), t, "保守窓口へ調査依頼"}, t);
  }
  const int activities = std::uniform_int_distribution<int>(1, 3)(rng);
  for (int i = 0; i < activities; ++i) {
    t += minutes_between(rng, 10, 90);
    const Instant ended = t + minutes_between(rng, 15, 120);
    life.run(inc::RecordResponseActivity{t, ended, pick(rng, operators), "ログ調査と再起動"},
             ended);
    t = ended;
  }
  if (chance(rng) < 0.5) {
    t += minutes_between(rng, 5, 60);
    life.run(inc::ApplyWorkaround{t, "負荷分散先を切替"}, t);
  }
  t += minutes_between(rng, 10, 240);
  life.run(inc::IdentifyCause{t, "コネクションプールの枯渇"}, t);
  if (chance(rng) < 0.4) {
    t += minutes_between(rng, 60, 600);
    notify_all("progress_report", "原因を特定し、恒久対応を検討中です。");
  }
  if (keep_open) return steps;

  t += minutes_between(rng, 10, 600);
  life.run(inc::RestoreService{t, "設定変更により復旧"}, t);
  t += minutes_between(rng, 10, 60);
  notify_all("recovery_report", "復旧しました。");
  t += minutes_between(rng, 600, 2880);
  life.run(inc::CloseIncident{t, "復旧を確認し終結"}, t);
  if (chance(rng) < 0.5) {
    t += minutes_between(rng, 60, 4320);
    life.run(
        inc::PlanPermanentFix{"CHG-" + std::to_string(200000 + index), "プール上限の見直し", t}, t);
    t += minutes_between(rng, 60, 4320);
    life.run(inc::RecordPreventionAction{t, "監視閾値の追加"}, t);
  }
  return steps;
}

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
      // already reported by the finish() that run() calls
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

int run(const Options& options) {
  const auto path = inc::IncidentsService::store_path(options.data_dir);
  if (std::filesystem::exists(path) && !std::filesystem::is_empty(path)) {
    std::cerr << "fill_incidents: " << path.string()
              << " already exists; give a fresh --data-dir\n";
    return 2;
  }
  core::SystemClock clock;
  const Instant now = std::chrono::floor<std::chrono::seconds>(clock.now());
  // Spread the detections over three years, ending three weeks ago, so that every planned time
  // (a life lasts up to ~10 days) is in the past for the decider. How many incidents that takes
  // depends on the mean life's length: measure it on a sample first.
  const auto span = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::years{3});
  const Instant first = now - span - std::chrono::days{21};
  double mean_events = 0;
  {
    constexpr std::uint64_t kSample = 2000;
    std::uint64_t sample_seq = 0, sample_events = 0;
    core::UuidV7Generator sample_ids;
    for (std::uint64_t index = 0; index < kSample; ++index) {
      for (const auto& step :
           incident_life(index, first, false, now, options.seed, sample_seq, sample_ids)) {
        sample_events += step.events.size();
      }
    }
    mean_events = static_cast<double>(sample_events) / kSample;
  }
  const auto estimate =
      std::max<std::uint64_t>(static_cast<std::uint64_t>(options.events / mean_events * 1.02), 1);
  const auto spacing = std::max<std::chrono::seconds>(span / estimate, 1s);
  const std::uint64_t open_stride =
      options.open == 0 ? 0 : std::max<std::uint64_t>(estimate / options.open, 1);

  eventstore::StoreOptions store_options;
  store_options.path = path;
  store_options.sync = false;
  store_options.max_group_size = 1024;
  auto opened = eventstore::EventStore::open(store_options, clock);
  if (!opened) {
    std::cerr << "fill_incidents: " << opened.error() << "\n";
    return 1;
  }
  auto& store = **opened;

  const auto started = std::chrono::steady_clock::now();
  std::priority_queue<Step, std::vector<Step>, Later> pending;
  core::UuidV7Generator ids;
  std::uint64_t seq = 0, written = 0, kept_open = 0;
  std::map<std::string, bool> closed;  // stream -> closed after its last written step
  Appenders appenders(store, options.threads);

  auto emit = [&](Step step) {
    if (written >= options.events) return;
    const bool cut =
        step.events.size() > options.events - written;  // the last step may lose its tail
    if (cut) step.events.resize(options.events - written);
    written += step.events.size();
    closed[step.stream_id] = step.closed && !cut;
    appenders.push(std::move(step));
  };

  for (std::uint64_t index = 0; written < options.events; ++index) {
    const Instant detected = first + spacing * index;
    // Everything due before this detection is final: no later incident can come before it.
    while (!pending.empty() && pending.top().at < detected && written < options.events) {
      emit(std::move(const_cast<Step&>(pending.top())));
      pending.pop();
    }
    if (written >= options.events) break;
    const bool keep_open = open_stride != 0 && index % open_stride == open_stride - 1;
    kept_open += keep_open;
    for (auto& step : incident_life(index, detected, keep_open, now, options.seed, seq, ids)) {
      pending.push(std::move(step));
    }
  }
  appenders.finish();
  const auto head = store.head_position();
  opened->reset();  // close: finishes the writer, closes RocksDB
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::size_t active = 0;
  for (const auto& [stream, is_closed] : closed) active += is_closed ? 0 : 1;
  std::cout << "fill_incidents: " << written << " events (log head " << head << ") in "
            << closed.size() << " incidents (" << active << " not closed: " << kept_open
            << " kept open, the rest cut off at the end)"
            << " written in " << seconds << " s (" << static_cast<long long>(written / seconds)
            << " events/s, sync off, " << options.threads << " threads; " << mean_events
            << " events per complete life)\n";
  settle(path);
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  std::cout << "fill_incidents: store " << path.string() << " holds " << bytes / (1024 * 1024)
            << " MiB\n";
  return head == options.events ? 0 : 1;
}

}  // namespace

}  // namespace opsdesk::bench

int main(int argc, char** argv) {
  opsdesk::bench::Options options;
  CLI::App app{
      "Writes N realistic incident events into a fresh <data-dir>/incidents/eventstore (replay "
      "benchmark)"};
  app.add_option("--data-dir", options.data_dir,
                 "opsdesk data dir to create the incidents store in")
      ->required();
  app.add_option("--events", options.events, "events to write")
      ->check(CLI::Range(1ull, 100'000'000ull));
  app.add_option("--open", options.open, "about this many incidents stay active (not restored)");
  app.add_option("--threads", options.threads, "appending threads (group commit folds them)")
      ->check(CLI::Range(1, 64));
  app.add_option("--seed", options.seed, "seed of the incidents' random lives");
  CLI11_PARSE(app, argc, argv);
  try {
    return opsdesk::bench::run(options);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
