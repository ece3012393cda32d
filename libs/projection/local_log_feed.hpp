#pragma once
// The single-machine feed: reads the global logs of the event stores in this process, from the
// positions checkpointed in the view ("local/<domain>" = next log position), catching up in
// chunks and then following new appends as they become durable. Durable and unbounded, unlike
// the dev broker.

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "libs/eventstore/event_store.hpp"
#include "libs/projection/event_feed.hpp"

namespace opsdesk::projection {

struct LocalSource {
  std::string domain;  // "incidents"
  const eventstore::EventStore* store;
};

class LocalLogFeed final : public EventFeed {
 public:
  // Caught up (catch_up()) once it is at most `max_lag` events behind the stores' heads.
  explicit LocalLogFeed(std::vector<LocalSource> sources, std::size_t batch_size = 1024,
                        std::uint64_t max_lag = kDefaultMaxLag)
      : sources_(std::move(sources)), batch_size_(batch_size), max_lag_(max_lag) {}

  FeedEnd run(const Checkpoints& checkpoints,
              const std::function<void(std::vector<FeedEvent>&&)>& deliver, std::stop_token stop,
              std::string& reason) override;
  std::string kind() const override { return "local"; }
  // Thread-safe: how far the delivered (and so applied) events are behind the stores' heads.
  CatchUp catch_up() const override;

  static std::string checkpoint_key(const std::string& domain) { return "local/" + domain; }

 private:
  void delivered_up_to(std::size_t source, std::uint64_t next_position);

  std::vector<LocalSource> sources_;
  std::size_t batch_size_;
  std::uint64_t max_lag_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> applied_next_;  // per source: next position; empty before run()
};

}  // namespace opsdesk::projection
