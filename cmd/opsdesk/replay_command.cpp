#include "cmd/opsdesk/replay_command.hpp"

#include <functional>
#include <iostream>

#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/projection/local_log_feed.hpp"
#include "libs/projection/projection_runner.hpp"
#include "services/incidents/incidents_service.hpp"
#include "services/ops-board/ops_board_service.hpp"
#include "services/sla-metrics/sla_metrics_service.hpp"

namespace opsdesk::cli {

namespace {

// A read model `opsdesk replay` can rebuild: its projection and where its view lives.
struct Replayable {
  std::string name;
  std::function<std::unique_ptr<projection::Projection>()> make_projection;
  std::function<std::filesystem::path(const std::filesystem::path& data_dir)> view_path;
};

const std::vector<Replayable>& replayables() {
  static const std::vector<Replayable> kReplayables{
      {"ops-board", [] { return std::make_unique<ops_board::BoardProjection>(); },
       ops_board::OpsBoardService::view_path},
      {"sla-metrics", [] { return std::make_unique<sla_metrics::SlaProjection>(); },
       sla_metrics::SlaMetricsService::view_path},
  };
  return kReplayables;
}

std::string replayable_names() {
  std::string names;
  for (const auto& r : replayables()) names += (names.empty() ? "" : ", ") + r.name;
  return names;
}

// Builds the view at `view_dir` from the store, from scratch. Returns false (having said why)
// when the projection stopped on an error.
bool rebuild(eventstore::EventStore& store, const Replayable& target,
             const std::filesystem::path& view_dir, std::string& checksum) {
  observability::Registry metrics;
  auto projection = target.make_projection();
  auto view = projection::ViewStore::open(view_dir, *projection);
  if (!view) {
    std::cerr << "opsdesk replay: " << view.error() << "\n";
    return false;
  }
  (*view)->reset();
  // Large batches: a key changed many times in one batch (counters, a busy incident's row) is
  // read from and written to RocksDB once per batch.
  auto feed = std::make_unique<projection::LocalLogFeed>(
      std::vector<projection::LocalSource>{{"incidents", &store}}, 16384);
  projection::ProjectionRunner runner(**view, *projection, std::move(feed), metrics);
  runner.start();
  const auto head = store.head_position();
  // A replay has no deadline of its own: it ends when the view has every event.
  while (!runner.wait_for_position("incidents", head,
                                   std::chrono::steady_clock::now() + std::chrono::seconds{5})) {
    auto status = runner.status();
    if (status.contains("error")) {
      std::cerr << "opsdesk replay: the projection stopped: " << status["error"].get<std::string>()
                << "\n";
      return false;
    }
    std::cerr << "opsdesk replay: " << (*view)->watermark("incidents") << " of " << head
              << " events\n";
  }
  runner.stop();
  checksum = (*view)->checksum();
  return true;
}

}  // namespace

int replay_projection(const Settings& settings, const std::string& projection_name,
                      bool verify_only) {
  const auto found = std::find_if(replayables().begin(), replayables().end(),
                                  [&](const Replayable& r) { return r.name == projection_name; });
  if (found == replayables().end()) {
    std::cerr << "opsdesk replay: --projection: unknown projection '" << projection_name
              << "'; known: " << replayable_names() << "\n";
    return 2;
  }
  const Replayable& target = *found;
  const auto view_dir = target.view_path(settings.data_dir);

  if (!settings.kafka_brokers.empty() && !verify_only) {
    // Fed by Kafka, the view is rebuilt by the read model itself: with its checkpoints gone it
    // reads every partition from the earliest offset when it next starts.
    auto projection = target.make_projection();
    auto view = projection::ViewStore::open(view_dir, *projection);
    if (!view) {
      std::cerr << "opsdesk replay: " << view.error() << " (is opsdesk still running?)\n";
      return 1;
    }
    (*view)->reset();
    std::cout << target.name
              << " view cleared; it rebuilds from the earliest Kafka offsets when opsdesk next "
                 "starts\n";
    return 0;
  }
  core::SystemClock clock;
  eventstore::StoreOptions store_options;
  store_options.path = incidents::IncidentsService::store_path(settings.data_dir);
  auto store = eventstore::EventStore::open(store_options, clock);
  if (!store) {
    std::cerr
        << "opsdesk replay: cannot open the incidents event store (is opsdesk still running?): "
        << store.error() << "\n";
    return 1;
  }
  const auto head = (*store)->head_position();

  if (verify_only) {
    // Rebuild beside the live view and compare: the live one is left as it is.
    std::string live_checksum;
    {
      auto projection = target.make_projection();
      auto live = projection::ViewStore::open(view_dir, *projection);
      if (!live) {
        std::cerr << "opsdesk replay: " << live.error() << "\n";
        return 1;
      }
      live_checksum = (*live)->checksum();
    }
    const auto scratch = settings.data_dir / (target.name + "-verify");
    std::filesystem::remove_all(scratch);
    std::string fresh_checksum;
    const bool rebuilt = rebuild(**store, target, scratch / "view", fresh_checksum);
    std::filesystem::remove_all(scratch);
    if (!rebuilt) return 1;
    std::cout << target.name << " view " << live_checksum << ", fresh replay of " << head
              << " events " << fresh_checksum
              << (live_checksum == fresh_checksum ? ": identical" : ": DIFFERENT") << "\n";
    return live_checksum == fresh_checksum ? 0 : 1;
  }

  const auto started = std::chrono::steady_clock::now();
  std::string checksum;
  if (!rebuild(**store, target, view_dir, checksum)) return 1;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "replayed " << head << " events into " << target.name << " in " << seconds << " s ("
            << static_cast<long long>(seconds > 0 ? head / seconds : 0) << " events/s), view "
            << checksum << "\n";
  return 0;
}

}  // namespace opsdesk::cli
