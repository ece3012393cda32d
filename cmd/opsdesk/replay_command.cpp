#include "cmd/opsdesk/replay_command.hpp"

#include <functional>
#include <iostream>

#include "cmd/opsdesk/module_list.hpp"
#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/projection/local_log_feed.hpp"
#include "libs/projection/projection_runner.hpp"

namespace opsdesk::cli {

namespace {

// The stores a read model's events come from, opened for reading while opsdesk is stopped.
struct Sources {
  std::vector<std::unique_ptr<eventstore::EventStore>> stores;
  std::vector<projection::LocalSource> feed;
};

std::expected<Sources, std::string> open_sources(const modules::ModuleTable& table,
                                                 const modules::Module& reader,
                                                 const core::Clock& clock) {
  Sources sources;
  for (const auto& domain : reader.consumes) {
    const auto* publisher = table.publisher_of(domain);
    if (publisher == nullptr) return std::unexpected("no module publishes " + domain);
    eventstore::StoreOptions options;
    options.path = publisher->store_path;
    auto store = eventstore::EventStore::open(options, clock);
    if (!store) {
      return std::unexpected("cannot open the " + domain +
                             " event store (is opsdesk still running?): " + store.error());
    }
    sources.feed.push_back({domain, store->get()});
    sources.stores.push_back(std::move(*store));
  }
  return sources;
}

std::uint64_t total_head(const Sources& sources) {
  std::uint64_t total = 0;
  for (const auto& store : sources.stores) total += store->head_position();
  return total;
}

// Builds the view at `view_dir` from the stores, from scratch, notes when it was built (before
// its checksum, which only reads it back) and its checksum. Returns false (having said why) when
// the projection stopped on an error.
bool rebuild(const Sources& sources, const modules::Module& target,
             const std::filesystem::path& view_dir, std::chrono::steady_clock::time_point& rebuilt,
             std::string& checksum) {
  observability::Registry metrics;
  auto projection = target.replay->make_projection();
  auto view = projection::ViewStore::open(view_dir, *projection);
  if (!view) {
    std::cerr << "opsdesk replay: " << view.error() << "\n";
    return false;
  }
  (*view)->reset();
  (*view)->write_without_log();
  // Large batches: a key changed many times in one batch (counters, a busy incident's row) is
  // read from and written to RocksDB once per batch.
  auto feed = std::make_unique<projection::LocalLogFeed>(sources.feed, 16384);
  projection::ProjectionRunner runner(**view, *projection, std::move(feed), metrics);
  runner.start();
  // A replay has no deadline of its own: it ends when the view has every event of each domain.
  for (const auto& source : sources.feed) {
    const auto head = source.store->head_position();
    while (!runner.wait_for_position(source.domain, head,
                                     std::chrono::steady_clock::now() + std::chrono::seconds{5})) {
      if (auto stopped = runner.stopped()) {
        std::cerr << "opsdesk replay: the projection " << stopped->describe() << "\n";
        return false;
      }
      std::cerr << "opsdesk replay: " << source.domain << ": " << (*view)->watermark(source.domain)
                << " of " << head << " events\n";
    }
  }
  runner.stop();
  (*view)->flush();
  rebuilt = std::chrono::steady_clock::now();
  checksum = (*view)->checksum();
  return true;
}

}  // namespace

int replay_projection(const Settings& settings, const std::string& projection_name,
                      bool verify_only) {
  const auto table = module_table(settings);
  const auto* found = table.find(projection_name);
  if (found == nullptr || !found->replay) {
    std::cerr << "opsdesk replay: --projection: unknown projection '" << projection_name
              << "'; known: " << table.replay_names_text() << "\n";
    return 2;
  }
  const modules::Module& target = *found;
  const auto view_dir = target.replay->view_path;

  if (!settings.kafka_brokers.empty() && !verify_only) {
    // Fed by Kafka, the view is rebuilt by the read model itself: with its checkpoints gone it
    // reads every partition from the earliest offset when it next starts.
    auto projection = target.replay->make_projection();
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
  auto sources = open_sources(table, target, clock);
  if (!sources) {
    std::cerr << "opsdesk replay: " << sources.error() << "\n";
    return 1;
  }
  const auto head = total_head(*sources);

  if (verify_only) {
    // Rebuild beside the live view and compare: the live one is left as it is.
    std::string live_checksum;
    {
      auto projection = target.replay->make_projection();
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
    std::chrono::steady_clock::time_point fresh_built;
    const bool rebuilt = rebuild(*sources, target, scratch / "view", fresh_built, fresh_checksum);
    std::filesystem::remove_all(scratch);
    if (!rebuilt) return 1;
    std::cout << target.name << " view " << live_checksum << ", fresh replay of " << head
              << " events " << fresh_checksum
              << (live_checksum == fresh_checksum ? ": identical" : ": DIFFERENT") << "\n";
    return live_checksum == fresh_checksum ? 0 : 1;
  }

  const auto started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point rebuilt;
  std::string checksum;
  if (!rebuild(*sources, target, view_dir, rebuilt, checksum)) return 1;
  using Seconds = std::chrono::duration<double>;
  const double seconds = Seconds(rebuilt - started).count();
  const double checksum_seconds = Seconds(std::chrono::steady_clock::now() - rebuilt).count();
  std::cout << "replayed " << head << " events into " << target.name << " in " << seconds << " s ("
            << static_cast<long long>(seconds > 0 ? head / seconds : 0) << " events/s), view "
            << checksum << " (read back for its checksum in " << checksum_seconds << " s)\n";
  return 0;
}

}  // namespace opsdesk::cli
