#include "cmd/opsdesk/replay_command.hpp"

#include <iostream>

#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/projection/local_log_feed.hpp"
#include "services/incidents/incidents_service.hpp"
#include "services/ops-board/ops_board_service.hpp"

namespace opsdesk::cli {

namespace {

// Builds the board's view at `view_dir` from the store, from scratch. Returns false (having
// said why) when the projection stopped on an error.
bool rebuild_board(eventstore::EventStore& store, const std::filesystem::path& data_dir,
                   const core::Clock& clock, std::string& checksum) {
  observability::Registry metrics;
  auto feed = std::make_unique<projection::LocalLogFeed>(
      std::vector<projection::LocalSource>{{"incidents", &store}}, 4096);
  auto board = ops_board::OpsBoardService::open({data_dir}, std::move(feed), clock, metrics);
  if (!board) {
    std::cerr << "opsdesk replay: " << board.error() << "\n";
    return false;
  }
  (*board)->view().reset();
  (*board)->start();
  const auto head = store.head_position();
  // A replay has no deadline of its own: it ends when the view has every event.
  while (!(*board)->runner().wait_for_position(
      "incidents", head, std::chrono::steady_clock::now() + std::chrono::seconds{5})) {
    auto status = (*board)->status();
    if (status.contains("error")) {
      std::cerr << "opsdesk replay: the projection stopped: " << status["error"].get<std::string>()
                << "\n";
      return false;
    }
    std::cerr << "opsdesk replay: " << (*board)->view().watermark("incidents") << " of " << head
              << " events\n";
  }
  (*board)->stop();
  checksum = (*board)->view().checksum();
  return true;
}

}  // namespace

int replay_projection(const Settings& settings, const std::string& projection_name,
                      bool verify_only) {
  if (projection_name != "ops-board") {
    std::cerr << "opsdesk replay: --projection: unknown projection '" << projection_name
              << "'; known: ops-board\n";
    return 2;
  }
  if (!settings.kafka_brokers.empty() && !verify_only) {
    // Fed by Kafka, the view is rebuilt by the board itself: with its checkpoints gone it reads
    // every partition from the earliest offset when it next starts.
    ops_board::BoardProjection board;
    auto view = projection::ViewStore::open(
        ops_board::OpsBoardService::view_path(settings.data_dir), board);
    if (!view) {
      std::cerr << "opsdesk replay: " << view.error() << " (is opsdesk still running?)\n";
      return 1;
    }
    (*view)->reset();
    std::cout << "ops-board view cleared; it rebuilds from the earliest Kafka offsets when opsdesk "
                 "next starts\n";
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
      ops_board::BoardProjection board;
      auto live = projection::ViewStore::open(
          ops_board::OpsBoardService::view_path(settings.data_dir), board);
      if (!live) {
        std::cerr << "opsdesk replay: " << live.error() << "\n";
        return 1;
      }
      live_checksum = (*live)->checksum();
    }
    const auto scratch = settings.data_dir / "ops-board-verify";
    std::filesystem::remove_all(scratch);
    std::string fresh_checksum;
    const bool rebuilt = rebuild_board(**store, scratch, clock, fresh_checksum);
    std::filesystem::remove_all(scratch);
    if (!rebuilt) return 1;
    std::cout << "ops-board view " << live_checksum << ", fresh replay of " << head << " events "
              << fresh_checksum << (live_checksum == fresh_checksum ? ": identical" : ": DIFFERENT")
              << "\n";
    return live_checksum == fresh_checksum ? 0 : 1;
  }

  const auto started = std::chrono::steady_clock::now();
  std::string checksum;
  if (!rebuild_board(**store, settings.data_dir, clock, checksum)) return 1;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "replayed " << head << " events into ops-board in " << seconds << " s ("
            << static_cast<long long>(seconds > 0 ? head / seconds : 0) << " events/s), view "
            << checksum << "\n";
  return 0;
}

}  // namespace opsdesk::cli
